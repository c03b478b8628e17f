#pragma once
// Session: one experiment ready to run: its environment (space and
// providers), the problem strategies see, the scorer and the strategy plugin.
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/environment.hpp"
#include "engine/experiment.hpp"
#include "engine/registry.hpp"
#include "engine/scorer.hpp"

namespace hwnas::engine {

class Session {
public:
    /// Makes the experiment's own environment.
    Session(Experiment experiment, const PluginRegistry& registry, std::filesystem::path data_dir);
    /// Shares an environment made for an experiment with the same Environment::key.
    Session(Experiment experiment, const PluginRegistry& registry, std::shared_ptr<const Environment> environment);

    [[nodiscard]] const Experiment& experiment() const noexcept { return experiment_; }
    [[nodiscard]] const Environment& environment() const noexcept { return *environment_; }
    [[nodiscard]] const SearchSpace& space() const noexcept { return environment_->space(); }
    [[nodiscard]] std::span<const std::shared_ptr<CostProvider>> providers() const noexcept {
        return environment_->providers();
    }
    [[nodiscard]] const Problem& problem() const noexcept { return problem_; }
    [[nodiscard]] const Scorer& scorer() const noexcept { return *scorer_; }
    /// Where each problem metric comes from, in Problem::metrics order.
    [[nodiscard]] std::span<const MetricRoute> routes() const noexcept { return routes_; }

    /// Hypervolume reference point in minimisation form (several objectives only).
    [[nodiscard]] const std::optional<Point>& reference_point() const noexcept { return reference_point_; }
    /// The front to compare with (several objectives): the user's known front
    /// (pareto.true_front naming a file), else the true front of the whole
    /// space (enumerable spaces), else null.
    [[nodiscard]] const std::vector<Point>* true_front() const noexcept {
        if (given_front_) return &*given_front_;
        return objective_space_ ? &objective_space_->true_front : nullptr;
    }

    /// A fresh strategy whose random stream is derived from (seed, run_key).
    [[nodiscard]] std::shared_ptr<Strategy> make_strategy(std::uint64_t seed, std::string_view run_key) const;

    /// Every metric of every provider for one architecture, as {name: value}.
    [[nodiscard]] nlohmann::json all_metrics(const Architecture& arch) const { return environment_->all_metrics(arch); }

private:
    void build_problem();
    void prepare_pareto(const std::vector<std::size_t>& objective_slots);
    std::size_t add_metric(const std::string& name, const Location& where);

    Experiment experiment_;
    const PluginRegistry& registry_;
    std::shared_ptr<const Environment> environment_;
    const Plugin* strategy_plugin_ = nullptr;
    nlohmann::json strategy_params_;
    Problem problem_;
    std::vector<MetricRoute> routes_;
    std::unique_ptr<Scorer> scorer_;
    std::optional<Point> reference_point_;
    const ObjectiveSpace* objective_space_ = nullptr;
    std::optional<std::vector<Point>> given_front_;
};

}  // namespace hwnas::engine
