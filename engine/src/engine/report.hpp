#pragma once
// Report: the results of a batch (`hwnas bench`) compared across strategies,
// as one self-contained HTML page with inline SVG plots and as report.json.
// See docs/report.md.
//
// Runs are grouped into settings (every grid dimension but the strategy's,
// or the dimensions given); within a setting, strategies are compared over
// their runs (seeds) by the best feasible objective each run found.
#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/report_stats.hpp"

namespace hwnas::engine {

struct ReportOptions {
    std::filesystem::path folder;          ///< the batch folder (holds batch.json)
    std::filesystem::path output;          ///< HTML file; empty: folder / "report.html"
    std::vector<std::string> group_by;     ///< setting dimensions; empty: every dimension but the strategy's
    std::string aggregate_by;              ///< dimension of the aggregate plots; empty: chosen (see docs)
    std::size_t max_settings = 12;         ///< settings that get their own plots and table
};

/// What a setting's runs are scored by and what its curves show.
struct Measure {
    std::string metric;             ///< the objective metric, or "hypervolume"
    std::string definition;         ///< how the score is computed, for the page and report.json
    bool higher_is_better = true;
    std::string curve;              ///< the curves' quantity (metric or "fitness (...)"); empty: no curves
    bool curve_higher_is_better = true;
    std::vector<std::string> front_metrics;  ///< several objectives: the first two, else empty
    std::array<bool, 2> front_maximize = {false, false};
};

constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

/// A p-value below this marks a strategy as significantly different from the best.
constexpr double significance_level = 0.05;

struct RunRecord {
    std::string id;
    std::uint64_t seed = 0;
    std::size_t strategy = 0;
    std::size_t setting = 0;
    double score = no_value;                ///< best feasible objective (or hypervolume); NaN: nothing feasible
    double evaluations_to_best = no_value;  ///< evaluations until the best was first seen
    double evaluations = 0.0;               ///< evaluations the run made
    StepCurve curve;                        ///< best so far in quality form (higher is better), x = evaluations
    std::vector<std::array<double, 2>> front;  ///< metric values of the first two objectives
    double reported_hypervolume = no_value;    ///< the run summary's /pareto/hypervolume (all objectives)
    nlohmann::json reported_reference;         ///< ... and its reference point
};

struct StrategyResult {
    std::size_t strategy = 0;
    std::size_t runs = 0;
    std::size_t found = 0;                  ///< runs with a feasible architecture
    Summary score;                          ///< over the runs that found one
    double mean_evaluations_to_best = no_value;
    double rank = 0.0;                      ///< 1 = best mean score in the setting; ties share ranks
    std::optional<MannWhitney> versus_best;  ///< none for the best strategy itself
};

struct Setting {
    nlohmann::json point = nlohmann::json::object();  ///< {pointer: value} of the setting dimensions
    std::string label;
    Measure measure;
    std::vector<std::size_t> runs;          ///< into Report::runs
    std::vector<StrategyResult> results;    ///< the strategies that ran in it, in strategy order
    std::size_t best = 0;                   ///< into results
};

struct StrategyOverall {
    std::string name;
    std::size_t settings = 0;
    std::size_t runs = 0;
    double average_rank = no_value;
    std::size_t wins = 0;                   ///< settings where it is the best
    std::size_t significant_wins = 0;       ///< ... and better than every other strategy with p < 0.05
};

struct Report {
    std::string name;
    std::filesystem::path folder;
    std::vector<std::string> dimensions;
    std::vector<std::string> setting_dimensions;
    std::vector<std::string> strategy_dimensions;
    std::string aggregate_dimension;        ///< empty: only the aggregate over all settings
    std::vector<StrategyOverall> strategies;
    std::vector<Setting> settings;
    std::vector<RunRecord> runs;
    std::size_t expected_runs = 0;
    std::vector<std::string> missing;       ///< run ids of batch.json without a result
    std::vector<std::string> true_front_metrics;
    std::vector<std::vector<double>> true_front;  ///< rows of true_front.csv, one value per column
};

/// Reads batch.json and every run summary of `options.folder` and computes the statistics.
/// Throws hwnas::Error for a folder without batch.json and for unreadable run records (naming the file and line).
Report build_report(const ReportOptions& options);

/// Scores multi-objective runs (hypervolume), then fills every setting's results
/// (ranks, tests against the best) and the strategies' totals; build_report calls it.
void compute_statistics(Report& report);

/// The statistics as JSON (report.json).
nlohmann::json report_json(const Report& report);

/// The HTML page.
std::string report_html(const Report& report, const ReportOptions& options);

/// Writes the HTML page and report.json next to it (atomically); returns the HTML path.
std::filesystem::path write_report(const Report& report, const ReportOptions& options);

/// "dataset" for "/dataset", "constraints.0.metric" for "/constraints/0/metric".
std::string dimension_name(const std::string& pointer);

}  // namespace hwnas::engine
