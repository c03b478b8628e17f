#include "engine/report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/results.hpp"
#include "engine/stats.hpp"

namespace hwnas::engine {
namespace {

using nlohmann::json;


/// Higher is better; NaN (nothing feasible) stays NaN, which ranks below every value.
double quality(double value, bool higher_is_better) { return higher_is_better ? value : -value; }

StrategyResult result_of(const Report& report, const Setting& setting, std::size_t strategy) {
    StrategyResult r;
    r.strategy = strategy;
    std::vector<double> scores;
    std::vector<double> evaluations;
    for (const std::size_t i : setting.runs) {
        const RunRecord& run = report.runs[i];
        if (run.strategy != strategy) continue;
        ++r.runs;
        scores.push_back(run.score);
        if (!std::isnan(run.score)) evaluations.push_back(run.evaluations_to_best);
    }
    r.score = summarize(scores);
    r.found = r.score.count;
    r.mean_evaluations_to_best = summarize(evaluations).mean;
    return r;
}

std::vector<double> qualities(const Report& report, const Setting& setting, std::size_t strategy) {
    std::vector<double> values;
    for (const std::size_t i : setting.runs) {
        if (report.runs[i].strategy == strategy) {
            values.push_back(quality(report.runs[i].score, setting.measure.higher_is_better));
        }
    }
    return values;
}

/// Ranks by mean score (ties share their average rank; no feasible run: last),
/// picks the best and tests every other strategy against it.
void compare_strategies(const Report& report, Setting& setting) {
    std::vector<double> badness;
    for (const auto& r : setting.results) {
        const double q = quality(r.score.mean, setting.measure.higher_is_better);
        badness.push_back(std::isnan(q) ? INFINITY : -q);
    }
    const auto ranks = average_ranks(badness);
    for (std::size_t i = 0; i < setting.results.size(); ++i) setting.results[i].rank = ranks[i];
    setting.best = static_cast<std::size_t>(std::min_element(ranks.begin(), ranks.end()) - ranks.begin());
    const auto best = qualities(report, setting, setting.results[setting.best].strategy);
    for (std::size_t i = 0; i < setting.results.size(); ++i) {
        if (i == setting.best) continue;
        setting.results[i].versus_best = mann_whitney_u(qualities(report, setting, setting.results[i].strategy), best);
    }
}

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json strategy_result_json(const Report& report, const Setting& setting, const StrategyResult& r) {
    json j = {{"strategy", report.strategies[r.strategy].name},
              {"runs", r.runs},
              {"feasible_runs", r.found},
              {"feasible_fraction", r.runs == 0 ? 0.0 : static_cast<double>(r.found) / static_cast<double>(r.runs)},
              {"mean", number_or_null(r.score.mean)},
              {"std", number_or_null(r.score.std)},
              {"median", number_or_null(r.score.median)},
              {"mean_evaluations_to_best", number_or_null(r.mean_evaluations_to_best)},
              {"rank", r.rank},
              {"best", &r == &setting.results[setting.best]}};
    if (r.versus_best) {
        j["versus_best"] = {{"u", r.versus_best->u},
                            {"z", r.versus_best->z},
                            {"p", r.versus_best->p},
                            {"significant", r.versus_best->p < significance_level}};
    } else {
        j["versus_best"] = nullptr;
    }
    return j;
}

std::array<double, 2> minimised(const std::array<double, 2>& p, const Measure& m) {
    return {m.front_maximize[0] ? -p[0] : p[0], m.front_maximize[1] ? -p[1] : p[1]};
}

/// Hypervolume of the fronts of a multi-objective setting: the one the engine wrote
/// into every summary when all share one reference point, else that of the first two
/// objectives against the setting's nadir pushed out by a tenth of the range (so that
/// extreme points count too).
void score_fronts(Report& report, Setting& setting) {
    Measure& m = setting.measure;
    const RunRecord& first = report.runs[setting.runs.front()];
    const bool reported = std::all_of(setting.runs.begin(), setting.runs.end(), [&](std::size_t i) {
        const RunRecord& r = report.runs[i];
        return !std::isnan(r.reported_hypervolume) && r.reported_reference == first.reported_reference;
    });
    if (reported) {
        m.definition = "hypervolume of the run's front in all objectives against the reference point " +
                       first.reported_reference.dump() + " (minimisation form), as in the runs' summaries /pareto";
        for (const std::size_t i : setting.runs) {
            RunRecord& run = report.runs[i];
            run.score = run.front.empty() ? no_value : run.reported_hypervolume;  // an empty front: nothing feasible
        }
        return;
    }
    std::array<double, 2> lo = {INFINITY, INFINITY};
    std::array<double, 2> hi = {-INFINITY, -INFINITY};
    for (const std::size_t i : setting.runs) {
        for (const auto& p : report.runs[i].front) {
            const auto q = minimised(p, m);
            for (int k = 0; k < 2; ++k) {
                lo[k] = std::min(lo[k], q[k]);
                hi[k] = std::max(hi[k], q[k]);
            }
        }
    }
    std::array<double, 2> reference{};
    for (int k = 0; k < 2; ++k) reference[k] = hi[k] + (hi[k] > lo[k] ? 0.1 * (hi[k] - lo[k]) : 1.0);
    m.definition = fmt::format("hypervolume of the run's front in {} and {} against the setting's nadir pushed out by a "
                               "tenth of the range, [{}, {}] (minimisation form)",
                               m.front_metrics[0], m.front_metrics[1], format_number(reference[0]), format_number(reference[1]));
    for (const std::size_t i : setting.runs) {
        std::vector<std::array<double, 2>> points;
        for (const auto& p : report.runs[i].front) points.push_back(minimised(p, m));
        report.runs[i].score = points.empty() ? no_value : hypervolume_2d(points, reference);
    }
}

}  // namespace

void compute_statistics(Report& report) {
    for (auto& s : report.strategies) s = {s.name};
    std::vector<double> rank_sums(report.strategies.size(), 0.0);
    for (auto& setting : report.settings) {
        if (!setting.measure.front_metrics.empty()) score_fronts(report, setting);
        setting.results.clear();
        for (std::size_t t = 0; t < report.strategies.size(); ++t) {
            StrategyResult r = result_of(report, setting, t);
            if (r.runs > 0) setting.results.push_back(r);
        }
        compare_strategies(report, setting);
        const bool all_significant =
            setting.results.size() > 1 && std::all_of(setting.results.begin(), setting.results.end(), [](const auto& r) {
                return !r.versus_best || r.versus_best->p < significance_level;
            });
        for (const auto& r : setting.results) {
            auto& overall = report.strategies[r.strategy];
            ++overall.settings;
            overall.runs += r.runs;
            rank_sums[r.strategy] += r.rank;
        }
        auto& winner = report.strategies[setting.results[setting.best].strategy];
        ++winner.wins;
        if (all_significant) ++winner.significant_wins;
    }
    for (std::size_t t = 0; t < report.strategies.size(); ++t) {
        auto& s = report.strategies[t];
        s.average_rank = s.settings == 0 ? no_value : rank_sums[t] / static_cast<double>(s.settings);
    }
}

json report_json(const Report& report) {
    json strategies = json::array();
    for (const auto& s : report.strategies) {
        strategies.push_back({{"name", s.name},
                              {"settings", s.settings},
                              {"runs", s.runs},
                              {"average_rank", number_or_null(s.average_rank)},
                              {"wins", s.wins},
                              {"significant_wins", s.significant_wins}});
    }
    json settings = json::array();
    for (const auto& setting : report.settings) {
        json results = json::array();
        for (const auto& r : setting.results) results.push_back(strategy_result_json(report, setting, r));
        settings.push_back({{"point", setting.point},
                            {"label", setting.label},
                            {"score", setting.measure.metric},
                            {"score_definition", setting.measure.definition},
                            {"goal", setting.measure.higher_is_better ? "maximize" : "minimize"},
                            {"runs", setting.runs.size()},
                            {"best", report.strategies[setting.results[setting.best].strategy].name},
                            {"strategies", results}});
    }
    return {{"format", "hwnas-report/1"},
            {"batch", report.name},
            {"runs_expected", report.expected_runs},
            {"runs_read", report.runs.size()},
            {"missing_runs", report.missing},
            {"dimensions", report.dimensions},
            {"setting_dimensions", report.setting_dimensions},
            {"strategy_dimensions", report.strategy_dimensions},
            {"significance_level", significance_level},
            {"strategies", strategies},
            {"settings", settings}};
}

std::filesystem::path write_report(const Report& report, const ReportOptions& options) {
    const std::filesystem::path html = options.output.empty() ? options.folder / "report.html" : options.output;
    std::filesystem::path json_file = html;
    json_file.replace_extension(".json");
    if (json_file == html) json_file += ".json";
    write_file_atomically(html, report_html(report, options));
    write_file_atomically(json_file, report_json(report).dump(1) + "\n");
    return html;
}

}  // namespace hwnas::engine
