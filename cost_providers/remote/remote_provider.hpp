#pragma once
// RemoteProvider: metrics measured by `hwnas agent` servers
// (docs/remote-measurement.md).
//
// Architectures already in the measurement cache are answered from it; the
// others are sent in batches to the agents, several at once, each batch with a
// timeout, retried with exponential backoff and failed over to the next agent.
// Every measurement is committed to the cache as soon as its reply arrives.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent_client.hpp"
#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"
#include "measurement_cache.hpp"

namespace hwnas::remote {

class RemoteProvider : public CostProvider {
public:
    static constexpr const char* parameters = R"({
      "agents": {"type": "array", "description": "agent URLs, e.g. [\"http://10.0.0.5:8080\"]; tried in turn when one fails"},
      "cache": {"type": "string", "default": "", "description": "measurement cache file (SQLite), relative to the config file; empty: no cache"},
      "timeout_seconds": {"type": "number", "default": 120, "minimum": 0.001, "description": "longest wait for one batch's reply"},
      "connect_timeout_seconds": {"type": "number", "default": 2, "minimum": 0.001, "description": "longest wait to connect to an agent"},
      "retries": {"type": "integer", "default": 3, "minimum": 0, "description": "extra rounds over all agents after a batch failed on each"},
      "backoff_seconds": {"type": "number", "default": 0.5, "minimum": 0, "description": "pause before the first extra round; doubles each round"},
      "batch_size": {"type": "integer", "default": 8, "minimum": 1, "description": "architectures per request"},
      "parallel": {"type": "integer", "default": 0, "minimum": 0, "description": "requests in flight at once; 0: one per agent"},
      "settings": {"type": "object", "default": {}, "description": "anything else that changes a measurement, added to the cache key"}
    })";

    explicit RemoteProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;
    [[nodiscard]] double query_cost_seconds(const Architecture& arch) const override;

    /// Every metric of each architecture (metrics() order): cached ones from
    /// the cache, the others measured in parallel batches. Throws hwnas::Error
    /// after every batch that could be measured has been cached.
    [[nodiscard]] std::vector<std::vector<double>> measure(std::span<const Architecture> archs) const;

    /// How many architectures were sent to agents so far (not answered by the cache).
    [[nodiscard]] std::size_t sent() const;

private:
    struct Known {
        std::optional<nlohmann::json> description;  ///< last /health answer (live or from the cache)
    };

    [[nodiscard]] std::optional<nlohmann::json> description(std::size_t agent) const;
    void learn(std::size_t agent, const nlohmann::json& description) const;
    [[nodiscard]] std::optional<std::vector<double>> cached(const std::string& arch) const;
    void send(std::span<const Architecture> batch, std::size_t first_agent,
              std::unordered_map<std::string, std::vector<double>>& results, std::mutex& results_mutex) const;
    [[nodiscard]] std::vector<double> read_metrics(const nlohmann::json& item, const std::string& url) const;
    [[nodiscard]] MeasurementKey key(const nlohmann::json& description, const std::string& arch) const;

    const SearchSpace* space_;
    std::vector<AgentClient> agents_;
    std::unique_ptr<MeasurementCache> cache_;
    nlohmann::json extra_settings_;
    std::size_t retries_;
    std::chrono::duration<double> backoff_;
    std::size_t batch_size_;
    std::size_t parallel_;
    std::vector<MetricInfo> metrics_;

    mutable std::mutex mutex_;  // guards known_, seconds_, sent_
    mutable std::vector<Known> known_;
    mutable std::unordered_map<Architecture, double> seconds_;
    mutable std::size_t sent_ = 0;
};

}  // namespace hwnas::remote
