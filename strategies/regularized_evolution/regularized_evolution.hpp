#pragma once
// Regularized (aging) evolution, Real et al. 2019, "Regularized Evolution for
// Image Classifier Architecture Search", Algorithm 1.
//
// A population of `population` members starts as random samples. Each later
// step samples `sample_size` members uniformly with replacement, mutates the
// best of them (hwnas::better) and, once the child is evaluated, adds it and
// removes the OLDEST member, so every member dies `population` steps after
// it was born, however good it is.
//
// The population is a ring buffer of fixed capacity and the tournament reads
// only scalars, so a step costs O(sample_size) and never allocates.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/strategy.hpp"

namespace hwnas::strategies {

class RegularizedEvolution final : public Strategy {
public:
    /// Throws hwnas::Error for a Pareto problem (it needs a scalar fitness).
    RegularizedEvolution(const nlohmann::json& params, SearchContext context);

    /// While the population fills: up to the remaining initial samples.
    /// Afterwards: exactly one child per call (the paper's sequential loop).
    std::size_t ask(std::span<Architecture> out) override;
    void tell(std::span<const Evaluation> evaluations) override;

    /// {"children": mutated children evaluated so far, "population": members now}.
    [[nodiscard]] nlohmann::json info() const override;

private:
    /// hwnas::better_rank: the same order as one integer, compared without branches.
    using Rank = uint128;

    [[nodiscard]] bool filling() const noexcept { return archs_.size() < population_; }
    /// Index of the best of sample_size members drawn with replacement.
    [[nodiscard]] std::size_t tournament_winner();
    /// Draws sample_size member indices and calls take(index) for each, in order.
    template <typename Take>
    void draw_members(Take take);
    void add_member(const Evaluation& evaluation);

    SearchContext context_;
    std::size_t population_;
    std::size_t sample_size_;
    std::uint32_t threshold_;  ///< 2^32 mod population: member draws below it are rejected
    /// Members as parallel arrays: the tournament reads only the compact keys.
    /// Until full they are in birth order; afterwards oldest_ marks the slot
    /// the next child overwrites.
    /// What a tournament compares (hwnas::better) is kept in two arrays, not
    /// one array of pairs: a pair is copied with one 16-byte load, which
    /// cannot be forwarded from the engine's two 8-byte stores just before
    /// and waits for them to reach the cache.
    std::vector<Architecture> archs_;
    std::vector<double> violations_;
    std::vector<double> fitnesses_;
    std::vector<Rank> ranks_;     ///< the keys as ranks, while every key has one
    bool ranked_ = true;          ///< false once a key without a rank was seen
    std::size_t oldest_ = 0;
    std::size_t initial_asked_ = 0;
    std::size_t asked_ = 0;
    std::uint64_t children_ = 0;
    std::uint64_t spare_bits_ = 0;  ///< unused 32 random bits, valid when has_spare_
    bool has_spare_ = false;
};

}  // namespace hwnas::strategies
