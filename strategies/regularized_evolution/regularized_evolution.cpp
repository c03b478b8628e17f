#include "regularized_evolution.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "regularized_evolution";

std::size_t count_param(const nlohmann::json& params, const char* name) {
    std::int64_t value = 0;
    try {
        value = params.at(name).get<std::int64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string(strategy_name) + ": parameter '" + name + "': expected an integer >= 1 (" + e.what() +
                    ")");
    }
    if (value < 1) {
        throw Error(std::string(strategy_name) + ": parameter '" + name + "': expected an integer >= 1, found " +
                    std::to_string(value));
    }
    return static_cast<std::size_t>(value);
}

}  // namespace

RegularizedEvolution::RegularizedEvolution(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      population_(count_param(params, "population")),
      sample_size_(count_param(params, "sample_size")) {
    if (!context_.problem.has_scalar_fitness()) {
        throw Error(std::string(strategy_name) +
                    " needs a single objective or a scalarising formulation; use nsga2 for Pareto search");
    }
    members_.reserve(population_);
}

std::size_t RegularizedEvolution::ask(std::span<Architecture> out) {
    if (out.empty()) return 0;
    if (filling()) {
        // Samples asked but not yet told count too: the population must not overshoot.
        asked_ = std::min(out.size(), population_ - initial_asked_);
        for (std::size_t i = 0; i < asked_; ++i) out[i] = context_.space.sample(context_.rng);
        initial_asked_ += asked_;
        return asked_;
    }
    out[0] = context_.space.mutate(tournament_winner().arch, context_.rng);
    asked_ = 1;
    return asked_;
}

const Evaluation& RegularizedEvolution::tournament_winner() {
    const Evaluation* best = &members_[context_.rng.below(members_.size())];
    for (std::size_t draw = 1; draw < sample_size_; ++draw) {
        const Evaluation& candidate = members_[context_.rng.below(members_.size())];
        if (better(candidate, *best)) best = &candidate;
    }
    return *best;
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
    Evaluation member = evaluation;
    member.metrics = {};
    member.objectives = {};
    if (filling()) {
        members_.push_back(member);
        return;
    }
    members_[oldest_] = member;  // aging: the oldest dies, whatever its fitness
    oldest_ = (oldest_ + 1) % population_;
}

nlohmann::json RegularizedEvolution::info() const {
    return {{"children", children_}, {"population", members_.size()}};
}

}  // namespace hwnas::strategies
