#include "engine/session.hpp"

#include <cmath>

#include "hwnas/csv.hpp"

namespace hwnas::engine {
namespace {

/// A known front from a CSV file with a column per objective (named as in
/// the config, or as the problem names the metric), in the metrics' units;
/// returned in minimisation form.
std::vector<Point> read_front(const std::filesystem::path& file, const Experiment& e, const Problem& problem) {
    if (!std::filesystem::exists(file)) {
        throw Error(file.string() + ": cannot open the known front named by " + e.file.string() + " /pareto/true_front");
    }
    const CsvFile csv(file);
    std::vector<std::size_t> columns;
    for (std::size_t i = 0; i < problem.objectives.size(); ++i) {
        const auto& header = csv.header();
        const auto named = [&](const std::string& name) { return std::find(header.begin(), header.end(), name); };
        auto it = named(e.objectives[i].metric);
        if (it == header.end()) it = named(problem.objectives[i].metric);
        if (it == header.end()) columns.push_back(csv.column(e.objectives[i].metric));  // throws, listing the columns
        else columns.push_back(static_cast<std::size_t>(it - header.begin()));
    }
    if (csv.rows() == 0) throw Error(file.string() + ": the known front has no rows");
    std::vector<Point> front;
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        Point p;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const double v = csv.number(row, columns[i]);
            p.push_back(problem.objectives[i].goal == Goal::maximize ? -v : v);
        }
        front.push_back(std::move(p));
    }
    return front;
}

}  // namespace

Session::Session(Experiment experiment, const PluginRegistry& registry, std::filesystem::path data_dir)
    : experiment_(std::move(experiment)),
      registry_(registry),
      environment_(std::make_shared<const Environment>(experiment_, registry, std::move(data_dir))) {
    build_problem();
}

Session::Session(Experiment experiment, const PluginRegistry& registry, std::shared_ptr<const Environment> environment)
    : experiment_(std::move(experiment)), registry_(registry), environment_(std::move(environment)) {
    build_problem();
}

std::size_t Session::add_metric(const std::string& name, const Location& where) {
    const MetricRoute route = environment_->resolve_metric(name, where);
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (routes_[i] == route) return i;
    }
    routes_.push_back(route);
    MetricInfo info = environment_->info(route);
    info.name = environment_->display_name(route);
    problem_.metrics.push_back(std::move(info));
    return routes_.size() - 1;
}

void Session::build_problem() {
    const auto& e = experiment_;
    strategy_plugin_ = &registry_.find(PluginKind::strategy, e.strategy.plugin, e.strategy.where / "plugin");
    strategy_params_ = validate_params(strategy_plugin_->params, e.strategy.params, e.strategy.where / "params");

    // Problem metrics: objectives, then constraints, then recorded extras; each once.
    std::vector<std::size_t> objective_slots;
    for (std::size_t i = 0; i < e.objectives.size(); ++i) {
        ObjectiveSpec spec = e.objectives[i];
        const std::size_t slot = add_metric(spec.metric, e.objective_where[i] / "metric");
        if (!e.objective_goal_given[i]) {
            spec.goal = problem_.metrics[slot].better == Direction::higher_is_better ? Goal::maximize : Goal::minimize;
        }
        spec.metric = problem_.metrics[slot].name;
        problem_.objectives.push_back(spec);
        objective_slots.push_back(slot);
    }
    std::vector<std::size_t> constraint_slots;
    for (std::size_t i = 0; i < e.constraints.size(); ++i) {
        ConstraintSpec spec = e.constraints[i];
        const Location where = e.constraint_where[i];
        const std::size_t slot = add_metric(spec.metric, where / "metric");
        const auto& quantiles = e.constraint_quantiles[i];
        if (quantiles.max) spec.max = environment_->quantile(routes_[slot], *quantiles.max, where / "max");
        if (quantiles.min) spec.min = environment_->quantile(routes_[slot], *quantiles.min, where / "min");
        spec.metric = problem_.metrics[slot].name;
        problem_.constraints.push_back(spec);
        constraint_slots.push_back(slot);
    }
    const Location record_where = Location(e.file.string()) / "record";
    for (std::size_t i = 0; i < e.record.size(); ++i) {
        if (e.record[i] != "*") {
            add_metric(e.record[i], record_where / i);
            continue;
        }
        const auto providers = environment_->providers();
        for (std::size_t p = 0; p < providers.size(); ++p) {
            for (const auto& m : providers[p]->metrics()) add_metric(environment_->provider_id(p) + ":" + m.name, record_where / i);
        }
    }
    problem_.formulation = e.formulation.type;
    if (e.objectives.size() > 1) prepare_pareto(objective_slots);
    scorer_ = std::make_unique<Scorer>(problem_, e.formulation, std::move(objective_slots), std::move(constraint_slots));
}

void Session::prepare_pareto(const std::vector<std::size_t>& objective_slots) {
    const auto& spec = experiment_.pareto;
    std::vector<MetricRoute> routes;
    std::vector<bool> negate;
    for (std::size_t i = 0; i < objective_slots.size(); ++i) {
        routes.push_back(routes_[objective_slots[i]]);
        negate.push_back(problem_.objectives[i].goal == Goal::maximize);
    }
    const bool given = !spec.front_file.empty();
    if (given) {
        const auto file = spec.front_file.is_absolute() ? spec.front_file : experiment_.config_dir() / spec.front_file;
        given_front_ = read_front(file, experiment_, problem_);
    }
    if ((spec.true_front && !given) || spec.reference_point.empty()) {
        objective_space_ = environment_->objective_space(routes, negate);
    }
    if (!spec.reference_point.empty()) {
        Point reference;
        for (std::size_t i = 0; i < routes.size(); ++i) reference.push_back(negate[i] ? -spec.reference_point[i] : spec.reference_point[i]);
        reference_point_ = reference;
    } else if (objective_space_) {
        reference_point_ = objective_space_->worst;
    }
    if (!spec.true_front || given) objective_space_ = nullptr;
}

std::shared_ptr<Strategy> Session::make_strategy(std::uint64_t seed, std::string_view run_key) const {
    const std::string key = std::string(run_key) + "/strategy";
    return registry_.make_strategy(*strategy_plugin_, strategy_params_,
                                   SearchContext{space(), problem_, Rng::derive(seed, key), experiment_.budget.evaluations});
}

}  // namespace hwnas::engine
