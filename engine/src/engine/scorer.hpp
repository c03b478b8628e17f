#pragma once
// Scorer: turns an architecture's metric values into what strategies see
// (objectives in minimisation form, fitness, violation, feasibility) under
// the experiment's formulation. One place for every formulation, so every
// strategy works with every formulation.
#include <span>
#include <vector>

#include "engine/experiment.hpp"
#include "hwnas/objective.hpp"

namespace hwnas::engine {

struct Score {
    double fitness;
    double violation;
    bool feasible;
};

class Scorer {
public:
    /// `objective_slots[i]` / `constraint_slots[j]`: where objective i and
    /// constraint j sit in the metric vector. Throws at the formulation's
    /// location if the formulation does not fit the objectives/constraints.
    Scorer(const Problem& problem, const FormulationSpec& formulation, std::vector<std::size_t> objective_slots,
           std::vector<std::size_t> constraint_slots);

    /// Fills `objectives` (one per objective) and returns fitness and constraint status.
    Score score(std::span<const double> metrics, std::span<double> objectives) const noexcept;

    [[nodiscard]] std::size_t objective_count() const noexcept { return objective_slots_.size(); }

private:
    double relative_excess(std::size_t constraint, double value) const noexcept;

    const Problem& problem_;
    FormulationSpec formulation_;
    std::vector<std::size_t> objective_slots_;
    std::vector<std::size_t> constraint_slots_;
};

}  // namespace hwnas::engine
