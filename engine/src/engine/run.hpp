#pragma once
// One search run: the ask -> evaluate -> tell loop of one strategy under one
// seed, until the budget is spent or the strategy is done.
#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/history.hpp"
#include "engine/session.hpp"

namespace hwnas::engine {

struct RunResult {
    History history;
    std::uint64_t unique = 0;
    double simulated_seconds = 0.0;
    double wall_seconds = 0.0;
    std::optional<std::size_t> best;  ///< history row of the best feasible evaluation (scalar fitness)
    std::vector<std::size_t> front;   ///< rows of the feasible Pareto front (multi-objective), by first occurrence
    std::vector<std::size_t> round_ends;  ///< history size after each ask/tell round (multi-objective runs)
    nlohmann::json strategy_info;
    std::string stop_reason;          ///< "budget" or "strategy finished"
};

/// Runs the session's strategy with the random stream of (seed, run_key).
RunResult run_search(const Session& session, std::uint64_t seed, std::string_view run_key);

/// Rows of `history` that are feasible and not dominated (first occurrence of each architecture).
std::vector<std::size_t> pareto_front(const History& history);

}  // namespace hwnas::engine
