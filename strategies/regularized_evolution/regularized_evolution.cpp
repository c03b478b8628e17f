#include "regularized_evolution.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "regularized_evolution";

}  // namespace

RegularizedEvolution::RegularizedEvolution(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      population_(static_cast<std::size_t>(integer_param(params, strategy_name, "population", 1))),
      sample_size_(static_cast<std::size_t>(integer_param(params, strategy_name, "sample_size", 1))) {
    if (!context_.problem.has_scalar_fitness()) {
        throw Error(std::string(strategy_name) +
                    " needs a single objective or a scalarising formulation; use nsga2 for Pareto search");
    }
    archs_.reserve(population_);
    keys_.reserve(population_);
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
    out[0] = context_.space.mutate(archs_[tournament_winner()], context_.rng);
    asked_ = 1;
    return asked_;
}

std::size_t RegularizedEvolution::draw_member() {
    const auto n = static_cast<std::uint32_t>(keys_.size());
    const std::uint32_t threshold = (0u - n) % n;  // 2^32 mod n: rejecting below it removes the bias
    while (true) {
        std::uint32_t x = 0;
        if (has_spare_) {
            x = static_cast<std::uint32_t>(spare_bits_);
        } else {
            spare_bits_ = context_.rng();
            x = static_cast<std::uint32_t>(spare_bits_ >> 32);
        }
        has_spare_ = !has_spare_;
        const std::uint64_t m = std::uint64_t{x} * n;
        if (static_cast<std::uint32_t>(m) >= threshold) return static_cast<std::size_t>(m >> 32);
    }
}

std::size_t RegularizedEvolution::tournament_winner() {
    // Selecting by index (not by branch) lets the compiler use a conditional
    // move: which draw wins is unpredictable, so a branch mispredicts often.
    std::size_t best = draw_member();
    for (std::size_t draw = 1; draw < sample_size_; ++draw) {
        const std::size_t candidate = draw_member();
        const Key& c = keys_[candidate];
        const Key& b = keys_[best];
        const bool wins = c.violation < b.violation || (c.violation == b.violation && c.fitness > b.fitness);
        best = wins ? candidate : best;
    }
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
    const Key key{evaluation.violation, evaluation.fitness};
    if (filling()) {
        archs_.push_back(evaluation.arch);
        keys_.push_back(key);
        return;
    }
    // Aging: the oldest dies, whatever its fitness.
    archs_[oldest_] = evaluation.arch;
    keys_[oldest_] = key;
    if (++oldest_ == population_) oldest_ = 0;
}

nlohmann::json RegularizedEvolution::info() const { return {{"children", children_}, {"population", archs_.size()}}; }

}  // namespace hwnas::strategies
