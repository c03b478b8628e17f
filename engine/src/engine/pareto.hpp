#pragma once
// Multi-objective measures on fronts of points in minimisation form:
// non-dominated filtering, exact hypervolume (our own: see pareto.cpp for why not pagmo) and
// inverted generational distance.
#include <span>
#include <vector>

namespace hwnas::engine {

using Point = std::vector<double>;

/// Indices of the points no other point dominates (equal points: the first
/// kept), ordered by the first objective.
std::vector<std::size_t> non_dominated(std::span<const Point> points);

/// Hypervolume dominated by `points` and bounded by `reference` (every
/// objective minimised). Points not strictly better than the reference in
/// every objective contribute nothing.
double hypervolume(std::span<const Point> points, const Point& reference);

/// Mean Euclidean distance from each point of `reference_front` to its
/// nearest point of `front`, each objective scaled by the reference front's
/// range (so objectives in different units weigh alike).
double inverted_generational_distance(std::span<const Point> front, std::span<const Point> reference_front);

}  // namespace hwnas::engine
