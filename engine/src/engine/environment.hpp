#pragma once
// Environment: the plugins an experiment evaluates with (its space and its
// providers), made once and shared read-only by every run that uses the same
// space, providers and dataset, so a batch loads each table once.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include <oneapi/tbb/task_arena.h>

#include "engine/experiment.hpp"
#include "engine/pareto.hpp"
#include "engine/registry.hpp"

namespace hwnas::engine {

/// Where a metric comes from: provider index and metric id in it.
struct MetricRoute {
    std::size_t provider;
    std::size_t id;
    friend bool operator==(const MetricRoute&, const MetricRoute&) = default;
};

/// Where plugins made outside an experiment look for files.
struct PluginSetting {
    std::filesystem::path data_dir;
    std::filesystem::path config_dir;
    std::string dataset;
    SharedData* shared = nullptr;  ///< see PluginContext::shared
};

/// Validates `use`'s parameters against its plugin and makes it.
std::shared_ptr<SearchSpace> make_space(const PluginRegistry& registry, const PluginUse& use,
                                        const PluginSetting& setting);
std::shared_ptr<CostProvider> make_provider(const PluginRegistry& registry, const PluginUse& use,
                                            const PluginSetting& setting, const SearchSpace& space);

/// The whole space seen through some objectives (minimisation form).
struct ObjectiveSpace {
    std::vector<Point> true_front;  ///< non-dominated objective vectors of the whole space
    Point worst;                    ///< the worst value of each objective over the space
};

class Environment {
public:
    /// `shared`: data the providers share with other environments on the
    /// same space (Environment::space_key); null: nothing is shared.
    Environment(const Experiment& experiment, const PluginRegistry& registry, std::filesystem::path data_dir,
                SharedData* shared = nullptr);

    /// Experiments with equal keys can share one environment.
    static std::string key(const Experiment& experiment);
    /// Environments of experiments with equal space keys (same space plugin
    /// and parameters, same config folder) can share one SharedData.
    static std::string space_key(const Experiment& experiment);

    [[nodiscard]] const SearchSpace& space() const noexcept { return *space_; }
    [[nodiscard]] std::span<const std::shared_ptr<CostProvider>> providers() const noexcept { return providers_; }
    [[nodiscard]] const std::string& provider_id(std::size_t p) const { return ids_[p]; }
    [[nodiscard]] const std::string& dataset() const noexcept { return dataset_; }
    [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }

    /// "metric" (first provider offering it) or "id:metric"; throws at `where` with suggestions.
    [[nodiscard]] MetricRoute resolve_metric(const std::string& name, const Location& where) const;
    /// The metric's name, qualified "id:metric" only when another provider offers the same name.
    [[nodiscard]] std::string display_name(const MetricRoute& route) const;
    [[nodiscard]] const MetricInfo& info(const MetricRoute& route) const {
        return providers_[route.provider]->metrics()[route.id];
    }

    /// Every metric of every provider for one architecture, as {name: value}.
    [[nodiscard]] nlohmann::json all_metrics(const Architecture& arch) const;

    /// The q-quantile of the metric over the whole space (enumerable spaces
    /// of at most a million architectures): the value at rank floor(q (n-1))
    /// of the sorted values. Each metric's sorted values are computed once
    /// and kept until release_quantile_data(), so many bounds on one metric
    /// (a grid over bound levels) cost one enumeration.
    [[nodiscard]] double quantile(const MetricRoute& route, double q, const Location& where) const;
    /// Reads the values of these metrics for quantile() ahead, in one
    /// enumeration of the space (one evaluate per architecture and provider,
    /// for all the metrics at once, in chunks on the arena's threads)
    /// instead of one enumeration per metric. A
    /// batch calls it with the quantile-bounded metrics of an environment's
    /// sessions before making them; each metric is then sorted by the first
    /// session that needs it, so sessions made in parallel sort in parallel.
    /// Does nothing for a space quantile() refuses, and leaves any failure
    /// for quantile() to report.
    void prepare_quantiles(const std::vector<MetricRoute>& routes, tbb::task_arena& arena) const;
    /// Frees the sorted values kept for quantile(): a batch calls it once its
    /// sessions are made (a grid over 81 device metrics kept 10 MB otherwise).
    void release_quantile_data() const;

    /// The true front and worst point for these objectives (`negate[i]`: objective i is
    /// maximised), computed once by enumerating the space; null when it cannot be enumerated.
    [[nodiscard]] const ObjectiveSpace* objective_space(const std::vector<MetricRoute>& routes,
                                                        const std::vector<bool>& negate) const;

private:
    std::filesystem::path data_dir_;
    std::string dataset_;
    std::shared_ptr<SearchSpace> space_;
    std::vector<std::shared_ptr<CostProvider>> providers_;
    std::vector<std::string> ids_;
    /// One metric's values over the whole space, sorted once by whoever
    /// needs them first (and read by everyone after).
    struct Distribution {
        std::once_flag sorted;
        std::vector<double> values;  ///< filled ahead by prepare_quantiles, or when sorted
    };
    [[nodiscard]] std::shared_ptr<const std::vector<double>> sorted_values(const MetricRoute& route, const Location& where) const;
    /// Whether the space is small enough to enumerate (quantile bounds, true fronts).
    [[nodiscard]] bool enumerable() const;
    /// The metrics' values over the whole space, one column per route in
    /// index order: one evaluate per architecture and provider, in chunks
    /// on the arena's threads (on the calling thread without one). Throws
    /// what a provider throws.
    [[nodiscard]] std::vector<std::vector<double>> enumerate_metrics(const std::vector<MetricRoute>& routes,
                                                                     tbb::task_arena* arena) const;

    mutable std::mutex distributions_mutex_;
    mutable std::map<std::pair<std::size_t, std::size_t>, std::shared_ptr<Distribution>> distributions_;
    mutable std::mutex objective_spaces_mutex_;
    mutable std::map<std::string, std::unique_ptr<ObjectiveSpace>> objective_spaces_;
};

}  // namespace hwnas::engine
