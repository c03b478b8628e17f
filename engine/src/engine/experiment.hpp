#pragma once
// Experiment: one search as configured in JSON (see docs/experiment-format.md).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/json_text.hpp"
#include "engine/location.hpp"
#include "hwnas/objective.hpp"

namespace hwnas::engine {

/// A plugin named in a config, with its (not yet validated) parameters.
struct PluginUse {
    std::string plugin;
    std::string id;  ///< name used to qualify its metrics ("id:metric"); defaults to plugin
    nlohmann::json params = nlohmann::json::object();
    Location where;  ///< of the whole entry; params sit at where / "params"
};

struct FormulationSpec {
    Formulation type = Formulation::constrained;
    double penalty_weight = 1.0;               ///< penalty: weight of (bound - cost)
    double mnasnet_alpha = -0.07;              ///< mnasnet: exponent when LAT <= T
    double mnasnet_beta = -0.07;               ///< mnasnet: exponent when LAT > T
    std::vector<double> weights;               ///< weighted_sum: one per objective
    std::vector<std::pair<double, double>> ranges;  ///< weighted_sum: [lo, hi] per objective, optional
    Location where;
};

/// A constraint bound given as a quantile of the metric over the whole space
/// ({"max": {"quantile": 0.25}}): resolved to a number when the plugins are made.
struct QuantileBounds {
    std::optional<double> max;
    std::optional<double> min;
};

/// Multi-objective measures: hypervolume reference point (in the metrics'
/// units, one per objective) and whether to compare with the true front.
struct ParetoSpec {
    std::vector<double> reference_point;  ///< empty: the worst value of each objective over the space
    bool true_front = true;               ///< enumerate the space for the true front (IGD, recovered share)
    std::filesystem::path front_file;     ///< a known front as CSV (a column per objective; relative to the config), instead of enumerating
};

struct Budget {
    std::uint64_t evaluations = 0;          ///< 0: no limit by count (seconds must be set)
    std::optional<double> seconds;          ///< simulated seconds (providers' query cost)
    bool count_unique = false;              ///< count only first-time architectures
};

struct Experiment {
    std::filesystem::path file;   ///< config file ("" when built in memory)
    std::string name;
    PluginUse space;
    std::vector<PluginUse> providers;
    std::string dataset;
    std::vector<ObjectiveSpec> objectives;
    std::vector<bool> objective_goal_given;  ///< false: the goal follows the metric's direction
    std::vector<Location> objective_where;
    std::vector<ConstraintSpec> constraints;
    std::vector<Location> constraint_where;
    std::vector<QuantileBounds> constraint_quantiles;
    FormulationSpec formulation;
    ParetoSpec pareto;
    PluginUse strategy;
    Budget budget;
    std::uint64_t seed = 0;
    std::filesystem::path output;            ///< results folder
    std::vector<std::string> record;         ///< extra metrics recorded per evaluation ("*": all)
    nlohmann::json source;                   ///< the config as read

    [[nodiscard]] std::filesystem::path config_dir() const {
        return file.empty() ? std::filesystem::current_path() : file.parent_path();
    }
};

/// Parses and checks an experiment document. `file` names it in messages.
Experiment parse_experiment(const nlohmann::json& doc, const std::string& file);

/// Reads a JSON file (errors give line and column) and parses it.
Experiment load_experiment(const std::filesystem::path& file);

}  // namespace hwnas::engine
