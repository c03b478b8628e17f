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
    /// One objective as score() reads it: where its value is and whether it is negated.
    struct ObjectiveTerm {
        std::size_t slot;
        bool negate;  ///< maximised: minimisation form is -value
    };
    /// One constraint flattened out of its ConstraintSpec (no optionals, no
    /// strings in the way), so the loop over constraints stays in registers.
    struct ConstraintTerm {
        std::size_t slot;
        bool has_max;
        bool has_min;
        double max;
        double min;
        double max_scale;  ///< max(|max|, smallest normal): relative excesses divide by it
        double min_scale;
    };

    double relative_excess(const ConstraintTerm& c, double value) const noexcept;

    const Problem& problem_;
    FormulationSpec formulation_;
    std::vector<std::size_t> objective_slots_;
    std::vector<ObjectiveTerm> objective_terms_;
    std::vector<ConstraintTerm> constraint_terms_;
};

}  // namespace hwnas::engine
