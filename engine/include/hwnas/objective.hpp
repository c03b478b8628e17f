#pragma once
// The optimisation problem as strategies see it: which metrics are recorded,
// which are objectives and constraints, and how they fold into a fitness.
// The engine computes every Evaluation field from these; strategies only read.
#include <optional>
#include <string>
#include <vector>

#include "hwnas/metric.hpp"

namespace hwnas {

enum class Goal { minimize, maximize };

struct ObjectiveSpec {
    std::string metric;  ///< name of a provider metric
    Goal goal = Goal::minimize;
};

struct ConstraintSpec {
    std::string metric;
    std::optional<double> max;  ///< metric <= max
    std::optional<double> min;  ///< metric >= min
};

/// How objectives and constraints become Evaluation::fitness/violation.
enum class Formulation {
    constrained,   ///< fitness = the single objective; constraints are hard (violation)
    penalty,       ///< fitness = objective + weight * (bound - cost) for each exceeded bound
    mnasnet,       ///< fitness = ACC * (LAT / T)^w, MnasNet's soft reward
    weighted_sum,  ///< fitness = -sum_i w_i * normalised objective_i (minimisation form)
    pareto,        ///< no scalar fitness: strategies use Evaluation::objectives
};

struct Problem {
    std::vector<MetricInfo> metrics;  ///< order of Evaluation::metrics
    std::vector<ObjectiveSpec> objectives;
    std::vector<ConstraintSpec> constraints;
    Formulation formulation = Formulation::constrained;

    [[nodiscard]] bool has_scalar_fitness() const noexcept {
        return formulation != Formulation::pareto;
    }
};

}  // namespace hwnas
