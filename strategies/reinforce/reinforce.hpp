#pragma once
// REINFORCE (Williams 1992) with one independent categorical policy per gene:
// the controller-free policy-gradient baseline of the NAS benchmarks (e.g.
// NAS-Bench-201's REINFORCE), here with plain gradient ascent.
//
// Each gene has one logit per choice; an architecture is one draw from every
// gene's softmax, then space.canonicalize. After every `batch` evaluations:
//   logits[g] += learning_rate * mean_b (reward_b - baseline) * (onehot(a_bg) - softmax(logits[g]))
// where a_bg is the choice drawn for gene g (before canonicalisation, as the
// gradient is of the sampling distribution). The baseline is an exponential
// moving average of rewards with factor `baseline_decay`, started at the
// first reward so the first step does not jump by the reward's scale.
//
// Reward: the evaluation's fitness when it breaks no hard constraint
// (violation == 0); otherwise the lowest fitness seen so far, this one's
// included, so an infeasible architecture is never rewarded above any
// architecture seen and yet the reward stays on the fitness scale.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/strategy.hpp"

namespace hwnas::strategies {

class Reinforce final : public Strategy {
public:
    /// Throws hwnas::Error for a Pareto problem (it needs a scalar fitness).
    Reinforce(const nlohmann::json& params, SearchContext context);

    /// Up to the rest of the current batch; never finishes on its own.
    std::size_t ask(std::span<Architecture> out) override;
    void tell(std::span<const Evaluation> evaluations) override;

    /// {"entropy": sum of per-gene entropies in nats, "most_probable": genes
    /// string of every gene's likeliest choice (canonicalised),
    /// "most_probable_probability": the chance of drawing exactly those
    /// choices, "updates": policy updates made}.
    [[nodiscard]] nlohmann::json info() const override;

private:
    [[nodiscard]] Architecture draw();
    [[nodiscard]] double reward(const Evaluation& evaluation);
    void update_policy();
    void refresh_probabilities(std::size_t gene);
    [[nodiscard]] std::span<double> gene_span(std::vector<double>& values, std::size_t gene);
    [[nodiscard]] std::span<const double> gene_span(const std::vector<double>& values, std::size_t gene) const;

    SearchContext context_;
    double learning_rate_;
    double baseline_decay_;
    std::size_t batch_;

    std::vector<std::size_t> offsets_;  ///< gene g's choices are [offsets_[g], offsets_[g + 1])
    std::vector<double> logits_;
    std::vector<double> probabilities_;  ///< softmax of logits_, per gene
    std::vector<Architecture> drawn_;    ///< raw choices of the current batch
    std::vector<double> rewards_;        ///< rewards of the current batch
    std::size_t drawn_count_ = 0;
    std::size_t told_count_ = 0;
    std::size_t asked_ = 0;
    double baseline_ = 0.0;
    bool has_baseline_ = false;
    double lowest_fitness_ = 0.0;
    bool has_lowest_fitness_ = false;
    std::uint64_t updates_ = 0;
};

}  // namespace hwnas::strategies
