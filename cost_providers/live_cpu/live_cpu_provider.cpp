#include "live_cpu_provider.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "hwnas/error.hpp"
#include "hwnas/host.hpp"
#include "hwnas/rng.hpp"

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

std::unique_ptr<MeasurementCache> open_cache(const PluginContext& context) {
    if (!context.params.is_object() || !context.params.contains("cache")) return nullptr;
    const auto& value = context.params.at("cache");
    if (!value.is_string()) throw Error("live_cpu: parameter 'cache' must be a file path (string), found " + value.dump());
    const std::string cache = value.get<std::string>();
    if (cache.empty()) return nullptr;
    // As the remote provider: relative to the config file.
    const std::filesystem::path path(cache);
    return std::make_unique<MeasurementCache>(path.is_absolute() ? path : context.config_dir / path);
}

}  // namespace

std::string host_fingerprint() { return device_fingerprint(describe_host()); }

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
                          "without preemption by other processes)"}},
      cache_(open_cache(context)) {
    if (!cache_) return;
    device_ = host_fingerprint();
    // The settings an `hwnas agent --provider live_cpu` reports (agent.cpp) and
    // the remote provider keys by ({"agent": ..., "extra": its `settings`}):
    // the validated parameters, with `cache` at its default since where the
    // measurements are kept does not change them.
    const nlohmann::json provider_params = {{"warmup", options_.warmup},       {"repeats", options_.repeats},
                                            {"threads", options_.threads},     {"batch", options_.batch},
                                            {"flush_bytes", options_.flush_bytes}, {"cache", ""}};
    const nlohmann::json agent = {{"provider", "live_cpu"},
                                  {"provider_version", plugin_version},
                                  {"provider_params", provider_params},
                                  {"dataset", context.dataset}};
    settings_ = MeasurementCache::canonical({{"agent", agent}, {"extra", nlohmann::json::object()}});
}

MeasurementKey LiveCpuProvider::key(const Architecture& arch) const {
    return {device_, std::string(space_.name()), space_.to_string(arch), settings_};
}

std::optional<std::vector<double>> LiveCpuProvider::cached(const MeasurementKey& key) const {
    const auto hit = cache_->find(key);
    if (!hit) return std::nullopt;
    std::vector<double> values;
    for (const auto& info : metrics_) {
        // Stored without one of today's metrics: measure again.
        if (!hit->is_object() || !hit->contains(info.name) || !hit->at(info.name).is_number()) return std::nullopt;
        values.push_back(hit->at(info.name).get<double>());
    }
    return values;
}

std::size_t LiveCpuProvider::measured() const {
    const std::lock_guard lock(measuring_);
    return measured_;
}

void LiveCpuProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids,
                               std::span<double> out) const {
    for (const std::size_t id : ids) {
        if (id >= metrics_.size()) {
            throw Error("live_cpu: metric id " + std::to_string(id) + " is out of range (0..3)");
        }
    }
    const auto answer = [&](const std::vector<double>& values) {
        for (std::size_t i = 0; i < ids.size(); ++i) out[i] = values[ids[i]];
    };
    std::optional<MeasurementKey> cache_key;
    if (cache_) {
        cache_key = key(arch);
        if (const auto hit = cached(*cache_key)) {
            const std::lock_guard lock(measuring_);
            seconds_[arch.hash()] = 0.0;  // answered from the cache: nothing measured
            answer(*hit);
            return;
        }
    }
    const Network network = space_.network(arch);
    std::vector<double> values(metrics_.size());
    {
        const std::lock_guard lock(measuring_);
        if (cache_key) {
            // Another thread may have measured it while this one waited.
            if (const auto hit = cached(*cache_key)) {
                seconds_[arch.hash()] = 0.0;
                answer(*hit);
                return;
            }
        }
        const auto start = std::chrono::steady_clock::now();
        Timing timing;
        try {
            timing = measure(network, options_);
        } catch (const Error& e) {
            throw Error(qualified_name(space_, arch) + ": " + e.what());
        }
        seconds_[arch.hash()] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ++measured_;
        values[latency] = timing.median_ms;
        values[latency_spread] = timing.iqr_ms;
        values[latency_min] = timing.min_ms;
        values[cpu_time] = timing.cpu_median_ms;
        if (cache_key) {
            // Committed before returning: a crash later loses nothing measured now.
            nlohmann::json stored = nlohmann::json::object();
            for (std::size_t m = 0; m < metrics_.size(); ++m) stored[metrics_[m].name] = values[m];
            cache_->insert(*cache_key, stored);
        }
    }
    answer(values);
}

double LiveCpuProvider::query_cost_seconds(const Architecture& arch) const {
    const std::lock_guard lock(measuring_);
    const auto it = seconds_.find(arch.hash());
    return it == seconds_.end() ? 0.0 : it->second;
}

}  // namespace hwnas::live_cpu
