#pragma once
// CostProvider: what a cost plugin implements (tables, analytic counts,
// surrogates, live measurement...).
#include <span>

#include "hwnas/architecture.hpp"
#include "hwnas/metric.hpp"

namespace hwnas {

class [[gnu::visibility("default")]] CostProvider {
public:
    virtual ~CostProvider() = default;

    /// Every metric this provider offers for the experiment's dataset.
    [[nodiscard]] virtual std::span<const MetricInfo> metrics() const = 0;

    /// Writes out[i] = value of metric ids[i] (an index into metrics()) for
    /// `arch`. Must be safe to call from several threads at once. Throws
    /// hwnas::Error when the architecture cannot be evaluated.
    virtual void evaluate(const Architecture& arch, std::span<const std::size_t> ids,
                          std::span<double> out) const = 0;

    /// Simulated cost in seconds of obtaining these metrics for `arch` (e.g.
    /// training time for an accuracy, measurement time for a latency), so
    /// budgets can be counted in seconds as the NAS benchmarks do.
    [[nodiscard]] virtual double query_cost_seconds(const Architecture& /*arch*/) const { return 0.0; }
};

}  // namespace hwnas
