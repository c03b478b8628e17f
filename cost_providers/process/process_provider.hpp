#pragma once
// ProcessProvider: metrics measured by a user command, run once per
// architecture. The command reads the architecture as JSON on stdin and prints
// one JSON object of metric values on stdout (docs/process-provider.md).
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"

namespace hwnas::process {

/// At most `limit` holders at once, across every thread calling evaluate.
class Slots {
public:
    explicit Slots(std::size_t limit) : free_(limit) {}
    void acquire() {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [&] { return free_ > 0; });
        --free_;
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            ++free_;
        }
        freed_.notify_one();
    }

private:
    std::mutex mutex_;
    std::condition_variable freed_;
    std::size_t free_;
};

class ProcessProvider : public CostProvider {
public:
    static constexpr const char* parameters = R"({
      "command": {"type": "array", "description": "program and arguments, e.g. [\"python3\", \"./measure.py\"]; a program starting with ./ or ../ is relative to the config file, others are searched on PATH"},
      "metrics": {"type": "array", "description": "what the command prints: [{\"name\": ..., \"unit\": ..., \"better\": \"lower\"|\"higher\", \"description\": ...}]"},
      "timeout_seconds": {"type": "number", "default": 60, "minimum": 0.001, "description": "a run that takes longer is killed with its process group and fails"},
      "parallel": {"type": "integer", "default": 1, "minimum": 1, "description": "most runs at once, across every thread evaluating"},
      "include_network": {"type": "boolean", "default": true, "description": "send the network description when the space has one"},
      "working_dir": {"type": "string", "default": "", "description": "folder the command runs in; empty: the config file's folder"},
      "query_cost_seconds": {"type": "number", "default": -1, "minimum": -1, "description": "budget seconds charged per architecture; -1: the measured wall time of its last run"}
    })";

    explicit ProcessProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;
    [[nodiscard]] double query_cost_seconds(const Architecture& arch) const override;

    /// The JSON the command reads on stdin for `arch`.
    [[nodiscard]] std::string input_for(const Architecture& arch) const;

private:
    /// Runs the command for `arch` and returns every metric, in metrics() order.
    std::vector<double> run(const Architecture& arch) const;
    std::vector<double> parse_output(const std::string& out, const std::string& label) const;

    const SearchSpace* space_;
    std::vector<std::string> command_;
    std::vector<MetricInfo> metrics_;
    std::chrono::milliseconds timeout_;
    bool include_network_;
    std::filesystem::path working_dir_;
    double cost_seconds_;
    mutable Slots slots_;
    mutable std::mutex seconds_mutex_;
    mutable std::unordered_map<Architecture, double> seconds_;
};

/// Reads the "metrics" declaration shared by providers whose metrics are
/// declared in their parameters: [{"name", "unit", "better", "description"}].
std::vector<MetricInfo> declared_metrics(const nlohmann::json& declaration, const std::string& plugin);

}  // namespace hwnas::process
