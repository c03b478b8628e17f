#include "engine/report_plots.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/grid.hpp"
#include "engine/report_svg.hpp"

namespace hwnas::engine {
namespace {

/// Points of the aggregate curves (log-spaced over many evaluations).
constexpr std::size_t aggregate_points = 160;

/// The band in the plotted units: quality as is, or negated back for a quantity to minimise.
AnytimeSeries series_of(const std::string& name, std::size_t colour, const Band& band, bool higher_is_better) {
    AnytimeSeries s{name, series_colour(colour), band.x, band.low, band.median, band.high};
    if (!higher_is_better) {
        for (auto* values : {&s.low, &s.median, &s.high}) {
            for (double& v : *values) v = -v;
        }
        std::swap(s.low, s.high);
    }
    return s;
}

std::string runs_label(const std::string& name, std::size_t runs) {
    return fmt::format("{} ({} run{})", name, runs, runs == 1 ? "" : "s");
}

std::string direction(bool higher_is_better) { return higher_is_better ? "higher is better" : "lower is better"; }

/// Non-dominated points (minimisation form) as a staircase from the best first objective on.
std::vector<std::array<double, 2>> staircase(std::vector<std::array<double, 2>> points) {
    std::sort(points.begin(), points.end());
    std::vector<std::array<double, 2>> outline;
    double ceiling = INFINITY;
    for (const auto& p : points) {
        if (!(p[1] < ceiling)) continue;
        if (!outline.empty()) outline.push_back({p[0], outline.back()[1]});
        outline.push_back(p);
        ceiling = p[1];
    }
    return outline;
}

/// Evaluation counts at which pooled curves are sampled: log-spaced from 1 when they span 100 or more.
std::vector<double> sample_points(double last) {
    std::vector<double> points;
    if (last < 100.0) {
        for (double x = 1.0; x <= last; x += 1.0) points.push_back(x);
    } else {
        const double top = std::log10(last);
        for (std::size_t i = 0; i < aggregate_points; ++i) {
            points.push_back(std::pow(10.0, top * static_cast<double>(i) / static_cast<double>(aggregate_points - 1)));
        }
    }
    if (points.empty() || points.back() < last) points.push_back(last);
    points.back() = last;
    return points;
}

/// The setting's curves as normalised regret, negated (quality form): 0 at the best
/// value any run of the setting reached, 1 at the worst value any curve started from.
std::vector<StepCurve> regret_curves(const Report& report, const Setting& setting) {
    double best = -INFINITY;
    double worst = INFINITY;
    for (const std::size_t i : setting.runs) {
        const auto& y = report.runs[i].curve.y;
        if (y.empty()) continue;
        best = std::max(best, y.back());
        worst = std::min(worst, y.front());
    }
    std::vector<StepCurve> curves;
    for (const std::size_t i : setting.runs) {
        StepCurve c = report.runs[i].curve;
        for (double& v : c.y) v = best > worst ? -(best - v) / (best - worst) : 0.0;
        curves.push_back(std::move(c));
    }
    return curves;
}

/// Fronts often reach far into bad values (NB201's cells without convolutions: ~0 ms, 10 %), which
/// squeezes the rest into a line: each axis shows the best 95 % of the front points.
void clip_worst_points(ScatterPlot& plot, const Measure& m) {
    constexpr double shown = 0.95;
    bool clipped = false;
    for (std::size_t k = 0; k < 2; ++k) {
        std::vector<double> quality;
        for (const auto& s : plot.series) {
            for (const auto* points : {&s.points, &s.outline}) {
                for (const auto& p : *points) quality.push_back(m.front_maximize[k] ? p[k] : -p[k]);
            }
        }
        if (quality.empty()) return;
        const double worst_shown = quality_quantile(quality, 1.0 - shown);
        const double best = *std::max_element(quality.begin(), quality.end());
        const double worst = *std::min_element(quality.begin(), quality.end());
        clipped = clipped || worst_shown > worst;
        const std::array<double, 2> range =
            m.front_maximize[k] ? std::array<double, 2>{worst_shown, best} : std::array<double, 2>{-best, -worst_shown};
        (k == 0 ? plot.x_range : plot.y_range) = range;
    }
    if (clipped) plot.note = "Axes show the best 95 % of the points in each objective; worse ones lie beyond the edges.";
}

struct Pool {
    std::string title;
    std::size_t settings = 0;
    std::vector<std::vector<StepCurve>> curves;  ///< per strategy
    std::vector<double> last;                    ///< per strategy: most evaluations of a run
};

void add_setting(Pool& pool, const Report& report, const Setting& setting) {
    ++pool.settings;
    const auto regrets = regret_curves(report, setting);
    for (std::size_t k = 0; k < setting.runs.size(); ++k) {
        const RunRecord& run = report.runs[setting.runs[k]];
        pool.curves[run.strategy].push_back(regrets[k]);
        pool.last[run.strategy] = std::max(pool.last[run.strategy], run.evaluations);
    }
}

std::string pool_svg(const Report& report, const Pool& pool) {
    AnytimePlot plot;
    plot.title = fmt::format("{} ({} setting{})", pool.title, pool.settings, pool.settings == 1 ? "" : "s");
    plot.x_label = "evaluations";
    plot.y_label = "normalised regret (lower is better)";
    const double last = *std::max_element(pool.last.begin(), pool.last.end());
    const auto points = sample_points(last);
    for (std::size_t t = 0; t < pool.curves.size(); ++t) {
        if (pool.curves[t].empty()) continue;
        std::vector<double> at;
        for (const double x : points) {
            if (x <= pool.last[t]) at.push_back(x);
        }
        if (at.empty() || at.back() < pool.last[t]) at.push_back(pool.last[t]);
        const Band band = quartile_band(pool.curves[t], at);
        plot.series.push_back(series_of(runs_label(report.strategies[t].name, pool.curves[t].size()), t, band, false));
    }
    return anytime_svg(plot);
}

}  // namespace

std::string setting_curves_svg(const Report& report, const Setting& setting) {
    if (setting.measure.curve.empty()) return "";
    AnytimePlot plot;
    plot.title = "Best feasible " + setting.measure.curve + " over evaluations";
    plot.description = setting.label;
    plot.x_label = "evaluations";
    plot.y_label = "best feasible " + setting.measure.curve + " so far (" +
                   direction(setting.measure.curve_higher_is_better) + ")";
    for (const auto& result : setting.results) {
        std::vector<StepCurve> curves;
        double last = 0.0;
        for (const std::size_t i : setting.runs) {
            const RunRecord& run = report.runs[i];
            if (run.strategy != result.strategy) continue;
            curves.push_back(run.curve);
            last = std::max(last, run.evaluations);
        }
        const Band band = quartile_band(curves, change_points(curves, last));
        plot.series.push_back(series_of(runs_label(report.strategies[result.strategy].name, result.runs),
                                        result.strategy, band, setting.measure.curve_higher_is_better));
    }
    return anytime_svg(plot);
}

std::string setting_fronts_svg(const Report& report, const Setting& setting) {
    const Measure& m = setting.measure;
    if (m.front_metrics.size() < 2) return "";
    const auto oriented = [&](const std::array<double, 2>& p) {  // metric values <-> minimisation form
        return std::array<double, 2>{m.front_maximize[0] ? -p[0] : p[0], m.front_maximize[1] ? -p[1] : p[1]};
    };
    const auto outline_of = [&](const std::vector<std::array<double, 2>>& points) {
        std::vector<std::array<double, 2>> minimised;
        for (const auto& p : points) minimised.push_back(oriented(p));
        auto outline = staircase(minimised);
        for (auto& p : outline) p = oriented(p);
        return outline;
    };
    ScatterPlot plot;
    plot.title = "Pareto fronts of all runs, and each strategy's combined front";
    plot.description = setting.label;
    plot.x_label = m.front_metrics[0] + " (" + direction(m.front_maximize[0]) + ")";
    plot.y_label = m.front_metrics[1] + " (" + direction(m.front_maximize[1]) + ")";
    for (const auto& result : setting.results) {
        ScatterSeries s{runs_label(report.strategies[result.strategy].name, result.runs), series_colour(result.strategy), {}, {}};
        for (const std::size_t i : setting.runs) {
            const RunRecord& run = report.runs[i];
            if (run.strategy == result.strategy) s.points.insert(s.points.end(), run.front.begin(), run.front.end());
        }
        s.outline = outline_of(s.points);
        plot.series.push_back(std::move(s));
    }
    const auto& header = report.true_front_metrics;
    const auto a = std::find(header.begin(), header.end(), m.front_metrics[0]);
    const auto b = std::find(header.begin(), header.end(), m.front_metrics[1]);
    if (a != header.end() && b != header.end()) {
        std::vector<std::array<double, 2>> truth;
        for (const auto& row : report.true_front) truth.push_back({row[a - header.begin()], row[b - header.begin()]});
        plot.series.push_back({"true front", "#333333", {}, outline_of(truth), true});
    }
    clip_worst_points(plot, m);
    return scatter_svg(plot);
}

std::vector<std::string> aggregate_svgs(const Report& report) {
    const std::size_t strategies = report.strategies.size();
    const auto empty_pool = [&](std::string title) {
        return Pool{std::move(title), 0, std::vector<std::vector<StepCurve>>(strategies), std::vector<double>(strategies, 0.0)};
    };
    Pool all = empty_pool("all settings");
    std::vector<std::string> order;
    std::map<std::string, Pool> by_value;
    for (const auto& setting : report.settings) {
        if (setting.measure.curve.empty()) continue;
        add_setting(all, report, setting);
        if (report.aggregate_dimension.empty()) continue;
        const std::string title =
            dimension_name(report.aggregate_dimension) + "=" + value_label(setting.point.value(report.aggregate_dimension, nlohmann::json()));
        if (by_value.find(title) == by_value.end()) {
            by_value.emplace(title, empty_pool(title));
            order.push_back(title);
        }
        add_setting(by_value.at(title), report, setting);
    }
    if (all.settings < 2) return {};
    std::vector<std::string> svgs = {pool_svg(report, all)};
    for (const auto& title : order) svgs.push_back(pool_svg(report, by_value.at(title)));
    return svgs;
}

}  // namespace hwnas::engine
