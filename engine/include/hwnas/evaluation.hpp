#pragma once
// Evaluation: what a strategy is told about one architecture it asked for.
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>

#include "hwnas/architecture.hpp"
#include "hwnas/rng.hpp"

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

/// One integer whose order is better()'s, smaller being better: a < b
/// exactly when better(a, b), equal exactly when neither is better. Compared
/// without branches, e.g. in a tournament, where which side wins is a coin
/// flip a branch would mispredict. None when a field is NaN or the violation
/// is negative: compare those with better().
///
/// Non-negative doubles order as their bit patterns; the negated fitness is
/// mapped to an unsigned integer of the same order by flipping the sign bit
/// (positives) or every bit (negatives). Adding 0.0 turns -0.0 into +0.0,
/// which == treats as equal.
[[nodiscard]] inline std::optional<uint128> better_rank(double violation, double fitness) noexcept {
    if (std::isnan(violation) || std::isnan(fitness) || violation < 0.0) return std::nullopt;
    const auto v = std::bit_cast<std::uint64_t>(violation + 0.0);
    const auto f = std::bit_cast<std::uint64_t>(0.0 - fitness);
    constexpr std::uint64_t sign = std::uint64_t{1} << 63;
    const std::uint64_t f_ordered = (f & sign) != 0 ? ~f : f | sign;
    return (static_cast<uint128>(v) << 64) | f_ordered;
}

}  // namespace hwnas
