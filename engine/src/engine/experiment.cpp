#include "engine/experiment.hpp"

#include <fstream>
#include <sstream>

#include "engine/suggest.hpp"
#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

using nlohmann::json;

const std::vector<std::string> top_level_keys = {
    "name", "space", "providers", "dataset", "objectives", "objective", "constraints", "formulation",
    "strategy", "budget", "seed", "output", "record", "description", "pareto"};

void check_keys(const json& object, const std::vector<std::string>& allowed, const Location& where) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            (where / key).fail("unknown key '" + key + "'" + did_you_mean(key, allowed) +
                               "; allowed keys are " + quoted_list(allowed));
        }
    }
}

const json& require(const json& object, const std::string& key, const Location& where, const std::string& what) {
    if (!object.contains(key)) where.fail("missing required key '" + key + "' (" + what + ")");
    return object.at(key);
}

std::string get_string(const json& value, const Location& where, const std::string& what) {
    if (!value.is_string() || value.get<std::string>().empty()) {
        where.fail("expected " + what + " (a non-empty string), found " + describe(value));
    }
    return value.get<std::string>();
}

double get_number(const json& value, const Location& where, const std::string& what) {
    if (!value.is_number()) where.fail("expected " + what + " (a number), found " + describe(value));
    return value.get<double>();
}

std::uint64_t get_count(const json& value, const Location& where, const std::string& what) {
    if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<std::int64_t>() >= 0)) {
        where.fail("expected " + what + " (a non-negative integer), found " + describe(value));
    }
    return value.get<std::uint64_t>();
}

/// "nb201" or {"plugin": "nb201", "params": {...}, "id": "..."}.
PluginUse parse_plugin_use(const json& value, const Location& where, const std::string& kind) {
    PluginUse use;
    use.where = where;
    if (value.is_string()) {
        use.plugin = get_string(value, where, kind + " plugin name");
    } else if (value.is_object()) {
        check_keys(value, {"plugin", "params", "id"}, where);
        use.plugin = get_string(require(value, "plugin", where, kind + " plugin name"), where / "plugin",
                                kind + " plugin name");
        if (value.contains("params")) {
            use.params = value.at("params");
            if (!use.params.is_object()) (where / "params").fail("expected an object, found " + describe(use.params));
        }
        if (value.contains("id")) use.id = get_string(value.at("id"), where / "id", "an id");
    } else {
        where.fail("expected a " + kind + " plugin name or an object {\"plugin\": ..., \"params\": {...}}, found " +
                   describe(value));
    }
    if (use.id.empty()) use.id = use.plugin;
    return use;
}

/// The objective and whether its goal was given (else it follows the metric's direction).
std::pair<ObjectiveSpec, bool> parse_objective(const json& value, const Location& where) {
    if (value.is_string()) return {{get_string(value, where, "a metric name"), Goal::minimize}, false};
    if (!value.is_object()) where.fail("expected an objective {\"metric\": ..., \"goal\": \"minimize\"|\"maximize\"}, found " + describe(value));
    check_keys(value, {"metric", "goal"}, where);
    ObjectiveSpec spec;
    spec.metric = get_string(require(value, "metric", where, "the metric to optimise"), where / "metric", "a metric name");
    const std::string goal = value.contains("goal") ? get_string(value.at("goal"), where / "goal", "a goal") : "";
    if (goal == "maximize" || goal == "max") {
        spec.goal = Goal::maximize;
    } else if (goal == "minimize" || goal == "min") {
        spec.goal = Goal::minimize;
    } else if (goal.empty()) {
        return {spec, false};
    } else {
        const std::vector<std::string> goals = {"minimize", "maximize"};
        (where / "goal").fail("expected \"minimize\" or \"maximize\", found " + describe(value.at("goal")) +
                              did_you_mean(goal, goals));
    }
    return {spec, true};
}

/// A bound: a number, or {"quantile": q} with 0 <= q <= 1 (stored in `quantile`).
std::optional<double> parse_bound(const json& value, const Location& where, const std::string& what,
                                  std::optional<double>& quantile) {
    if (value.is_object()) {
        check_keys(value, {"quantile"}, where);
        const double q = get_number(require(value, "quantile", where, "a fraction of the space"), where / "quantile", "a quantile");
        if (q < 0.0 || q > 1.0) (where / "quantile").fail("expected a quantile between 0 and 1, found " + describe(value.at("quantile")));
        quantile = q;
        return std::nullopt;
    }
    if (!value.is_number()) where.fail("expected " + what + " (a number or {\"quantile\": q}), found " + describe(value));
    return value.get<double>();
}

std::pair<ConstraintSpec, QuantileBounds> parse_constraint(const json& value, const Location& where) {
    if (!value.is_object()) where.fail("expected a constraint {\"metric\": ..., \"max\": bound} or {..., \"min\": bound}, found " + describe(value));
    check_keys(value, {"metric", "max", "min"}, where);
    ConstraintSpec spec;
    QuantileBounds quantiles;
    spec.metric = get_string(require(value, "metric", where, "the constrained metric"), where / "metric", "a metric name");
    if (value.contains("max")) spec.max = parse_bound(value.at("max"), where / "max", "an upper bound", quantiles.max);
    if (value.contains("min")) spec.min = parse_bound(value.at("min"), where / "min", "a lower bound", quantiles.min);
    if (!value.contains("max") && !value.contains("min")) where.fail("a constraint needs \"max\" (metric <= max) or \"min\" (metric >= min)");
    if (spec.max && spec.min && *spec.min > *spec.max) where.fail("\"min\" is greater than \"max\": nothing is feasible");
    return {spec, quantiles};
}

FormulationSpec parse_formulation(const json& value, const Location& where) {
    FormulationSpec f;
    f.where = where;
    const json object = value.is_string() ? json{{"type", value}} : value;
    if (!object.is_object()) where.fail("expected a formulation name or object, found " + describe(value));
    const std::vector<std::string> types = {"constrained", "penalty", "mnasnet", "weighted_sum", "pareto"};
    const std::string type = get_string(require(object, "type", where, "one of " + quoted_list(types)), where / "type",
                                        "a formulation type");
    if (type == "constrained") {
        f.type = Formulation::constrained;
        check_keys(object, {"type"}, where);
    } else if (type == "penalty") {
        f.type = Formulation::penalty;
        check_keys(object, {"type", "weight"}, where);
        if (object.contains("weight")) f.penalty_weight = get_number(object.at("weight"), where / "weight", "a penalty weight");
    } else if (type == "mnasnet") {
        f.type = Formulation::mnasnet;
        check_keys(object, {"type", "alpha", "beta", "w"}, where);
        if (object.contains("w")) f.mnasnet_alpha = f.mnasnet_beta = get_number(object.at("w"), where / "w", "an exponent");
        if (object.contains("alpha")) f.mnasnet_alpha = get_number(object.at("alpha"), where / "alpha", "an exponent");
        if (object.contains("beta")) f.mnasnet_beta = get_number(object.at("beta"), where / "beta", "an exponent");
    } else if (type == "weighted_sum") {
        f.type = Formulation::weighted_sum;
        check_keys(object, {"type", "weights", "ranges"}, where);
        const auto& weights = require(object, "weights", where, "one weight per objective");
        if (!weights.is_array()) (where / "weights").fail("expected an array of numbers, found " + describe(weights));
        for (std::size_t i = 0; i < weights.size(); ++i) f.weights.push_back(get_number(weights[i], where / "weights" / i, "a weight"));
        if (object.contains("ranges")) {
            const auto& ranges = object.at("ranges");
            if (!ranges.is_array()) (where / "ranges").fail("expected an array of [lo, hi] pairs, found " + describe(ranges));
            for (std::size_t i = 0; i < ranges.size(); ++i) {
                const Location at = where / "ranges" / i;
                if (!ranges[i].is_array() || ranges[i].size() != 2) at.fail("expected [lo, hi], found " + describe(ranges[i]));
                const double lo = get_number(ranges[i][0], at / 0, "lo");
                const double hi = get_number(ranges[i][1], at / 1, "hi");
                if (!(hi > lo)) at.fail("expected lo < hi");
                f.ranges.emplace_back(lo, hi);
            }
        }
    } else if (type == "pareto") {
        f.type = Formulation::pareto;
        check_keys(object, {"type"}, where);
    } else {
        (where / "type").fail("unknown formulation '" + type + "'" + did_you_mean(type, types) + "; available: " + quoted_list(types));
    }
    return f;
}

Budget parse_budget(const json& value, const Location& where) {
    Budget b;
    if (value.is_number()) {
        b.evaluations = get_count(value, where, "a number of evaluations");
    } else if (value.is_object()) {
        check_keys(value, {"evaluations", "seconds", "count"}, where);
        if (value.contains("evaluations")) b.evaluations = get_count(value.at("evaluations"), where / "evaluations", "a number of evaluations");
        if (value.contains("seconds")) b.seconds = get_number(value.at("seconds"), where / "seconds", "simulated seconds");
        if (value.contains("count")) {
            const std::string count = get_string(value.at("count"), where / "count", "\"all\" or \"unique\"");
            if (count != "all" && count != "unique") (where / "count").fail("expected \"all\" or \"unique\", found " + describe(value.at("count")));
            b.count_unique = count == "unique";
        }
    } else {
        where.fail("expected a number of evaluations or {\"evaluations\": N, \"seconds\": S}, found " + describe(value));
    }
    if (b.evaluations == 0 && !b.seconds) where.fail("the budget must allow at least one evaluation");
    return b;
}

}  // namespace

Experiment parse_experiment(const json& doc, const std::string& file) {
    const Location root(file);
    if (!doc.is_object()) root.fail("expected an experiment object, found " + describe(doc));
    check_keys(doc, top_level_keys, root);

    Experiment e;
    e.file = file;
    e.source = doc;
    e.name = doc.contains("name") ? get_string(doc.at("name"), root / "name", "a name")
                                  : std::filesystem::path(file).stem().string();
    e.space = parse_plugin_use(require(doc, "space", root, "the search space"), root / "space", "space");

    const json& providers = require(doc, "providers", root, "the cost providers");
    if (!providers.is_array() || providers.empty()) {
        (root / "providers").fail("expected a non-empty array of providers, found " + describe(providers));
    }
    for (std::size_t i = 0; i < providers.size(); ++i) {
        e.providers.push_back(parse_plugin_use(providers[i], root / "providers" / i, "provider"));
    }
    if (doc.contains("dataset")) e.dataset = get_string(doc.at("dataset"), root / "dataset", "a dataset name");

    if (doc.contains("objective") && doc.contains("objectives")) {
        root.fail("give either \"objective\" or \"objectives\", not both");
    }
    if (doc.contains("objective")) {
        const auto [spec, given] = parse_objective(doc.at("objective"), root / "objective");
        e.objectives.push_back(spec);
        e.objective_goal_given.push_back(given);
        e.objective_where.push_back(root / "objective");
    } else {
        const json& objectives = require(doc, "objectives", root, "what to optimise");
        if (!objectives.is_array() || objectives.empty()) {
            (root / "objectives").fail("expected a non-empty array of objectives, found " + describe(objectives));
        }
        for (std::size_t i = 0; i < objectives.size(); ++i) {
            const auto [spec, given] = parse_objective(objectives[i], root / "objectives" / i);
            e.objectives.push_back(spec);
            e.objective_goal_given.push_back(given);
            e.objective_where.push_back(root / "objectives" / i);
        }
    }
    if (doc.contains("constraints")) {
        const json& constraints = doc.at("constraints");
        if (!constraints.is_array()) (root / "constraints").fail("expected an array of constraints, found " + describe(constraints));
        for (std::size_t i = 0; i < constraints.size(); ++i) {
            auto [spec, quantiles] = parse_constraint(constraints[i], root / "constraints" / i);
            e.constraints.push_back(spec);
            e.constraint_quantiles.push_back(quantiles);
            e.constraint_where.push_back(root / "constraints" / i);
        }
    }
    if (doc.contains("formulation")) {
        e.formulation = parse_formulation(doc.at("formulation"), root / "formulation");
    } else {
        e.formulation.type = e.objectives.size() > 1 ? Formulation::pareto : Formulation::constrained;
        e.formulation.where = root;
    }
    if (doc.contains("pareto")) {
        const json& pareto = doc.at("pareto");
        const Location at = root / "pareto";
        if (!pareto.is_object()) at.fail("expected {\"reference_point\": [...], \"true_front\": true}, found " + describe(pareto));
        check_keys(pareto, {"reference_point", "true_front"}, at);
        if (pareto.contains("reference_point")) {
            const json& ref = pareto.at("reference_point");
            if (!ref.is_array() || ref.size() != e.objectives.size()) {
                (at / "reference_point").fail("expected an array of " + std::to_string(e.objectives.size()) +
                                              " numbers (one per objective), found " + describe(ref));
            }
            for (std::size_t i = 0; i < ref.size(); ++i) {
                e.pareto.reference_point.push_back(get_number(ref[i], at / "reference_point" / i, "a coordinate"));
            }
        }
        if (pareto.contains("true_front")) {
            const json& truth = pareto.at("true_front");
            if (truth.is_string() && !truth.get<std::string>().empty()) {
                // A user's known front (e.g. from a paper or a longer search);
                // the session resolves it relative to the config file.
                e.pareto.front_file = truth.get<std::string>();
            } else if (truth.is_boolean()) {
                e.pareto.true_front = truth.get<bool>();
            } else {
                (at / "true_front").fail("expected true, false or the path of a CSV file holding the known front, found " + describe(truth));
            }
        }
    }
    e.strategy = parse_plugin_use(require(doc, "strategy", root, "the search strategy"), root / "strategy", "strategy");
    e.budget = parse_budget(require(doc, "budget", root, "how many evaluations"), root / "budget");
    if (doc.contains("seed")) e.seed = get_count(doc.at("seed"), root / "seed", "a seed");
    e.output = doc.contains("output") ? std::filesystem::path(get_string(doc.at("output"), root / "output", "a folder"))
                                      : std::filesystem::path("runs") / e.name;
    if (doc.contains("record")) {
        const json& record = doc.at("record");
        if (!record.is_array()) (root / "record").fail("expected an array of metric names, found " + describe(record));
        for (std::size_t i = 0; i < record.size(); ++i) {
            e.record.push_back(get_string(record[i], root / "record" / i, "a metric name or \"*\""));
        }
    }
    return e;
}

Experiment load_experiment(const std::filesystem::path& file) {
    return parse_experiment(read_json_file(file), file.string());
}

}  // namespace hwnas::engine
