#include "engine/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <pagmo/utils/hypervolume.hpp>

#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

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
    std::vector<pagmo::vector_double> inside;
    for (const auto& p : points) {
        if (p.size() != reference.size()) throw Error("hypervolume: a point and the reference point differ in dimension");
        bool better = true;
        for (std::size_t i = 0; i < p.size(); ++i) better = better && p[i] < reference[i];
        if (better) inside.push_back(p);
    }
    if (inside.empty()) return 0.0;
    return pagmo::hypervolume(inside, true).compute(reference);
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
