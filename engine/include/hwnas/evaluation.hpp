#pragma once
// Evaluation: what a strategy is told about one architecture it asked for.
#include <cmath>
#include <cstdint>
#include <span>

#include "hwnas/architecture.hpp"

namespace hwnas {

struct Evaluation {
    Architecture arch;
    std::uint64_t step = 0;  ///< 0-based position in the run's evaluation sequence

    /// Values of the experiment's metrics, in Problem::metrics order. Views
    /// engine storage that is valid only during Strategy::tell: copy what you keep.
    std::span<const double> metrics;

    /// One value per objective, in minimisation form (maximised metrics negated).
    std::span<const double> objectives;

    /// Scalar to maximise under the experiment's formulation (objective,
    /// penalised objective, MnasNet reward, weighted sum). NaN when the
    /// formulation defines none (multi-objective Pareto search).
    double fitness = std::nan("");

    /// How far hard constraints are exceeded (sum of relative excesses); 0 when
    /// all hold or when the formulation folds constraints into `fitness`.
    double violation = 0.0;

    /// Whether every constraint holds, whatever the formulation.
    bool feasible = true;
};

/// Deb's constrained comparison on the scalar fitness: less violation wins;
/// at equal violation, higher fitness wins. Strict: false for ties.
inline bool better(const Evaluation& a, const Evaluation& b) noexcept {
    if (a.violation != b.violation) return a.violation < b.violation;
    return a.fitness > b.fitness;
}

}  // namespace hwnas
