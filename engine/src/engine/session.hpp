#pragma once
// Session: an experiment with its plugins made and its metrics resolved:
// the space, the providers, the problem strategies see and the scorer.
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "engine/experiment.hpp"
#include "engine/registry.hpp"
#include "engine/scorer.hpp"

namespace hwnas::engine {

/// Where a problem metric comes from: provider index and metric id in it.
struct MetricRoute {
    std::size_t provider;
    std::size_t id;
};

/// Where plugins made outside an experiment look for files.
struct PluginSetting {
    std::filesystem::path data_dir;
    std::filesystem::path config_dir;
    std::string dataset;
};

/// Validates `use`'s parameters against its plugin and makes it.
std::shared_ptr<SearchSpace> make_space(const PluginRegistry& registry, const PluginUse& use,
                                        const PluginSetting& setting);
std::shared_ptr<CostProvider> make_provider(const PluginRegistry& registry, const PluginUse& use,
                                            const PluginSetting& setting, const SearchSpace& space);

class Session {
public:
    /// Validates every plugin's parameters, makes the plugins and resolves
    /// metric names. Throws hwnas::Error naming the config location.
    Session(Experiment experiment, const PluginRegistry& registry, std::filesystem::path data_dir);

    [[nodiscard]] const Experiment& experiment() const noexcept { return experiment_; }
    [[nodiscard]] const SearchSpace& space() const noexcept { return *space_; }
    [[nodiscard]] const Problem& problem() const noexcept { return problem_; }
    [[nodiscard]] const Scorer& scorer() const noexcept { return *scorer_; }
    [[nodiscard]] std::span<const std::shared_ptr<CostProvider>> providers() const noexcept { return providers_; }
    [[nodiscard]] std::span<const MetricRoute> routes() const noexcept { return routes_; }
    [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }

    /// A fresh strategy whose random stream is derived from (seed, run_key).
    [[nodiscard]] std::shared_ptr<Strategy> make_strategy(std::uint64_t seed, std::string_view run_key) const;

    /// Every metric of every provider for one architecture, as {name: value}.
    [[nodiscard]] nlohmann::json all_metrics(const Architecture& arch) const;

private:
    MetricRoute resolve_metric(const std::string& name, const Location& where) const;
    std::string display_name(const MetricRoute& route) const;

    Experiment experiment_;
    const PluginRegistry& registry_;
    std::filesystem::path data_dir_;
    std::shared_ptr<SearchSpace> space_;
    std::vector<std::shared_ptr<CostProvider>> providers_;
    const Plugin* strategy_plugin_ = nullptr;
    nlohmann::json strategy_params_;
    Problem problem_;
    std::vector<MetricRoute> routes_;
    std::unique_ptr<Scorer> scorer_;
};

}  // namespace hwnas::engine
