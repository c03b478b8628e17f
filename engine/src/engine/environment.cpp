#include "engine/environment.hpp"

#include <boost/sort/spreadsort/float_sort.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include "engine/parallel.hpp"
#include "engine/suggest.hpp"

namespace hwnas::engine {

std::shared_ptr<SearchSpace> make_space(const PluginRegistry& registry, const PluginUse& use,
                                        const PluginSetting& setting) {
    const Plugin& plugin = registry.find(PluginKind::search_space, use.plugin, use.where / "plugin");
    const auto params = validate_params(plugin.params, use.params, use.where / "params");
    return registry.make_space(plugin, PluginContext{params, setting.data_dir, setting.config_dir, setting.dataset, nullptr, setting.shared});
}

std::shared_ptr<CostProvider> make_provider(const PluginRegistry& registry, const PluginUse& use,
                                            const PluginSetting& setting, const SearchSpace& space) {
    const Plugin& plugin = registry.find(PluginKind::cost_provider, use.plugin, use.where / "plugin");
    const auto params = validate_params(plugin.params, use.params, use.where / "params");
    return registry.make_provider(plugin, PluginContext{params, setting.data_dir, setting.config_dir, setting.dataset, &space, setting.shared});
}

Environment::Environment(const Experiment& e, const PluginRegistry& registry, std::filesystem::path data_dir,
                         SharedData* shared)
    : data_dir_(std::move(data_dir)), dataset_(e.dataset) {
    const PluginSetting setting{data_dir_, e.config_dir(), e.dataset, shared};
    space_ = make_space(registry, e.space, setting);
    for (const auto& use : e.providers) {
        if (std::find(ids_.begin(), ids_.end(), use.id) != ids_.end()) {
            (use.where / "id").fail("two providers have the id '" + use.id + "': give one an \"id\"");
        }
        providers_.push_back(make_provider(registry, use, setting, *space_));
        ids_.push_back(use.id);
    }
}

std::string Environment::space_key(const Experiment& e) {
    return nlohmann::json{{"space", {e.space.plugin, e.space.params}}, {"config_dir", e.config_dir().string()}}.dump();
}

std::string Environment::key(const Experiment& e) {
    // The space key, then what else an environment is made of.
    nlohmann::json k = {{"dataset", e.dataset}};
    for (const auto& p : e.providers) k["providers"].push_back({p.plugin, p.id, p.params});
    return space_key(e) + "\n" + k.dump();
}

MetricRoute Environment::resolve_metric(const std::string& name, const Location& where) const {
    std::string wanted = name;
    std::optional<std::size_t> only;
    if (const auto colon = name.find(':'); colon != std::string::npos) {
        const std::string id = name.substr(0, colon);
        const auto it = std::find(ids_.begin(), ids_.end(), id);
        if (it == ids_.end()) {
            where.fail("no provider has the id '" + id + "'" + did_you_mean(id, ids_) + "; ids are " + quoted_list(ids_));
        }
        only = static_cast<std::size_t>(it - ids_.begin());
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
    if (!dataset_.empty()) message += " for dataset '" + dataset_ + "'";
    message += known.empty() ? "; the providers offer no metrics" : "; metrics offered: " + quoted_list(known);
    where.fail(message);
}

std::string Environment::display_name(const MetricRoute& route) const {
    const std::string& name = info(route).name;
    for (std::size_t p = 0; p < providers_.size(); ++p) {
        if (p == route.provider) continue;
        for (const auto& m : providers_[p]->metrics()) {
            if (m.name == name) return ids_[route.provider] + ":" + name;
        }
    }
    return name;
}

nlohmann::json Environment::all_metrics(const Architecture& arch) const {
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

namespace {

/// Spaces an environment enumerates (quantile bounds, true fronts), at most.
constexpr std::uint64_t max_enumerated_space = 1'000'000;

}  // namespace

bool Environment::enumerable() const {
    const auto size = space_->size();
    return size && *size <= max_enumerated_space;
}

std::vector<std::vector<double>> Environment::enumerate_metrics(const std::vector<MetricRoute>& routes,
                                                                tbb::task_arena* arena) const {
    // The metric ids asked of each provider, and the columns their values go to.
    std::map<std::size_t, std::vector<std::size_t>> ids_of;
    std::map<std::size_t, std::vector<std::size_t>> columns_of;
    for (std::size_t k = 0; k < routes.size(); ++k) {
        ids_of[routes[k].provider].push_back(routes[k].id);
        columns_of[routes[k].provider].push_back(k);
    }
    const auto n = static_cast<std::size_t>(space_->size().value_or(0));
    std::vector<std::vector<double>> columns(routes.size(), std::vector<double>(n));
    constexpr std::size_t chunk = 512;  // architectures per task
    const auto read_chunk = [&](std::size_t c) {
        std::vector<double> values(routes.size());
        for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
            const Architecture arch = space_->from_index(i);
            for (const auto& [p, ids] : ids_of) {
                const std::span<double> out(values.data(), ids.size());
                providers_[p]->evaluate(arch, ids, out);
                const auto& to = columns_of.at(p);
                for (std::size_t k = 0; k < ids.size(); ++k) columns[to[k]][i] = out[k];
            }
        }
    };
    const std::size_t chunks = (n + chunk - 1) / chunk;
    if (arena) {
        parallel_for_index(*arena, chunks, 1, read_chunk);
    } else {
        for (std::size_t c = 0; c < chunks; ++c) read_chunk(c);
    }
    return columns;
}

void Environment::prepare_quantiles(const std::vector<MetricRoute>& requested, tbb::task_arena& arena) const {
    if (!enumerable()) return;
    std::vector<MetricRoute> routes;
    {
        const std::lock_guard lock(distributions_mutex_);
        for (const auto& route : requested) {
            const bool known = distributions_.count({route.provider, route.id}) != 0 ||
                               std::find(routes.begin(), routes.end(), route) != routes.end();
            if (!known) routes.push_back(route);
        }
    }
    if (routes.empty()) return;
    std::vector<std::vector<double>> columns;
    try {
        columns = enumerate_metrics(routes, &arena);
    } catch (const std::exception&) {
        return;  // quantile() enumerates again, for its metric alone, and reports the first failing architecture
    }
    const std::lock_guard lock(distributions_mutex_);
    for (std::size_t k = 0; k < routes.size(); ++k) {
        auto& d = distributions_[{routes[k].provider, routes[k].id}];
        if (d) continue;
        d = std::make_shared<Distribution>();
        d->values = std::move(columns[k]);
    }
}

std::shared_ptr<const std::vector<double>> Environment::sorted_values(const MetricRoute& route, const Location& where) const {
    std::shared_ptr<Distribution> d;
    {
        const std::lock_guard lock(distributions_mutex_);
        auto& slot = distributions_[{route.provider, route.id}];
        if (!slot) slot = std::make_shared<Distribution>();
        d = slot;
    }
    // Without the environment's lock: the sessions of a batch (made in
    // parallel) sort different metrics at once. A thread asking for a metric
    // another one is sorting waits for it. A failure leaves the flag unset,
    // so the next caller tries again and reports it too.
    std::call_once(d->sorted, [&] {
        if (d->values.empty()) {
            if (!enumerable()) {
                where.fail("a quantile bound needs an enumerable space of at most " + std::to_string(max_enumerated_space) +
                           " architectures; space '" + std::string(space_->name()) + "' is larger: give the bound as a number");
            }
            d->values = std::move(enumerate_metrics({route}, nullptr).front());
        }
        // A radix sort on the doubles' bits: a batch sorts one column per
        // device (81 of 15625 values for the NB201 grid), and std::sort took
        // a quarter of its session building.
        boost::sort::spreadsort::float_sort(d->values.begin(), d->values.end());
    });
    return {d, &d->values};  // shares ownership: release_quantile_data() may drop the map's reference
}

double Environment::quantile(const MetricRoute& route, double q, const Location& where) const {
    const auto sorted = sorted_values(route, where);
    return (*sorted)[static_cast<std::size_t>(std::floor(q * static_cast<double>(sorted->size() - 1)))];
}

void Environment::release_quantile_data() const {
    const std::lock_guard lock(distributions_mutex_);
    distributions_.clear();
}

const ObjectiveSpace* Environment::objective_space(const std::vector<MetricRoute>& routes,
                                                   const std::vector<bool>& negate) const {
    if (!enumerable()) return nullptr;
    std::string key;
    for (std::size_t i = 0; i < routes.size(); ++i) {
        key += std::to_string(routes[i].provider) + ":" + std::to_string(routes[i].id) + (negate[i] ? "-" : "+") + ",";
    }
    const std::lock_guard lock(objective_spaces_mutex_);
    if (const auto it = objective_spaces_.find(key); it != objective_spaces_.end()) return it->second.get();

    const auto columns = enumerate_metrics(routes, nullptr);
    const auto n = static_cast<std::size_t>(*space_->size());
    std::vector<Point> points(n, Point(routes.size()));
    for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t i = 0; i < routes.size(); ++i) points[a][i] = negate[i] ? -columns[i][a] : columns[i][a];
    }
    auto result = std::make_unique<ObjectiveSpace>();
    result->worst.assign(routes.size(), -std::numeric_limits<double>::infinity());
    for (const auto& p : points) {
        for (std::size_t i = 0; i < p.size(); ++i) result->worst[i] = std::max(result->worst[i], p[i]);
    }
    for (const std::size_t i : non_dominated(points)) result->true_front.push_back(points[i]);
    return objective_spaces_.emplace(key, std::move(result)).first->second.get();
}

}  // namespace hwnas::engine
