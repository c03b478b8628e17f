#pragma once
// Front history: the feasible Pareto front of a multi-objective run after
// each generation (one ask/tell round), so a user can see how a population
// approaches the front, as NSGA-II papers plot it.
#include <cstddef>
#include <span>
#include <vector>

#include "engine/history.hpp"

namespace hwnas::engine {

struct FrontSnapshot {
    std::size_t generation = 0;   ///< 1-based ask/tell round
    std::size_t evaluations = 0;  ///< history rows up to the end of that round
    std::vector<std::size_t> rows;  ///< the front's history rows, in lexicographic objective order
};

/// One snapshot per round whose end changed the front (rounds that changed
/// nothing are left out). `round_ends[g]` is the history size after round
/// g + 1. The last snapshot equals pareto_front(history) as a set.
std::vector<FrontSnapshot> front_history(const History& history, std::span<const std::size_t> round_ends);

}  // namespace hwnas::engine
