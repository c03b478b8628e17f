#pragma once
// NSGA-II (Deb et al. 2002) over Evaluation::objectives (minimisation form,
// any count) with constraint-domination on Evaluation::violation. Needs no
// scalar fitness, so it is the strategy for the "pareto" formulation.
//
// Generation 0 is `population` random samples. Every generation then breeds
// `population` children (binary tournament on (rank, crowding distance),
// space.crossover at `crossover_rate`, space.mutate at `mutation_rate`),
// evaluates them, and keeps the best `population` of parents + children by
// non-dominated front, then crowding distance. A whole generation is bred
// before it is asked for, so the evaluated sequence does not depend on how
// the engine batches it. Runs until the engine's budget ends.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/strategy.hpp"
#include "pareto_ranking.hpp"

namespace hwnas::strategies {

class Nsga2 final : public Strategy {
public:
    /// Throws hwnas::Error when the problem has no objective.
    Nsga2(const nlohmann::json& params, SearchContext context);

    /// As much of the current generation as the slots allow.
    std::size_t ask(std::span<Architecture> out) override;
    void tell(std::span<const Evaluation> evaluations) override;

    /// {"generations_completed": n (generation 0 not counted),
    ///  "first_front": members of the population in its first front}.
    [[nodiscard]] nlohmann::json info() const override;

private:
    /// Parents live in slots [0, population), children in [population, 2 population).
    struct Pool {
        std::vector<Architecture> archs;
        std::vector<double> objectives;  ///< row-major, objective_count_ per slot
        std::vector<double> violation;
        std::vector<std::size_t> rank;
        std::vector<double> crowding;
    };

    void breed();
    void finish_generation();
    /// Ranks and crowding distances of slots [0, count) of pool_.
    void rank_pool(std::size_t count);
    void select_survivors();
    [[nodiscard]] std::size_t tournament_winner();
    [[nodiscard]] std::span<const double> objectives_of(std::size_t slot) const;

    SearchContext context_;
    std::size_t population_;
    double crossover_rate_;
    double mutation_rate_;
    std::size_t objective_count_;

    Pool pool_;
    Pool survivors_;  ///< scratch for the next parents
    nsga2::SortWorkspace sort_work_;
    std::vector<std::size_t> order_;  ///< scratch: slot indices
    std::vector<std::size_t> front_;  ///< scratch: one front's slots
    std::vector<std::size_t> crowding_order_;

    std::size_t first_slot_ = 0;       ///< where the generation being evaluated starts
    std::size_t generation_size_ = 0;  ///< its size (0 when none is under way)
    std::size_t next_to_ask_ = 0;      ///< offset in it
    std::size_t told_ = 0;
    std::size_t asked_ = 0;
    bool has_parents_ = false;
    std::uint64_t generations_completed_ = 0;
};

}  // namespace hwnas::strategies
