#pragma once
// Fast non-dominated sorting and crowding distance (Deb et al. 2002,
// "A fast and elitist multiobjective genetic algorithm: NSGA-II"), as pure
// functions over flat spans so NSGA-II and its tests share one definition.
//
// Points are rows of a row-major matrix: point i's `k` objectives are
// objectives[i*k .. i*k+k), all minimised. Constraints enter through
// Deb's constraint-domination on a per-point violation (0 = feasible).
// Ties are broken by point index, so results do not depend on the sort
// algorithm of the standard library.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace hwnas::nsga2 {

/// Pareto dominance on minimised objectives: a is nowhere worse, somewhere better.
inline bool dominates(std::span<const double> a, std::span<const double> b) noexcept {
    bool strictly_better = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        if (a[i] < b[i]) strictly_better = true;
    }
    return strictly_better;
}

/// Deb's constraint-domination: a feasible point dominates an infeasible
/// one; of two infeasible points the less violating one dominates; two
/// feasible points compare by Pareto dominance.
inline bool constrained_dominates(std::span<const double> a, double a_violation, std::span<const double> b,
                                  double b_violation) noexcept {
    const bool a_feasible = a_violation <= 0.0;
    const bool b_feasible = b_violation <= 0.0;
    if (a_feasible != b_feasible) return a_feasible;
    if (!a_feasible) return a_violation < b_violation;
    return dominates(a, b);
}

/// Buffers kept between calls, so sorting a population of a fixed size
/// allocates only the first time.
struct SortWorkspace {
    std::vector<std::uint8_t> dominance;           ///< n x n: [p*n+q] = 1 when p dominates q
    std::vector<std::uint32_t> dominator_count;    ///< per point, dominators not yet ranked
    std::vector<std::uint32_t> front, next_front;  ///< point indices
};

/// Writes each point's front to rank (0 = non-dominated, 1 = dominated only
/// by front 0, ...) and returns the number of fronts. O(n^2 k).
inline std::size_t non_dominated_sort(std::span<const double> objectives, std::size_t k,
                                      std::span<const double> violation, std::span<std::size_t> rank,
                                      SortWorkspace& work) {
    const std::size_t n = violation.size();
    const auto point = [&](std::size_t i) { return objectives.subspan(i * k, k); };
    work.dominance.assign(n * n, 0);
    work.dominator_count.assign(n, 0);
    for (std::size_t p = 0; p < n; ++p) {
        for (std::size_t q = p + 1; q < n; ++q) {
            if (constrained_dominates(point(p), violation[p], point(q), violation[q])) {
                work.dominance[p * n + q] = 1;
                ++work.dominator_count[q];
            } else if (constrained_dominates(point(q), violation[q], point(p), violation[p])) {
                work.dominance[q * n + p] = 1;
                ++work.dominator_count[p];
            }
        }
    }
    work.front.clear();
    for (std::size_t p = 0; p < n; ++p) {
        if (work.dominator_count[p] == 0) work.front.push_back(static_cast<std::uint32_t>(p));
    }
    std::size_t fronts = 0;
    while (!work.front.empty()) {
        work.next_front.clear();
        for (const std::uint32_t p : work.front) {
            rank[p] = fronts;
            for (std::size_t q = 0; q < n; ++q) {
                if (work.dominance[p * n + q] && --work.dominator_count[q] == 0) {
                    work.next_front.push_back(static_cast<std::uint32_t>(q));
                }
            }
        }
        work.front.swap(work.next_front);
        ++fronts;
    }
    return fronts;
}

inline std::size_t non_dominated_sort(std::span<const double> objectives, std::size_t k,
                                      std::span<const double> violation, std::span<std::size_t> rank) {
    SortWorkspace work;
    return non_dominated_sort(objectives, k, violation, rank, work);
}

/// Crowding distance of the points of one front (indices into the matrix),
/// written to distance[i] for each i in front; other entries are untouched.
/// Per objective, the front is ordered by value: the two extremes get
/// +infinity, every other point adds the gap between its neighbours divided
/// by the objective's range (an objective with zero range adds nothing).
/// `order` is scratch.
inline void crowding_distance(std::span<const double> objectives, std::size_t k, std::span<const std::size_t> front,
                              std::span<double> distance, std::vector<std::size_t>& order) {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    for (const std::size_t i : front) distance[i] = front.size() <= 2 ? infinity : 0.0;
    if (front.size() <= 2) return;
    order.assign(front.begin(), front.end());
    for (std::size_t m = 0; m < k; ++m) {
        const auto value = [&](std::size_t i) { return objectives[i * k + m]; };
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return value(a) != value(b) ? value(a) < value(b) : a < b; });
        distance[order.front()] = infinity;
        distance[order.back()] = infinity;
        const double range = value(order.back()) - value(order.front());
        if (range <= 0.0) continue;
        for (std::size_t j = 1; j + 1 < order.size(); ++j) {
            distance[order[j]] += (value(order[j + 1]) - value(order[j - 1])) / range;
        }
    }
}

inline void crowding_distance(std::span<const double> objectives, std::size_t k, std::span<const std::size_t> front,
                              std::span<double> distance) {
    std::vector<std::size_t> order;
    crowding_distance(objectives, k, front, distance, order);
}

}  // namespace hwnas::nsga2
