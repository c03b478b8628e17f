// Reading a batch folder for `hwnas report`: batch.json, the run summaries
// (in parallel), and grouping them into settings and strategies.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include "engine/json_text.hpp"
#include "engine/run_journal.hpp"
#include "engine/parallel.hpp"
#include "engine/grid.hpp"
#include "engine/report.hpp"
#include "engine/suggest.hpp"
#include "hwnas/csv.hpp"
#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Objective {
    std::string metric;
    bool maximize = false;
};

/// A run summary as read, before it is placed in a setting.
struct LoadedRun {
    RunRecord record;
    json point;
    std::string strategy_plugin;
    std::vector<Objective> objectives;
    std::string curve_kind;  ///< "objective", "fitness (<formulation>)" or "" (no scalar fitness)
    std::vector<std::array<double, 2>> front;  ///< first two objectives, raw metric values
};

const json& field(const json& doc, const std::string& pointer, const fs::path& file) {
    const json::json_pointer where(pointer);
    if (!doc.contains(where)) {
        throw Error(file.string() + ": not a run summary of `hwnas bench` (no " + pointer + "); rerun the batch with this hwnas");
    }
    return doc.at(where);
}

double number_or_none(const json& value) { return value.is_number() ? value.get<double>() : no_value; }

/// The formulation type of a run: its grid point applied to the grid's base experiment.
std::string formulation_of(const json& base_experiment, const json& point, std::size_t objectives) {
    json experiment = base_experiment.is_object() ? base_experiment : json::object();
    for (const auto& [pointer, value] : point.items()) experiment[json::json_pointer(pointer)] = value;
    if (!experiment.contains("formulation")) return objectives > 1 ? "pareto" : "constrained";
    const json& f = experiment["formulation"];
    if (f.is_string()) return f.get<std::string>();
    return f.is_object() && f.contains("type") && f["type"].is_string() ? f["type"].get<std::string>() : "constrained";
}

std::string curve_kind(const std::string& formulation, std::size_t objectives) {
    // Feasible fitness is the objective (negated when minimised) under these two.
    if ((formulation == "constrained" || formulation == "penalty") && objectives == 1) return "objective";
    if (formulation == "mnasnet" || formulation == "weighted_sum") return "fitness (" + formulation + ")";
    return "";
}

LoadedRun parse_run(const json& s, const fs::path& file, const json& base_experiment) {
    LoadedRun run;
    run.record.id = field(s, "/run/id", file).get<std::string>();
    run.record.seed = field(s, "/seed", file).get<std::uint64_t>();
    run.point = field(s, "/run/point", file);
    run.strategy_plugin = field(s, "/strategy", file).get<std::string>();
    for (const auto& o : field(s, "/objectives", file)) {
        run.objectives.push_back({o.at("metric").get<std::string>(), o.at("goal").get<std::string>() == "maximize"});
    }
    if (run.objectives.empty()) throw Error(file.string() + ": /objectives is empty");
    run.record.evaluations = field(s, "/evaluations/total", file).get<double>();
    const json& best = field(s, "/best", file);
    if (best.is_object()) {
        run.record.score = number_or_none(best.at("metrics").value(run.objectives[0].metric, json()));
        run.record.evaluations_to_best = best.at("step").get<double>() + 1.0;
    }
    if (s.contains("pareto") && s["pareto"].contains("reference_point")) {
        run.record.reported_hypervolume = number_or_none(s["pareto"].value("hypervolume", json()));
        run.record.reported_reference = s["pareto"]["reference_point"];
    }
    if (run.objectives.size() > 1 && s.contains("pareto_front")) {
        for (const auto& p : s.at("pareto_front")) {
            const json& m = p.at("metrics");
            run.front.push_back({number_or_none(m.value(run.objectives[0].metric, json())),
                                 number_or_none(m.value(run.objectives[1].metric, json()))});
        }
    }
    for (const auto& point : field(s, "/trajectory", file)) {
        run.record.curve.x.push_back(point.at(0).get<double>() + 1.0);  // step 0 is after one evaluation
        run.record.curve.y.push_back(number_or_none(point.at(1)));
    }
    run.curve_kind = curve_kind(formulation_of(base_experiment, run.point, run.objectives.size()), run.objectives.size());
    return run;
}

LoadedRun load_run(const json& summary, const std::string& origin, const json& base_experiment) {
    try {
        return parse_run(summary, origin, base_experiment);
    } catch (const json::exception& e) {
        throw Error(origin + ": unexpected run summary: " + e.what());
    }
}

bool is_strategy_pointer(const std::string& pointer) {
    return pointer == "/strategy" || pointer.rfind("/strategy/", 0) == 0;
}

/// Pointers that name the strategy: under /strategy, or zipped with one that is.
std::vector<std::string> find_strategy_dimensions(const std::vector<std::string>& dimensions, const json& grid) {
    std::set<std::string> chosen;
    for (const auto& d : dimensions) {
        if (is_strategy_pointer(d)) chosen.insert(d);
    }
    for (const auto& group : grid.value("zip", json::array())) {
        if (!group.is_object()) continue;
        const bool names_strategy = std::any_of(group.items().begin(), group.items().end(),
                                                [](const auto& item) { return is_strategy_pointer(item.key()); });
        if (!names_strategy) continue;
        for (const auto& item : group.items()) chosen.insert(item.key());
    }
    std::vector<std::string> ordered;
    for (const auto& d : dimensions) {
        if (chosen.count(d) != 0) ordered.push_back(d);
    }
    return ordered;
}

json point_subset(const json& point, const std::vector<std::string>& pointers) {
    json subset = json::object();
    for (const auto& p : pointers) subset[p] = point.value(p, json());
    return subset;
}

std::string label_of(const json& point, const std::vector<std::string>& pointers) {
    std::string label;
    for (const auto& p : pointers) {
        label += (label.empty() ? "" : ", ") + dimension_name(p) + "=" + value_label(point.value(p, json()));
    }
    return label.empty() ? "all runs" : label;
}

/// "ga_penalty", "random population=50": the plugin (or id), then swept strategy parameters;
/// when two still share a name, the values of every strategy dimension (parameters as JSON).
std::vector<std::string> strategy_labels(const std::vector<json>& keys, const std::vector<std::string>& plugins,
                                         const std::vector<std::string>& dimensions) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        std::string label = keys[i].contains("/strategy") ? value_label(keys[i]["/strategy"]) : plugins[i];
        for (const auto& d : dimensions) {
            if (d.rfind("/strategy/", 0) != 0) continue;
            label += fmt::format(" {}={}", d.substr(d.find_last_of('/') + 1), value_label(keys[i].value(d, json())));
        }
        labels.push_back(label);
    }
    const std::vector<std::string> plain = labels;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (std::count(plain.begin(), plain.end(), plain[i]) < 2) continue;
        std::string values;
        for (const auto& d : dimensions) {
            const json v = keys[i].value(d, json());
            values += (values.empty() ? "" : ", ") + (v.is_object() && v.contains("params") ? v["params"].dump() : value_label(v));
        }
        labels[i] += fmt::format(" ({})", values);
    }
    return labels;
}

std::vector<std::string> checked_group_by(const std::vector<std::string>& group_by, const std::vector<std::string>& dimensions) {
    for (const auto& g : group_by) {
        if (std::find(dimensions.begin(), dimensions.end(), g) == dimensions.end()) {
            throw Error("--group-by: '" + g + "' is not a dimension of this batch" + did_you_mean(g, dimensions) +
                        "; its dimensions are " + (dimensions.empty() ? std::string("(none)") : quoted_list(dimensions)));
        }
    }
    return group_by;
}

Measure measure_of(const std::vector<const LoadedRun*>& runs) {
    const LoadedRun& first = *runs.front();
    Measure m;
    m.metric = first.objectives.size() > 1 ? "hypervolume" : first.objectives[0].metric;
    if (first.objectives.size() == 1) m.definition = m.metric + " of the best feasible architecture the run found";
    m.higher_is_better = first.objectives.size() > 1 || first.objectives[0].maximize;
    if (first.objectives.size() > 1) {
        m.front_metrics = {first.objectives[0].metric, first.objectives[1].metric};
        m.front_maximize = {first.objectives[0].maximize, first.objectives[1].maximize};
    }
    const bool same_curves = std::all_of(runs.begin(), runs.end(), [&](const LoadedRun* r) { return r->curve_kind == first.curve_kind; });
    if (same_curves && first.curve_kind == "objective") {
        m.curve = m.metric;
        m.curve_higher_is_better = m.higher_is_better;
    } else if (same_curves && !first.curve_kind.empty()) {
        m.curve = first.curve_kind;
    }
    for (const LoadedRun* r : runs) {
        if (r->objectives.size() != first.objectives.size() || r->objectives[0].metric != first.objectives[0].metric) {
            throw Error("runs " + first.record.id + " and " + r->record.id +
                        " are in one setting but optimise different objectives: add the dimension that changes the "
                        "objective to --group-by");
        }
    }
    return m;
}

/// The dimension whose values get one aggregate plot each: the one asked for, else
/// the setting dimension with the fewest values (at least two), if settings vary in
/// more than one dimension (with one, each value is a setting, plotted on its own).
std::string aggregate_dimension(const Report& report, const std::string& asked) {
    const auto& dims = report.setting_dimensions;
    if (!asked.empty()) {
        if (std::find(dims.begin(), dims.end(), asked) == dims.end()) {
            throw Error("--aggregate-by: '" + asked + "' is not a setting dimension" + did_you_mean(asked, dims) +
                        "; setting dimensions are " + (dims.empty() ? std::string("(none)") : quoted_list(dims)));
        }
        return asked;
    }
    if (dims.size() < 2) return "";
    std::string chosen;
    std::size_t fewest = 0;
    for (const auto& d : dims) {
        std::set<std::string> values;
        for (const auto& s : report.settings) values.insert(s.point.value(d, json()).dump());
        if (values.size() >= 2 && (chosen.empty() || values.size() < fewest)) {
            chosen = d;
            fewest = values.size();
        }
    }
    return chosen;
}

void read_true_front(Report& report) {
    const fs::path file = report.folder / "true_front.csv";
    if (!fs::exists(file)) return;
    const CsvFile csv(file);
    for (const auto h : csv.header()) report.true_front_metrics.emplace_back(h);
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        std::vector<double> values;
        for (std::size_t col = 0; col < csv.header().size(); ++col) values.push_back(csv.number(row, col));
        report.true_front.push_back(std::move(values));
    }
}

/// Summaries of the runs that have one, in batch order; ids of the others in `missing`.
std::vector<LoadedRun> load_runs(const json& manifest, const fs::path& folder, std::vector<std::string>& missing) {
    // Records are read as text, then parsed in parallel (a grid's journal
    // holds thousands of them).
    struct Record {
        std::string text;
        std::string origin;
    };
    std::vector<Record> records;
    for_each_run_text(folder, [&](std::string_view text, const std::string& origin) {
        records.push_back({std::string(text), origin});
    });
    const json base = manifest.value("grid", json::object()).value("experiment", json::object());
    std::vector<LoadedRun> parsed(records.size());
    std::vector<std::string> errors(records.size());
    parallel_for_index(records.size(), 1, [&](std::size_t i) {
        try {
            parsed[i] = load_run(parse_run_record(records[i].text, records[i].origin), records[i].origin, base);
        } catch (const std::exception& e) {
            errors[i] = e.what();
        }
    });
    for (const auto& e : errors) {
        if (!e.empty()) throw Error(e);  // the first in file order, whatever the threads did
    }
    std::map<std::string, std::size_t> by_id;  // the first record of a run wins
    for (std::size_t i = 0; i < parsed.size(); ++i) by_id.try_emplace(parsed[i].record.id, i);
    std::vector<LoadedRun> runs;
    for (const auto& r : manifest.at("runs")) {
        const std::string id = r.at("id").get<std::string>();
        if (const auto it = by_id.find(id); it != by_id.end()) {
            runs.push_back(std::move(parsed[it->second]));
        } else {
            missing.push_back(id);
        }
    }
    return runs;
}

}  // namespace

std::string dimension_name(const std::string& pointer) {
    std::string name = pointer.empty() ? pointer : pointer.substr(1);
    std::replace(name.begin(), name.end(), '/', '.');
    return name;
}

Report build_report(const ReportOptions& options) {
    const fs::path& folder = options.folder;
    if (!fs::is_directory(folder)) throw Error(folder.string() + ": no such folder");
    if (!fs::exists(folder / "batch.json")) {
        throw Error(folder.string() + ": not a batch folder (no batch.json); `hwnas bench GRID -o DIR` makes one");
    }
    const json manifest = read_json_file(folder / "batch.json");
    Report report;
    report.folder = folder;
    try {
        report.name = manifest.value("name", folder.filename().string());
        report.dimensions = manifest.at("dimensions").get<std::vector<std::string>>();
        report.expected_runs = manifest.at("runs").size();
    } catch (const json::exception& e) {
        throw Error((folder / "batch.json").string() + ": not a batch manifest of `hwnas bench`: " + e.what());
    }
    const json grid = manifest.value("grid", json::object());
    report.strategy_dimensions = find_strategy_dimensions(report.dimensions, grid);
    if (!options.group_by.empty()) {
        report.setting_dimensions = checked_group_by(options.group_by, report.dimensions);
        std::erase_if(report.strategy_dimensions, [&](const std::string& d) {
            return std::find(options.group_by.begin(), options.group_by.end(), d) != options.group_by.end();
        });
    } else {
        for (const auto& d : report.dimensions) {
            if (std::find(report.strategy_dimensions.begin(), report.strategy_dimensions.end(), d) ==
                report.strategy_dimensions.end()) {
                report.setting_dimensions.push_back(d);
            }
        }
    }

    std::vector<LoadedRun> loaded = load_runs(manifest, folder, report.missing);
    std::map<std::string, std::size_t> setting_index;
    std::map<std::string, std::size_t> strategy_index;
    std::vector<json> strategy_keys;
    std::vector<std::string> strategy_plugins;
    std::vector<std::vector<LoadedRun*>> members;
    for (auto& run : loaded) {
        const json setting_point = point_subset(run.point, report.setting_dimensions);
        const auto [s, new_setting] = setting_index.emplace(setting_point.dump(), report.settings.size());
        if (new_setting) {
            report.settings.push_back({setting_point, label_of(setting_point, report.setting_dimensions), {}, {}, {}, 0});
            members.emplace_back();
        }
        const json strategy_key = point_subset(run.point, report.strategy_dimensions);
        const std::string key = report.strategy_dimensions.empty() ? run.strategy_plugin : strategy_key.dump();
        const auto [t, new_strategy] = strategy_index.emplace(key, strategy_keys.size());
        if (new_strategy) {
            strategy_keys.push_back(strategy_key);
            strategy_plugins.push_back(run.strategy_plugin);
        }
        run.record.setting = s->second;
        run.record.strategy = t->second;
        members[s->second].push_back(&run);
    }
    for (const auto& label : strategy_labels(strategy_keys, strategy_plugins, report.strategy_dimensions)) {
        report.strategies.push_back({label});
    }
    for (std::size_t s = 0; s < report.settings.size(); ++s) {
        auto& setting = report.settings[s];
        setting.measure = measure_of({members[s].begin(), members[s].end()});
    }
    for (auto& run : loaded) {
        run.record.front = std::move(run.front);  // raw metric values, for the scatter plots
        report.settings[run.record.setting].runs.push_back(report.runs.size());
        report.runs.push_back(std::move(run.record));
    }
    report.aggregate_dimension = aggregate_dimension(report, options.aggregate_by);
    read_true_front(report);
    compute_statistics(report);
    return report;
}

}  // namespace hwnas::engine
