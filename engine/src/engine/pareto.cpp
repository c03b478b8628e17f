#include "engine/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "hwnas/error.hpp"

// Hypervolume is computed here rather than with pagmo (libpagmo-dev): linking
// pagmo only for it cost every hwnas process 19.7 MB of mapped library pages
// plus 11.4 MB of heap allocated when the library loads (measured with smaps
// and massif), about the whole memory budget of a large NB201 batch.

namespace hwnas::engine {
namespace {

/// 2-D: sweep by the first objective, adding the strip each point opens.
double area(std::vector<Point>& points, const Point& reference) {
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a[0] < b[0]; });
    double total = 0.0;
    double lowest = reference[1];
    for (std::size_t i = 0; i < points.size(); ++i) {
        lowest = std::min(lowest, points[i][1]);
        const double right = i + 1 < points.size() ? points[i + 1][0] : reference[0];
        total += (right - points[i][0]) * (reference[1] - lowest);
    }
    return total;
}

/// Volume dominated by `points` (all strictly inside `reference`) in the
/// first `d` objectives: slice along objective d-1 (HSO). Each slab between
/// consecutive values of that objective is covered by the (d-1)-dimensional
/// volume of the points at or below it. Exact; cost grows like n^(d-1) log n,
/// which is what fronts of a few hundred points in 2-4 objectives need.
double dominated_volume(std::vector<Point> points, const Point& reference, std::size_t d) {
    if (d == 1) {
        double best = reference[0];
        for (const auto& p : points) best = std::min(best, p[0]);
        return reference[0] - best;
    }
    if (d == 2) return area(points, reference);
    const std::size_t last = d - 1;
    std::sort(points.begin(), points.end(), [last](const Point& a, const Point& b) { return a[last] < b[last]; });
    double total = 0.0;
    std::vector<Point> below;
    for (std::size_t i = 0; i < points.size(); ++i) {
        below.push_back(points[i]);
        const double top = i + 1 < points.size() ? points[i + 1][last] : reference[last];
        if (top > points[i][last]) total += (top - points[i][last]) * dominated_volume(below, reference, last);
    }
    return total;
}

bool dominates(const Point& a, const Point& b) {
    bool strictly = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        if (a[i] < b[i]) strictly = true;
    }
    return strictly;
}

}  // namespace

std::vector<std::size_t> non_dominated(std::span<const Point> points) {
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Lexicographic order: a point can only be dominated by (or equal to) an earlier one.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return points[a] < points[b]; });
    std::vector<std::size_t> front;
    for (const std::size_t c : order) {
        const bool covered = std::any_of(front.begin(), front.end(), [&](std::size_t f) {
            return dominates(points[f], points[c]) || points[f] == points[c];
        });
        if (!covered) front.push_back(c);
    }
    return front;
}

double hypervolume(std::span<const Point> points, const Point& reference) {
    std::vector<Point> inside;
    for (const auto& p : points) {
        if (p.size() != reference.size()) throw Error("hypervolume: a point and the reference point differ in dimension");
        bool better = true;
        for (std::size_t i = 0; i < p.size(); ++i) better = better && p[i] < reference[i];
        if (better) inside.push_back(p);
    }
    if (inside.empty()) return 0.0;
    return dominated_volume(std::move(inside), reference, reference.size());
}

double inverted_generational_distance(std::span<const Point> front, std::span<const Point> reference_front) {
    if (reference_front.empty()) return 0.0;
    if (front.empty()) return std::numeric_limits<double>::infinity();
    const std::size_t k = reference_front.front().size();
    std::vector<double> scale(k, 1.0);
    for (std::size_t i = 0; i < k; ++i) {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (const auto& r : reference_front) {
            lo = std::min(lo, r[i]);
            hi = std::max(hi, r[i]);
        }
        if (hi > lo) scale[i] = hi - lo;
    }
    double total = 0.0;
    for (const auto& r : reference_front) {
        double nearest = std::numeric_limits<double>::infinity();
        for (const auto& p : front) {
            double d2 = 0.0;
            for (std::size_t i = 0; i < k; ++i) d2 += std::pow((p[i] - r[i]) / scale[i], 2);
            nearest = std::min(nearest, d2);
        }
        total += std::sqrt(nearest);
    }
    return total / static_cast<double>(reference_front.size());
}

}  // namespace hwnas::engine
