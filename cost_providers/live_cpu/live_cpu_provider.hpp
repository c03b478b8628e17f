#pragma once
// LiveCpuProvider: latency of the network a space describes
// (SearchSpace::network), measured for real on this CPU with oneDNN.
//
// Measurements are serialised by a mutex: two networks timed at once on the
// same cores would slow each other down and both numbers would be wrong, so
// evaluate() is thread-safe by letting one measurement run at a time.
//
// With the parameter `cache` (a file), measurements are kept in the SQLite
// measurement cache the remote provider uses, keyed like an `hwnas agent`
// running live_cpu on this machine keys them, so either reuses the other's.
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "measurement_cache.hpp"
#include "timing.hpp"

namespace hwnas::live_cpu {

/// The plugin's version (plugin.cpp); part of the cache key, as an agent reports it.
inline constexpr const char* plugin_version = "1.0.0";

/// This machine as `hwnas agent` fingerprints it: the SDK's
/// device_fingerprint(describe_host()) (hwnas/host.hpp).
std::string host_fingerprint();

/// The provider's parameters from validated JSON (defaults filled in);
/// throws hwnas::Error for a missing, mistyped or out-of-range value.
MeasureOptions options_from(const nlohmann::json& params);

class LiveCpuProvider : public CostProvider {
public:
    enum Metric : std::size_t { latency = 0, latency_spread = 1, latency_min = 2, cpu_time = 3 };

    /// The parameter declaration of the plugin descriptor (plugin.cpp).
    static constexpr const char* parameters = R"json({
  "warmup": {"type": "integer", "default": 3, "minimum": 0, "maximum": 1000,
             "description": "untimed runs before timing (JIT caches, page faults, frequency ramp-up)"},
  "repeats": {"type": "integer", "default": 10, "minimum": 1, "maximum": 10000,
              "description": "timed runs; latency is their median, latency_spread their interquartile range"},
  "threads": {"type": "integer", "default": 1, "minimum": 1, "maximum": 1024,
              "description": "OpenMP threads oneDNN uses during a measurement (omp_set_num_threads)"},
  "batch": {"type": "integer", "default": 1, "minimum": 1, "maximum": 4096,
            "description": "images per inference"},
  "cache": {"type": "string", "default": "",
            "description": "measurement cache file (SQLite, shared with the remote provider and hwnas agent), relative to the config file; empty: no cache"},
  "flush_bytes": {"type": "integer", "default": 0, "minimum": 0, "maximum": 4294967296,
                  "description": "bytes rewritten before every run to evict caches (0: none); e.g. 4194304 so a block measured alone fetches its weights like inside a whole network"}
})json";

    explicit LiveCpuProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;

    /// Wall time of the last measurement of `arch` (building the kernels,
    /// warm-up and timed runs); 0 if it was never measured or was last
    /// answered from the measurement cache.
    [[nodiscard]] double query_cost_seconds(const Architecture& arch) const override;

    [[nodiscard]] const MeasureOptions& options() const noexcept { return options_; }

    /// The measurement cache (parameter `cache`), null without one.
    [[nodiscard]] const MeasurementCache* cache() const noexcept { return cache_.get(); }
    /// How many architectures this provider measured (not answered by the cache).
    [[nodiscard]] std::size_t measured() const;
    /// The cache key of `arch`: device fingerprint, space, architecture string, settings.
    [[nodiscard]] MeasurementKey key(const Architecture& arch) const;

private:
    const SearchSpace& space_;
    MeasureOptions options_;
    std::array<MetricInfo, 4> metrics_;
    std::unique_ptr<MeasurementCache> cache_;
    std::string device_;    ///< host_fingerprint(), when caching
    std::string settings_;  ///< canonical settings of the cache key
    mutable std::mutex measuring_;
    mutable std::unordered_map<std::uint64_t, double> seconds_;  ///< by Architecture::hash(), under measuring_
    mutable std::size_t measured_ = 0;                           ///< under measuring_

    [[nodiscard]] std::optional<std::vector<double>> cached(const MeasurementKey& key) const;
};

}  // namespace hwnas::live_cpu
