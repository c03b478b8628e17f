#include "regularized_evolution.hpp"

#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <type_traits>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "regularized_evolution";

}  // namespace

RegularizedEvolution::RegularizedEvolution(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      population_(static_cast<std::size_t>(integer_param(params, strategy_name, "population", 1))),
      sample_size_(static_cast<std::size_t>(integer_param(params, strategy_name, "sample_size", 1))),
      threshold_((0u - static_cast<std::uint32_t>(population_)) % static_cast<std::uint32_t>(population_)) {
    if (!context_.problem.has_scalar_fitness()) {
        throw Error(std::string(strategy_name) +
                    " needs a single objective or a scalarising formulation; use nsga2 for Pareto search");
    }
    archs_.reserve(population_);
    violations_.reserve(population_);
    fitnesses_.reserve(population_);
    ranks_.reserve(population_);
}

std::size_t RegularizedEvolution::ask(std::span<Architecture> out) {
    asked_ = 0;
    if (out.empty()) return 0;
    if (filling()) {
        // Samples asked but not yet told count too: the population must not overshoot.
        asked_ = std::min(out.size(), population_ - initial_asked_);
        for (std::size_t i = 0; i < asked_; ++i) out[i] = context_.space.sample(context_.rng);
        initial_asked_ += asked_;
        return asked_;
    }
    // Made in place (Architecture is trivially destructible): assigning the
    // returned child would copy it through a temporary right after mutate's
    // gene store, and that reload stalls on store forwarding.
    static_assert(std::is_trivially_destructible_v<Architecture>);
    ::new (static_cast<void*>(&out[0])) Architecture(context_.space.mutate(archs_[tournament_winner()], context_.rng));
    asked_ = 1;
    return asked_;
}

template <typename Take>
void RegularizedEvolution::draw_members(Take take) {
    // Member indices come two per 64 random bits (Lemire's method on 32-bit
    // halves, high half first, rejecting below 2^32 mod population so they are
    // unbiased); a half left over waits in spare_bits_ for the next
    // tournament. Tournaments start once the population is full, so the
    // member count is `population`. The stream is copied into a local: as a
    // member it would be stored back to memory after every draw.
    Rng rng = context_.rng;
    const auto n = static_cast<std::uint64_t>(population_);
    std::size_t taken = 0;
    const auto draw = [&](std::uint32_t half) {
        const std::uint64_t m = std::uint64_t{half} * n;
        if (static_cast<std::uint32_t>(m) < threshold_) return;  // rejected (rare): the next half is drawn
        take(static_cast<std::size_t>(m >> 32));
        ++taken;
    };
    if (has_spare_) draw(static_cast<std::uint32_t>(spare_bits_));
    has_spare_ = false;
    while (taken < sample_size_) {
        const std::uint64_t bits = rng();
        draw(static_cast<std::uint32_t>(bits >> 32));
        if (taken == sample_size_) {
            spare_bits_ = bits;
            has_spare_ = true;
            break;
        }
        draw(static_cast<std::uint32_t>(bits));
    }
    context_.rng = rng;
}

std::size_t RegularizedEvolution::tournament_winner() {
    // The arrays are read through local pointers, not `this`: through `this`
    // the compiler reloads them after every store to a member.
    std::size_t best = 0;
    if (ranked_) {
        // No rank is all ones (a violation's sign bit is 0), so the first draw
        // always wins. Selecting by value lets the compiler use conditional
        // moves: which draw wins is unpredictable, so a branch mispredicts often.
        const Rank* ranks = ranks_.data();
        Rank best_rank = ~Rank{0};
        draw_members([&](std::size_t candidate) {
            const Rank rank = ranks[candidate];
            const bool wins = rank < best_rank;
            best = wins ? candidate : best;
            best_rank = wins ? rank : best_rank;
        });
        return best;
    }
    const double* violations = violations_.data();
    const double* fitnesses = fitnesses_.data();
    bool first = true;
    draw_members([&](std::size_t c) {
        if (first || violations[c] < violations[best] ||
            (violations[c] == violations[best] && fitnesses[c] > fitnesses[best])) {
            best = c;
        }
        first = false;
    });
    return best;
}

void RegularizedEvolution::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error(std::string(strategy_name) + ": told " + std::to_string(evaluations.size()) +
                    " evaluations after asking for " + std::to_string(asked_));
    }
    if (!filling()) children_ += evaluations.size();
    for (const Evaluation& evaluation : evaluations) add_member(evaluation);
    asked_ = 0;
}

void RegularizedEvolution::add_member(const Evaluation& evaluation) {
    const double violation = evaluation.violation;
    const double fitness = evaluation.fitness;
    const std::optional<Rank> rank = better_rank(violation, fitness);
    ranked_ = ranked_ && rank.has_value();
    if (filling()) {
        archs_.push_back(evaluation.arch);
        violations_.push_back(violation);
        fitnesses_.push_back(fitness);
        ranks_.push_back(rank.value_or(0));
        return;
    }
    // Aging: the oldest dies, whatever its fitness.
    archs_[oldest_] = evaluation.arch;
    violations_[oldest_] = violation;
    fitnesses_[oldest_] = fitness;
    ranks_[oldest_] = rank.value_or(0);
    if (++oldest_ == population_) oldest_ = 0;
}

nlohmann::json RegularizedEvolution::info() const { return {{"children", children_}, {"population", archs_.size()}}; }

}  // namespace hwnas::strategies
