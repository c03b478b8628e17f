#include "engine/report_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/stats.hpp"
#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

constexpr double worst = -std::numeric_limits<double>::infinity();

/// NaN ("no value yet") becomes -inf so that sorting and ranking place it below every number.
double ranked(double quality) { return std::isnan(quality) ? worst : quality; }

/// Sum of t^3 - t over the groups of t equal values of a sorted sample.
double tie_term(const std::vector<double>& sorted) {
    double total = 0.0;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= sorted.size(); ++i) {
        if (i < sorted.size() && sorted[i] == sorted[start]) continue;
        const auto t = static_cast<double>(i - start);
        total += t * t * t - t;
        start = i;
    }
    return total;
}

}  // namespace

MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y) {
    if (x.empty() || y.empty()) throw Error("Mann-Whitney U test: both samples need at least one value");
    std::vector<double> pooled;
    pooled.reserve(x.size() + y.size());
    for (const double v : x) pooled.push_back(ranked(v));
    for (const double v : y) pooled.push_back(ranked(v));
    const std::vector<double> ranks = average_ranks(pooled);

    const auto n1 = static_cast<double>(x.size());
    const auto n2 = static_cast<double>(y.size());
    const double n = n1 + n2;
    double rank_sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) rank_sum += ranks[i];

    MannWhitney result;
    result.u = rank_sum - n1 * (n1 + 1.0) / 2.0;
    std::sort(pooled.begin(), pooled.end());
    const double variance = n1 * n2 / 12.0 * ((n + 1.0) - tie_term(pooled) / (n * (n - 1.0)));
    if (!(variance > 0.0)) return result;  // every value tied (or one value in all): no evidence of a difference
    result.z = std::max(0.0, std::abs(result.u - n1 * n2 / 2.0) - 0.5) / std::sqrt(variance);
    result.p = std::min(1.0, std::erfc(result.z / std::sqrt(2.0)));
    return result;
}

double quality_quantile(std::span<const double> values, double p) {
    if (values.empty()) return undefined;
    std::vector<double> sorted;
    sorted.reserve(values.size());
    for (const double v : values) sorted.push_back(ranked(v));
    std::sort(sorted.begin(), sorted.end());
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto lower = static_cast<std::size_t>(std::floor(h));
    const double fraction = h - static_cast<double>(lower);
    const double below = sorted[lower];
    if (fraction == 0.0) return std::isinf(below) ? undefined : below;
    const double above = sorted[lower + 1];
    if (std::isinf(below) || std::isinf(above)) return undefined;
    return below + fraction * (above - below);
}

Summary summarize(std::span<const double> values) {
    std::vector<double> present;
    for (const double v : values) {
        if (!std::isnan(v)) present.push_back(v);
    }
    Summary s;
    s.count = present.size();
    if (present.empty()) return {0, undefined, undefined, undefined};
    double sum = 0.0;
    for (const double v : present) sum += v;
    s.mean = sum / static_cast<double>(s.count);
    double squares = 0.0;
    for (const double v : present) squares += (v - s.mean) * (v - s.mean);
    s.std = s.count > 1 ? std::sqrt(squares / static_cast<double>(s.count - 1)) : undefined;
    s.median = quality_quantile(present, 0.5);
    return s;
}

double value_at(const StepCurve& curve, double evaluations) {
    const auto after = std::upper_bound(curve.x.begin(), curve.x.end(), evaluations);
    if (after == curve.x.begin()) return undefined;
    return curve.y[static_cast<std::size_t>(after - curve.x.begin()) - 1];
}

Band quartile_band(std::span<const StepCurve> runs, std::span<const double> at) {
    Band band;
    band.x.assign(at.begin(), at.end());
    std::vector<double> values(runs.size());
    for (const double x : at) {
        for (std::size_t r = 0; r < runs.size(); ++r) values[r] = value_at(runs[r], x);
        band.low.push_back(quality_quantile(values, 0.25));
        band.median.push_back(quality_quantile(values, 0.5));
        band.high.push_back(quality_quantile(values, 0.75));
    }
    return band;
}

std::vector<double> change_points(std::span<const StepCurve> runs, double last) {
    std::vector<double> points;
    for (const auto& run : runs) points.insert(points.end(), run.x.begin(), run.x.end());
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    if (points.empty() || points.back() < last) points.push_back(last);
    return points;
}

double hypervolume_2d(std::vector<std::array<double, 2>> points, std::array<double, 2> reference) {
    std::sort(points.begin(), points.end());
    double volume = 0.0;
    double ceiling = reference[1];  // the second objective the points so far already cover
    for (const auto& [first, second] : points) {
        if (first >= reference[0] || second >= ceiling) continue;
        volume += (reference[0] - first) * (ceiling - second);
        ceiling = second;
    }
    return volume;
}

}  // namespace hwnas::engine
