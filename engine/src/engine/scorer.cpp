#include "engine/scorer.hpp"

#include <cmath>
#include <limits>

namespace hwnas::engine {

Scorer::Scorer(const Problem& problem, const FormulationSpec& formulation, std::vector<std::size_t> objective_slots,
               std::vector<std::size_t> constraint_slots)
    : problem_(problem),
      formulation_(formulation),
      objective_slots_(std::move(objective_slots)),
      constraint_slots_(std::move(constraint_slots)) {
    const auto& where = formulation.where;
    const std::size_t n = problem.objectives.size();
    switch (formulation.type) {
        case Formulation::constrained:
        case Formulation::penalty:
            if (n != 1) {
                where.fail("this formulation optimises one objective, the experiment has " + std::to_string(n) +
                           "; use \"weighted_sum\" or \"pareto\" for several");
            }
            break;
        case Formulation::mnasnet:
            if (n != 1 || problem.objectives[0].goal != Goal::maximize || problem.constraints.size() != 1 ||
                !problem.constraints[0].max) {
                where.fail("the mnasnet reward ACC*(LAT/T)^w needs one maximised objective (ACC) and one "
                           "constraint with \"max\" (LAT <= T)");
            }
            break;
        case Formulation::weighted_sum:
            if (formulation.weights.size() != n) {
                where.fail("\"weights\" has " + std::to_string(formulation.weights.size()) + " entries, expected one per objective (" +
                           std::to_string(n) + ")");
            }
            if (!formulation.ranges.empty() && formulation.ranges.size() != n) {
                where.fail("\"ranges\" has " + std::to_string(formulation.ranges.size()) + " entries, expected one per objective (" +
                           std::to_string(n) + ")");
            }
            break;
        case Formulation::pareto:
            break;
    }
}

double Scorer::relative_excess(std::size_t c, double value) const noexcept {
    const auto& spec = problem_.constraints[c];
    const auto relative = [](double excess, double bound) {
        return excess / std::max(std::abs(bound), std::numeric_limits<double>::min());
    };
    if (spec.max && value > *spec.max) return relative(value - *spec.max, *spec.max);
    if (spec.min && value < *spec.min) return relative(*spec.min - value, *spec.min);
    return 0.0;
}

Score Scorer::score(std::span<const double> metrics, std::span<double> objectives) const noexcept {
    for (std::size_t i = 0; i < objective_slots_.size(); ++i) {
        const double v = metrics[objective_slots_[i]];
        objectives[i] = problem_.objectives[i].goal == Goal::maximize ? -v : v;
    }
    double violation = 0.0;
    for (std::size_t c = 0; c < constraint_slots_.size(); ++c) {
        violation += relative_excess(c, metrics[constraint_slots_[c]]);
    }
    const bool feasible = violation == 0.0;

    switch (formulation_.type) {
        case Formulation::constrained:
            return {-objectives[0], violation, feasible};
        case Formulation::penalty: {
            // HW-EvRSNAS: phi(a) + psi(a), psi = weight * (bound - cost) when the bound is exceeded.
            double fitness = -objectives[0];
            for (std::size_t c = 0; c < constraint_slots_.size(); ++c) {
                const auto& spec = problem_.constraints[c];
                const double cost = metrics[constraint_slots_[c]];
                if (spec.max && cost > *spec.max) fitness += formulation_.penalty_weight * (*spec.max - cost);
                if (spec.min && cost < *spec.min) fitness += formulation_.penalty_weight * (cost - *spec.min);
            }
            return {fitness, 0.0, feasible};
        }
        case Formulation::mnasnet: {
            const double accuracy = -objectives[0];
            const double latency = metrics[constraint_slots_[0]];
            const double target = *problem_.constraints[0].max;
            const double w = latency <= target ? formulation_.mnasnet_alpha : formulation_.mnasnet_beta;
            return {accuracy * std::pow(latency / target, w), 0.0, feasible};
        }
        case Formulation::weighted_sum: {
            double total = 0.0;
            for (std::size_t i = 0; i < objectives.size(); ++i) {
                double v = objectives[i];
                if (!formulation_.ranges.empty()) {
                    // Normalise the metric, then put it back in minimisation form.
                    const auto [lo, hi] = formulation_.ranges[i];
                    const double raw = metrics[objective_slots_[i]];
                    v = (raw - lo) / (hi - lo);
                    if (problem_.objectives[i].goal == Goal::maximize) v = -v;
                }
                total += formulation_.weights[i] * v;
            }
            return {-total, violation, feasible};
        }
        case Formulation::pareto:
            return {std::numeric_limits<double>::quiet_NaN(), violation, feasible};
    }
    return {std::numeric_limits<double>::quiet_NaN(), violation, feasible};
}

}  // namespace hwnas::engine
