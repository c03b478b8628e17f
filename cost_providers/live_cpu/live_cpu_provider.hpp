#pragma once
// LiveCpuProvider: latency of the network a space describes
// (SearchSpace::network), measured for real on this CPU with oneDNN.
//
// Measurements are serialised by a mutex: two networks timed at once on the
// same cores would slow each other down and both numbers would be wrong, so
// evaluate() is thread-safe by letting one measurement run at a time.
#include <array>
#include <cstdint>
#include <mutex>
#include <span>
#include <unordered_map>

#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "timing.hpp"

namespace hwnas::live_cpu {

/// The provider's parameters from validated JSON (defaults filled in);
/// throws hwnas::Error for a missing, mistyped or out-of-range value.
MeasureOptions options_from(const nlohmann::json& params);

class LiveCpuProvider : public CostProvider {
public:
    enum Metric : std::size_t { latency = 0, latency_spread = 1, latency_min = 2, cpu_time = 3 };

    explicit LiveCpuProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;

    /// Wall time of the last measurement of `arch` (building the kernels,
    /// warm-up and timed runs), 0 if it was never measured.
    [[nodiscard]] double query_cost_seconds(const Architecture& arch) const override;

    [[nodiscard]] const MeasureOptions& options() const noexcept { return options_; }

private:
    const SearchSpace& space_;
    MeasureOptions options_;
    std::array<MetricInfo, 4> metrics_;
    mutable std::mutex measuring_;
    mutable std::unordered_map<std::uint64_t, double> seconds_;  ///< by Architecture::hash(), under measuring_
};

}  // namespace hwnas::live_cpu
