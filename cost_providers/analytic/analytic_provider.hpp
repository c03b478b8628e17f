#pragma once
// AnalyticProvider: FLOPs and parameter counts computed from the network a
// space describes (SearchSpace::network), for every space that has one.
//
// Conventions (what is counted, units, how they compare with NAS-Bench-201's
// numbers) are in README.md. Nothing is cached: evaluate() builds the network
// and sums its layers, so it is thread-safe with no shared mutable state.
#include <array>
#include <span>

#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "layer_cost.hpp"

namespace hwnas::analytic {

/// Whole-network totals.
struct NetworkCost {
    double mflops = 0.0;  ///< multiply-accumulates / 1e6
    double mparams = 0.0; ///< parameters / 1e6
};

/// Sums layer_cost() over the layers; errors name the layer.
NetworkCost network_cost(const Network& network);

class AnalyticProvider : public CostProvider {
public:
    enum Metric : std::size_t { flops = 0, params = 1 };

    explicit AnalyticProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;

private:
    const SearchSpace& space_;
    std::array<MetricInfo, 2> metrics_;
};

}  // namespace hwnas::analytic
