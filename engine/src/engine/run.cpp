#include "engine/run.hpp"

#include <algorithm>
#include <cmath>

#include "engine/evaluator.hpp"
#include "engine/pareto.hpp"

namespace hwnas::engine {
namespace {

/// Most architectures one ask may return; strategies decide how many they want.
constexpr std::size_t max_batch = 1024;

}  // namespace

std::vector<std::size_t> pareto_front(const History& history) {
    std::vector<std::size_t> rows;
    std::vector<Point> points;
    for (std::size_t i = 0; i < history.size(); ++i) {
        if (!history.feasible[i] || history.repeated[i]) continue;
        rows.push_back(i);
        points.emplace_back(history.objectives_of(i), history.objectives_of(i) + history.objective_count);
    }
    std::vector<std::size_t> front;
    for (const std::size_t p : non_dominated(points)) front.push_back(rows[p]);
    return front;
}

RunResult run_search(const Session& session, std::uint64_t seed, std::string_view run_key) {
    const auto start = std::chrono::steady_clock::now();
    const std::string strategy_name = session.experiment().strategy.plugin;
    auto strategy = session.make_strategy(seed, run_key);
    Evaluator evaluator(session, strategy_name);

    std::vector<Architecture> asked(max_batch);
    std::vector<Evaluation> told;
    RunResult result;
    result.stop_reason = "budget";
    // Generations matter for fronts only; scalar runs skip the bookkeeping.
    const bool track_rounds = session.problem().objectives.size() > 1;
    const auto strategy_failed = [&](const char* where, const std::exception& e) {
        return Error("strategy '" + strategy_name + "' failed in " + where + ": " + e.what());
    };
    while (!evaluator.exhausted()) {
        const auto slots = static_cast<std::size_t>(std::min<std::uint64_t>(max_batch, evaluator.remaining()));
        std::size_t n = 0;
        try {
            n = strategy->ask(std::span<Architecture>(asked.data(), slots));
        } catch (const std::exception& e) {
            throw strategy_failed("ask", e);
        }
        if (n == 0) {
            result.stop_reason = "strategy finished";
            break;
        }
        if (n > slots) throw Error("strategy '" + strategy_name + "' wrote more architectures than asked for");
        evaluator.evaluate(std::span<const Architecture>(asked.data(), n), told);
        if (track_rounds) result.round_ends.push_back(evaluator.total());
        try {
            strategy->tell(told);
        } catch (const std::exception& e) {
            throw strategy_failed("tell", e);
        }
    }
    try {
        result.strategy_info = strategy->info();
    } catch (const std::exception& e) {
        throw strategy_failed("info", e);
    }

    result.unique = evaluator.unique();
    result.simulated_seconds = evaluator.simulated_seconds();
    result.history = evaluator.release_history();
    const History& h = result.history;
    if (session.problem().has_scalar_fitness()) {
        for (std::size_t i = 0; i < h.size(); ++i) {
            if (!h.feasible[i]) continue;
            if (!result.best || h.fitness[i] > h.fitness[*result.best]) result.best = i;
        }
    }
    if (h.objective_count > 1) result.front = pareto_front(h);
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace hwnas::engine
