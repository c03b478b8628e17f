#include "engine/session.hpp"

#include <algorithm>

#include "engine/suggest.hpp"

namespace hwnas::engine {

std::shared_ptr<SearchSpace> make_space(const PluginRegistry& registry, const PluginUse& use,
                                        const PluginSetting& setting) {
    const Plugin& plugin = registry.find(PluginKind::search_space, use.plugin, use.where / "plugin");
    const auto params = validate_params(plugin.params, use.params, use.where / "params");
    return registry.make_space(plugin, PluginContext{params, setting.data_dir, setting.config_dir, setting.dataset, nullptr});
}

std::shared_ptr<CostProvider> make_provider(const PluginRegistry& registry, const PluginUse& use,
                                            const PluginSetting& setting, const SearchSpace& space) {
    const Plugin& plugin = registry.find(PluginKind::cost_provider, use.plugin, use.where / "plugin");
    const auto params = validate_params(plugin.params, use.params, use.where / "params");
    return registry.make_provider(plugin, PluginContext{params, setting.data_dir, setting.config_dir, setting.dataset, &space});
}

Session::Session(Experiment experiment, const PluginRegistry& registry, std::filesystem::path data_dir)
    : experiment_(std::move(experiment)), registry_(registry), data_dir_(std::move(data_dir)) {
    const auto& e = experiment_;

    const PluginSetting setting{data_dir_, e.config_dir(), e.dataset};
    space_ = make_space(registry, e.space, setting);
    for (const auto& use : e.providers) providers_.push_back(make_provider(registry, use, setting, *space_));

    strategy_plugin_ = &registry.find(PluginKind::strategy, e.strategy.plugin, e.strategy.where / "plugin");
    strategy_params_ = validate_params(strategy_plugin_->params, e.strategy.params, e.strategy.where / "params");

    // Problem metrics: objectives, then constraints, then recorded extras; each once.
    const auto add_metric = [&](const std::string& name, const Location& where) {
        const MetricRoute route = resolve_metric(name, where);
        for (std::size_t i = 0; i < routes_.size(); ++i) {
            if (routes_[i].provider == route.provider && routes_[i].id == route.id) return i;
        }
        routes_.push_back(route);
        MetricInfo info = providers_[route.provider]->metrics()[route.id];
        info.name = display_name(route);
        problem_.metrics.push_back(std::move(info));
        return routes_.size() - 1;
    };

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
        const std::size_t slot = add_metric(spec.metric, e.constraint_where[i] / "metric");
        spec.metric = problem_.metrics[slot].name;
        problem_.constraints.push_back(spec);
        constraint_slots.push_back(slot);
    }
    for (std::size_t i = 0; i < e.record.size(); ++i) {
        if (e.record[i] != "*") {
            add_metric(e.record[i], Location(e.file.string()) / "record" / i);
            continue;
        }
        for (std::size_t p = 0; p < providers_.size(); ++p) {
            for (const auto& m : providers_[p]->metrics()) add_metric(e.providers[p].id + ":" + m.name, Location(e.file.string()) / "record" / i);
        }
    }
    problem_.formulation = e.formulation.type;
    scorer_ = std::make_unique<Scorer>(problem_, e.formulation, std::move(objective_slots), std::move(constraint_slots));
}

MetricRoute Session::resolve_metric(const std::string& name, const Location& where) const {
    // "id:metric" picks a provider; a bare name is taken from the first provider offering it.
    std::string wanted = name;
    std::optional<std::size_t> only;
    if (const auto colon = name.find(':'); colon != std::string::npos) {
        const std::string id = name.substr(0, colon);
        for (std::size_t p = 0; p < providers_.size(); ++p) {
            if (experiment_.providers[p].id == id) only = p;
        }
        if (!only) {
            std::vector<std::string> ids;
            for (const auto& use : experiment_.providers) ids.push_back(use.id);
            where.fail("no provider has the id '" + id + "'" + did_you_mean(id, ids) + "; ids are " + quoted_list(ids));
        }
        wanted = name.substr(colon + 1);
    }
    std::vector<std::string> known;
    for (std::size_t p = 0; p < providers_.size(); ++p) {
        if (only && p != *only) continue;
        const auto metrics = providers_[p]->metrics();
        for (std::size_t id = 0; id < metrics.size(); ++id) {
            if (metrics[id].name == wanted) return {p, id};
            known.push_back(metrics[id].name);
        }
    }
    std::string message = "unknown metric '" + name + "'" + did_you_mean(wanted, known);
    if (!experiment_.dataset.empty()) message += " for dataset '" + experiment_.dataset + "'";
    message += known.empty() ? "; the providers offer no metrics" : "; metrics offered: " + quoted_list(known);
    where.fail(message);
}

std::string Session::display_name(const MetricRoute& route) const {
    const std::string& name = providers_[route.provider]->metrics()[route.id].name;
    // Qualify only when another provider offers the same name.
    for (std::size_t p = 0; p < providers_.size(); ++p) {
        if (p == route.provider) continue;
        for (const auto& m : providers_[p]->metrics()) {
            if (m.name == name) return experiment_.providers[route.provider].id + ":" + name;
        }
    }
    return name;
}

std::shared_ptr<Strategy> Session::make_strategy(std::uint64_t seed, std::string_view run_key) const {
    const std::string key = std::string(run_key) + "/strategy";
    return registry_.make_strategy(*strategy_plugin_, strategy_params_,
                                   SearchContext{*space_, problem_, Rng::derive(seed, key), experiment_.budget.evaluations});
}

nlohmann::json Session::all_metrics(const Architecture& arch) const {
    nlohmann::json out = nlohmann::json::object();
    for (std::size_t p = 0; p < providers_.size(); ++p) {
        const auto metrics = providers_[p]->metrics();
        std::vector<std::size_t> ids(metrics.size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
        std::vector<double> values(metrics.size());
        providers_[p]->evaluate(arch, ids, values);
        for (std::size_t i = 0; i < ids.size(); ++i) out[display_name({p, i})] = values[i];
    }
    return out;
}

}  // namespace hwnas::engine
