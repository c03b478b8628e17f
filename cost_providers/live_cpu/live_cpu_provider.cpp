#include "live_cpu_provider.hpp"

#include <chrono>
#include <string>

#include "hwnas/error.hpp"

namespace hwnas::live_cpu {
namespace {

const SearchSpace& require_space(const PluginContext& context) {
    if (context.space == nullptr) throw Error("the live_cpu provider needs the experiment's search space");
    return *context.space;
}

int integer_param(const nlohmann::json& params, const char* name, int fallback) {
    if (!params.is_object() || !params.contains(name)) return fallback;
    const auto& value = params.at(name);
    if (!value.is_number_integer()) {
        throw Error(std::string("live_cpu: parameter '") + name + "' must be an integer, found " + value.dump());
    }
    return value.get<int>();
}

}  // namespace

MeasureOptions options_from(const nlohmann::json& params) {
    const MeasureOptions defaults;
    MeasureOptions o;
    o.warmup = integer_param(params, "warmup", defaults.warmup);
    o.repeats = integer_param(params, "repeats", defaults.repeats);
    o.threads = integer_param(params, "threads", defaults.threads);
    o.batch = integer_param(params, "batch", defaults.batch);
    if (params.is_object() && params.contains("flush_bytes")) {
        const auto& value = params.at("flush_bytes");
        if (!value.is_number_integer()) {
            throw Error("live_cpu: parameter 'flush_bytes' must be an integer, found " + value.dump());
        }
        o.flush_bytes = value.get<std::int64_t>();
    }
    check_options(o);
    return o;
}

LiveCpuProvider::LiveCpuProvider(const PluginContext& context)
    : space_(require_space(context)),
      options_(options_from(context.params)),
      metrics_{MetricInfo{"latency", "ms", Direction::lower_is_better,
                          "median inference latency on this CPU (oneDNN, f32)"},
               MetricInfo{"latency_spread", "ms", Direction::lower_is_better,
                          "interquartile range of the timed runs"},
               MetricInfo{"latency_min", "ms", Direction::lower_is_better, "fastest timed run"},
               MetricInfo{"cpu_time", "ms", Direction::lower_is_better,
                          "median CPU time of the measuring thread per run (= work at threads 1, "
                          "without preemption by other processes)"}} {}

void LiveCpuProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids,
                               std::span<double> out) const {
    for (const std::size_t id : ids) {
        if (id >= metrics_.size()) {
            throw Error("live_cpu: metric id " + std::to_string(id) + " is out of range (0..3)");
        }
    }
    const Network network = space_.network(arch);
    Timing timing;
    {
        const std::lock_guard lock(measuring_);
        const auto start = std::chrono::steady_clock::now();
        try {
            timing = measure(network, options_);
        } catch (const Error& e) {
            throw Error(qualified_name(space_, arch) + ": " + e.what());
        }
        seconds_[arch.hash()] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        switch (ids[i]) {
            case latency: out[i] = timing.median_ms; break;
            case latency_spread: out[i] = timing.iqr_ms; break;
            case latency_min: out[i] = timing.min_ms; break;
            default: out[i] = timing.cpu_median_ms; break;
        }
    }
}

double LiveCpuProvider::query_cost_seconds(const Architecture& arch) const {
    const std::lock_guard lock(measuring_);
    const auto it = seconds_.find(arch.hash());
    return it == seconds_.end() ? 0.0 : it->second;
}

}  // namespace hwnas::live_cpu
