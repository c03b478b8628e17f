#include "ga_penalty.hpp"

#include <algorithm>
#include <new>
#include <numeric>
#include <string>
#include <type_traits>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "ga_penalty";

}  // namespace

GaPenalty::GaPenalty(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      population_size_(static_cast<std::size_t>(integer_param(params, strategy_name, "population", 1))),
      generations_(static_cast<std::uint64_t>(integer_param(params, strategy_name, "generations", 0))),
      tournament_size_(static_cast<std::size_t>(integer_param(params, strategy_name, "tournament_size", 1))),
      crossover_rate_(number_param(params, strategy_name, "crossover_rate", 0.0, 1.0)),
      mutation_rate_(number_param(params, strategy_name, "mutation_rate", 0.0, 1.0)),
      elitism_(static_cast<std::size_t>(integer_param(params, strategy_name, "elitism", 0))) {
    if (!context_.problem.has_scalar_fitness()) {
        throw Error(std::string(strategy_name) +
                    " needs a single objective or a scalarising formulation; use nsga2 for Pareto search");
    }
    if (elitism_ >= population_size_) {
        throw Error(std::string(strategy_name) + ": parameter 'elitism': expected fewer elites than the population (" +
                    std::to_string(population_size_) + "), found " + std::to_string(elitism_));
    }
    population_.reserve(population_size_);
    next_.resize(population_size_);
    next_to_ask_ = population_size_;  // no generation bred yet
    order_.reserve(population_size_);
    ranks_.reserve(population_size_);
}

std::size_t GaPenalty::ask(std::span<Architecture> out) {
    asked_ = 0;
    if (finished() || out.empty()) return 0;
    if (next_to_ask_ == next_.size()) breed();  // the previous generation is complete
    asked_ = std::min(out.size(), next_.size() - next_to_ask_);
    for (std::size_t i = 0; i < asked_; ++i) out[i] = next_[next_to_ask_ + i].arch;
    next_to_ask_ += asked_;
    return asked_;
}

void GaPenalty::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error(std::string(strategy_name) + ": told " + std::to_string(evaluations.size()) +
                    " evaluations after asking for " + std::to_string(asked_));
    }
    // The evaluated architectures are the ones asked for, already in next_.
    const std::size_t first = next_to_ask_ - asked_;
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
        next_[first + i].violation = evaluations[i].violation;
        next_[first + i].fitness = evaluations[i].fitness;
    }
    told_ += evaluations.size();
    asked_ = 0;
    if (told_ == next_.size() - first_child_) finish_generation();
}

void GaPenalty::breed() {
    static_assert(std::is_trivially_destructible_v<Architecture>);
    told_ = 0;
    if (population_.empty()) {
        first_child_ = 0;
        for (Member& m : next_) m.arch = context_.space.sample(context_.rng);
        next_to_ask_ = first_child_;
        return;
    }
    first_child_ = elitism_;
    for (std::size_t i = first_child_; i < next_.size(); ++i) {
        Architecture& child = next_[i].arch;
        // Parents are read in place from population_, which breeding does not change.
        const Architecture& parent = tournament_winner().arch;
        if (context_.rng.bernoulli(crossover_rate_)) {
            // Made in place (Architecture is trivially destructible): copying
            // the returned child from a temporary right after crossover wrote
            // it would stall on store forwarding.
            ::new (static_cast<void*>(&child))
                Architecture(context_.space.crossover(parent, tournament_winner().arch, context_.rng));
        } else {
            child = parent;
        }
        if (context_.rng.bernoulli(mutation_rate_)) child = context_.space.mutate(child, context_.rng);
    }
    next_to_ask_ = first_child_;
}

const GaPenalty::Member& GaPenalty::tournament_winner() {
    // The stream is copied into a local for the draws: as a member it would be
    // stored back to memory after each. Selecting by index lets the compiler
    // use a conditional move (see regularized_evolution).
    Rng rng = context_.rng;
    std::size_t best = rng.below(population_.size());
    if (ranked_) {
        const Rank* ranks = ranks_.data();
        Rank best_rank = ranks[best];
        for (std::size_t draw = 1; draw < tournament_size_; ++draw) {
            const std::size_t candidate = rng.below(population_.size());
            const Rank rank = ranks[candidate];
            const bool wins = rank < best_rank;  // beats(), as the ranks order members
            best = wins ? candidate : best;
            best_rank = wins ? rank : best_rank;
        }
    } else {
        const Member* members = population_.data();
        for (std::size_t draw = 1; draw < tournament_size_; ++draw) {
            const std::size_t candidate = rng.below(population_.size());
            best = beats(members[candidate], members[best]) ? candidate : best;
        }
    }
    context_.rng = rng;
    return population_[best];
}

void GaPenalty::finish_generation() {
    if (!population_.empty()) {
        keep_elites();
        ++generations_completed_;
    }
    // Generation 0 (the random samples) has no elites: next_ is all children.
    population_.swap(next_);
    ranks_.resize(population_.size());
    ranked_ = true;
    for (std::size_t m = 0; m < population_.size(); ++m) {
        const auto rank = better_rank(population_[m].violation, population_[m].fitness);
        ranked_ = ranked_ && rank.has_value();
        ranks_[m] = rank.value_or(0);
    }
    next_.resize(population_size_);
    next_to_ask_ = next_.size();
}

void GaPenalty::keep_elites() {
    // The elites are the first `elitism` members in the order "beats, then
    // earlier": a strict total order, so they do not depend on how they are found.
    if (elitism_ == 1) {
        // The usual case, in one scan: the sort through an index array cost
        // as much as breeding a generation of 20 on NB201.
        std::size_t best = 0;
        for (std::size_t m = 1; m < population_.size(); ++m) {
            if (beats(population_[m], population_[best])) best = m;
        }
        next_[0] = population_[best];
        return;
    }
    order_.resize(population_.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(elitism_), order_.end(),
                      [&](std::size_t a, std::size_t b) {
                          if (beats(population_[a], population_[b])) return true;
                          if (beats(population_[b], population_[a])) return false;
                          return a < b;
                      });
    for (std::size_t i = 0; i < elitism_; ++i) next_[i] = population_[order_[i]];
}

nlohmann::json GaPenalty::info() const { return {{"generations_completed", generations_completed_}}; }

}  // namespace hwnas::strategies
