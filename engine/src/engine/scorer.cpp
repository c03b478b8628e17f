#include "engine/scorer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwnas::engine {
namespace {

/// What a relative excess over `bound` is divided by (never 0).
double excess_scale(double bound) { return std::max(std::abs(bound), std::numeric_limits<double>::min()); }

}  // namespace

Scorer::Scorer(const Problem& problem, const FormulationSpec& formulation, std::vector<std::size_t> objective_slots,
               std::vector<std::size_t> constraint_slots)
    : problem_(problem), formulation_(formulation), objective_slots_(std::move(objective_slots)) {
    for (std::size_t i = 0; i < objective_slots_.size(); ++i) {
        objective_terms_.push_back({objective_slots_[i], problem.objectives[i].goal == Goal::maximize});
    }
    for (std::size_t c = 0; c < constraint_slots.size(); ++c) {
        const auto& spec = problem.constraints[c];
        const double max = spec.max.value_or(0.0);
        const double min = spec.min.value_or(0.0);
        constraint_terms_.push_back({constraint_slots[c], spec.max.has_value(), spec.min.has_value(), max, min,
                                     excess_scale(max), excess_scale(min)});
    }
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

double Scorer::relative_excess(const ConstraintTerm& c, double value) const noexcept {
    if (c.has_max && value > c.max) return (value - c.max) / c.max_scale;
    if (c.has_min && value < c.min) return (c.min - value) / c.min_scale;
    return 0.0;
}

Score Scorer::score(std::span<const double> metrics, std::span<double> objectives) const noexcept {
    for (std::size_t i = 0; i < objective_terms_.size(); ++i) {
        const double v = metrics[objective_terms_[i].slot];
        objectives[i] = objective_terms_[i].negate ? -v : v;
    }
    double violation = 0.0;
    for (const ConstraintTerm& c : constraint_terms_) violation += relative_excess(c, metrics[c.slot]);
    const bool feasible = violation == 0.0;

    switch (formulation_.type) {
        case Formulation::constrained:
            return {-objectives[0], violation, feasible};
        case Formulation::penalty: {
            // HW-EvRSNAS: phi(a) + psi(a), psi = weight * (bound - cost) when the bound is exceeded.
            double fitness = -objectives[0];
            for (const ConstraintTerm& c : constraint_terms_) {
                const double cost = metrics[c.slot];
                if (c.has_max && cost > c.max) fitness += formulation_.penalty_weight * (c.max - cost);
                if (c.has_min && cost < c.min) fitness += formulation_.penalty_weight * (cost - c.min);
            }
            return {fitness, 0.0, feasible};
        }
        case Formulation::mnasnet: {
            const double accuracy = -objectives[0];
            const double latency = metrics[constraint_terms_[0].slot];
            const double target = constraint_terms_[0].max;
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
