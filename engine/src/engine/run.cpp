#include "engine/run.hpp"

#include <algorithm>
#include <cmath>

#include "engine/evaluator.hpp"

namespace hwnas::engine {
namespace {

/// Most architectures one ask may return; strategies decide how many they want.
constexpr std::size_t max_batch = 1024;

bool dominates(const double* a, const double* b, std::size_t k) {
    bool strictly = false;
    for (std::size_t i = 0; i < k; ++i) {
        if (a[i] > b[i]) return false;
        if (a[i] < b[i]) strictly = true;
    }
    return strictly;
}

}  // namespace

std::vector<std::size_t> pareto_front(const History& history) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < history.size(); ++i) {
        if (history.feasible[i] && !history.repeated[i]) candidates.push_back(i);
    }
    const std::size_t k = history.objective_count;
    // Sort by the first objective so a point can only be dominated by earlier ones
    // (ties broken by the rest, then by row for a stable order).
    std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        const double* x = history.objectives_of(a);
        const double* y = history.objectives_of(b);
        for (std::size_t i = 0; i < k; ++i) {
            if (x[i] != y[i]) return x[i] < y[i];
        }
        return a < b;
    });
    std::vector<std::size_t> front;
    for (const std::size_t c : candidates) {
        const double* p = history.objectives_of(c);
        const bool dominated = std::any_of(front.begin(), front.end(), [&](std::size_t f) {
            return dominates(history.objectives_of(f), p, k) ||
                   std::equal(p, p + k, history.objectives_of(f));  // equal points: keep the first
        });
        if (!dominated) front.push_back(c);
    }
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
