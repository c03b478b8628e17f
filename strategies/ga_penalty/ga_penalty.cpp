#include "ga_penalty.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "ga_penalty";

Evaluation scores_only(const Evaluation& e) {
    Evaluation kept = e;
    kept.metrics = {};
    kept.objectives = {};
    return kept;
}

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
    offspring_.reserve(population_size_);
    next_.reserve(population_size_);
    order_.reserve(population_size_);
}

std::size_t GaPenalty::ask(std::span<Architecture> out) {
    asked_ = 0;
    if (finished() || out.empty()) return 0;
    if (next_to_ask_ == offspring_.size()) breed();  // the previous generation is complete
    asked_ = std::min(out.size(), offspring_.size() - next_to_ask_);
    for (std::size_t i = 0; i < asked_; ++i) out[i] = offspring_[next_to_ask_ + i].arch;
    next_to_ask_ += asked_;
    return asked_;
}

void GaPenalty::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error(std::string(strategy_name) + ": told " + std::to_string(evaluations.size()) +
                    " evaluations after asking for " + std::to_string(asked_));
    }
    const std::size_t first = next_to_ask_ - asked_;
    for (std::size_t i = 0; i < evaluations.size(); ++i) offspring_[first + i] = scores_only(evaluations[i]);
    told_ += evaluations.size();
    asked_ = 0;
    if (told_ == offspring_.size()) finish_generation();
}

void GaPenalty::breed() {
    offspring_.clear();
    next_to_ask_ = 0;
    told_ = 0;
    if (population_.empty()) {
        offspring_.resize(population_size_);
        for (Evaluation& e : offspring_) e.arch = context_.space.sample(context_.rng);
        return;
    }
    offspring_.resize(population_size_ - elitism_);
    for (Evaluation& child : offspring_) {
        Architecture arch = tournament_winner().arch;
        if (context_.rng.bernoulli(crossover_rate_)) {
            arch = context_.space.crossover(arch, tournament_winner().arch, context_.rng);
        }
        if (context_.rng.bernoulli(mutation_rate_)) arch = context_.space.mutate(arch, context_.rng);
        child = Evaluation{};
        child.arch = arch;
    }
}

const Evaluation& GaPenalty::tournament_winner() {
    // Selecting by index lets the compiler use a conditional move (see regularized_evolution).
    std::size_t best = context_.rng.below(population_.size());
    for (std::size_t draw = 1; draw < tournament_size_; ++draw) {
        const std::size_t candidate = context_.rng.below(population_.size());
        best = better(population_[candidate], population_[best]) ? candidate : best;
    }
    return population_[best];
}

void GaPenalty::finish_generation() {
    if (population_.empty()) {
        population_ = offspring_;  // generation 0: the random samples
    } else {
        keep_elites();
        next_.insert(next_.end(), offspring_.begin(), offspring_.end());
        population_.swap(next_);
        ++generations_completed_;
    }
    offspring_.clear();
    next_to_ask_ = 0;
}

void GaPenalty::keep_elites() {
    order_.resize(population_.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    // Ties go to the earlier member, so the elites do not depend on the sort.
    std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(elitism_), order_.end(),
                      [&](std::size_t a, std::size_t b) {
                          if (better(population_[a], population_[b])) return true;
                          if (better(population_[b], population_[a])) return false;
                          return a < b;
                      });
    next_.clear();
    for (std::size_t i = 0; i < elitism_; ++i) next_.push_back(population_[order_[i]]);
}

nlohmann::json GaPenalty::info() const { return {{"generations_completed", generations_completed_}}; }

}  // namespace hwnas::strategies
