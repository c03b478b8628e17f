#pragma once
// Generational genetic algorithm of HW-EvRSNAS, meant for the "penalty"
// formulation: the engine folds the constraint penalty into the fitness, so
// the GA only maximises fitness (hwnas::better, which also honours hard
// constraints under other formulations).
//
// Generation 0 is `population` random samples. Each of the `generations`
// that follow keeps the `elitism` best members unevaluated and breeds
// population - elitism children: tournament parent, uniform crossover with a
// second tournament parent at `crossover_rate`, then space.mutate at
// `mutation_rate`. A whole generation is bred before it is asked for, so the
// evaluated sequence is the same however the engine splits it into batches.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/strategy.hpp"

namespace hwnas::strategies {

class GaPenalty final : public Strategy {
public:
    /// Throws hwnas::Error for a Pareto problem or elitism >= population.
    GaPenalty(const nlohmann::json& params, SearchContext context);

    /// As much of the current generation as the slots allow; 0 when done.
    std::size_t ask(std::span<Architecture> out) override;
    void tell(std::span<const Evaluation> evaluations) override;

    /// {"generations_completed": n} (generation 0 not counted).
    [[nodiscard]] nlohmann::json info() const override;

private:
    /// What the GA keeps of a member: its architecture and what
    /// hwnas::better compares (a whole Evaluation is 200 bytes to copy).
    struct Member {
        Architecture arch;
        double violation = 0.0;
        double fitness = 0.0;
    };
    /// hwnas::better_rank of each member of population_, while every member has one.
    using Rank = uint128;

    [[nodiscard]] bool finished() const noexcept {
        return !population_.empty() && generations_completed_ >= generations_;
    }
    void breed();
    void finish_generation();
    [[nodiscard]] const Member& tournament_winner();
    void keep_elites();
    /// Member a beats member b (hwnas::better on the kept fields).
    [[nodiscard]] static bool beats(const Member& a, const Member& b) noexcept {
        if (a.violation != b.violation) return a.violation < b.violation;
        return a.fitness > b.fitness;
    }

    SearchContext context_;
    std::size_t population_size_;
    std::uint64_t generations_;
    std::size_t tournament_size_;
    double crossover_rate_;
    double mutation_rate_;
    std::size_t elitism_;

    std::vector<Member> population_;  ///< the last complete generation
    /// The members' ranks, in population_ order, when ranked_: a tournament
    /// then compares them without branches (which member wins is a coin flip,
    /// and the branches of beats() mispredicted often).
    std::vector<Rank> ranks_;
    bool ranked_ = false;
    /// The generation being made, in its final order: elites (filled when the
    /// generation is complete) then the children, bred and told in place so
    /// no member is copied from one buffer to another.
    std::vector<Member> next_;
    std::size_t first_child_ = 0;     ///< where the children start in next_
    std::vector<std::size_t> order_;  ///< scratch: member indices, best first
    std::size_t next_to_ask_ = 0;     ///< index in next_
    std::size_t told_ = 0;
    std::size_t asked_ = 0;
    std::uint64_t generations_completed_ = 0;
};

}  // namespace hwnas::strategies
