#include "nsga2.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "nsga2";

}  // namespace

Nsga2::Nsga2(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      population_(static_cast<std::size_t>(integer_param(params, strategy_name, "population", 1))),
      crossover_rate_(number_param(params, strategy_name, "crossover_rate", 0.0, 1.0)),
      mutation_rate_(number_param(params, strategy_name, "mutation_rate", 0.0, 1.0)),
      objective_count_(context_.problem.objectives.size()) {
    if (objective_count_ == 0) throw Error(std::string(strategy_name) + " needs at least one objective, found none");
    for (Pool* pool : {&pool_, &survivors_}) {
        pool->archs.resize(2 * population_);
        pool->objectives.resize(2 * population_ * objective_count_);
        pool->violation.resize(2 * population_);
        pool->rank.resize(2 * population_);
        pool->crowding.resize(2 * population_);
    }
    order_.reserve(2 * population_);
    front_.reserve(2 * population_);
    crowding_order_.reserve(2 * population_);
}

std::span<const double> Nsga2::objectives_of(std::size_t slot) const {
    return {pool_.objectives.data() + slot * objective_count_, objective_count_};
}

std::size_t Nsga2::ask(std::span<Architecture> out) {
    asked_ = 0;
    if (out.empty()) return 0;
    if (generation_size_ == 0) breed();
    asked_ = std::min(out.size(), generation_size_ - next_to_ask_);
    const auto first = pool_.archs.begin() + static_cast<std::ptrdiff_t>(first_slot_ + next_to_ask_);
    std::copy(first, first + static_cast<std::ptrdiff_t>(asked_), out.begin());
    next_to_ask_ += asked_;
    return asked_;
}

void Nsga2::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error(std::string(strategy_name) + ": told " + std::to_string(evaluations.size()) +
                    " evaluations after asking for " + std::to_string(asked_));
    }
    const std::size_t first = first_slot_ + next_to_ask_ - asked_;
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
        const Evaluation& e = evaluations[i];
        if (e.objectives.size() != objective_count_) {
            throw Error(std::string(strategy_name) + ": an evaluation has " + std::to_string(e.objectives.size()) +
                        " objectives, the problem has " + std::to_string(objective_count_));
        }
        std::copy(e.objectives.begin(), e.objectives.end(),
                  pool_.objectives.begin() + static_cast<std::ptrdiff_t>((first + i) * objective_count_));
        pool_.violation[first + i] = e.violation;
    }
    told_ += evaluations.size();
    asked_ = 0;
    if (told_ == generation_size_) finish_generation();
}

void Nsga2::breed() {
    generation_size_ = population_;
    next_to_ask_ = 0;
    told_ = 0;
    if (!has_parents_) {
        first_slot_ = 0;
        for (std::size_t i = 0; i < population_; ++i) pool_.archs[i] = context_.space.sample(context_.rng);
        return;
    }
    first_slot_ = population_;
    for (std::size_t c = 0; c < population_; ++c) {
        Architecture child = pool_.archs[tournament_winner()];
        if (context_.rng.bernoulli(crossover_rate_)) {
            child = context_.space.crossover(child, pool_.archs[tournament_winner()], context_.rng);
        }
        if (context_.rng.bernoulli(mutation_rate_)) child = context_.space.mutate(child, context_.rng);
        pool_.archs[population_ + c] = child;
    }
}

std::size_t Nsga2::tournament_winner() {
    const std::size_t a = context_.rng.below(population_);
    const std::size_t b = context_.rng.below(population_);
    if (pool_.rank[a] != pool_.rank[b]) return pool_.rank[a] < pool_.rank[b] ? a : b;
    return pool_.crowding[b] > pool_.crowding[a] ? b : a;
}

void Nsga2::finish_generation() {
    if (!has_parents_) {
        rank_pool(population_);
        has_parents_ = true;
    } else {
        rank_pool(2 * population_);
        select_survivors();
        ++generations_completed_;
    }
    generation_size_ = 0;
}

void Nsga2::rank_pool(std::size_t count) {
    const std::span<const double> objectives(pool_.objectives.data(), count * objective_count_);
    nsga2::non_dominated_sort(objectives, objective_count_, std::span<const double>(pool_.violation.data(), count),
                              std::span<std::size_t>(pool_.rank.data(), count), sort_work_);
    order_.resize(count);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
        return pool_.rank[a] != pool_.rank[b] ? pool_.rank[a] < pool_.rank[b] : a < b;
    });
    for (std::size_t start = 0; start < count;) {
        std::size_t end = start;
        while (end < count && pool_.rank[order_[end]] == pool_.rank[order_[start]]) ++end;
        front_.assign(order_.begin() + static_cast<std::ptrdiff_t>(start),
                      order_.begin() + static_cast<std::ptrdiff_t>(end));
        nsga2::crowding_distance(objectives, objective_count_, front_, pool_.crowding, crowding_order_);
        start = end;
    }
}

void Nsga2::select_survivors() {
    // Whole fronts first; the front that does not fit is cut by crowding distance.
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
        if (pool_.rank[a] != pool_.rank[b]) return pool_.rank[a] < pool_.rank[b];
        if (pool_.crowding[a] != pool_.crowding[b]) return pool_.crowding[a] > pool_.crowding[b];
        return a < b;
    });
    for (std::size_t i = 0; i < population_; ++i) {
        const std::size_t from = order_[i];
        survivors_.archs[i] = pool_.archs[from];
        const auto objectives = objectives_of(from);
        std::copy(objectives.begin(), objectives.end(),
                  survivors_.objectives.begin() + static_cast<std::ptrdiff_t>(i * objective_count_));
        survivors_.violation[i] = pool_.violation[from];
        survivors_.rank[i] = pool_.rank[from];
        survivors_.crowding[i] = pool_.crowding[from];
    }
    std::swap(pool_, survivors_);  // the children's half of the new pool is overwritten by the next breed
}

nlohmann::json Nsga2::info() const {
    const std::size_t members = has_parents_ ? population_ : 0;
    const auto first_front =
        std::count(pool_.rank.begin(), pool_.rank.begin() + static_cast<std::ptrdiff_t>(members), std::size_t{0});
    return {{"generations_completed", generations_completed_}, {"first_front", first_front}};
}

}  // namespace hwnas::strategies
