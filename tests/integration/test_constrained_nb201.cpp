// HW-EvRSNAS on the real tables: under a tight latency bound, the GA with a
// constraint penalty reaches a top feasible cell in fewer evaluations than
// rejection sampling, and ends feasible from mostly infeasible starts.
#include <catch2/catch.hpp>

#include <algorithm>

#include <oneapi/tbb/task_arena.h>

#include "engine/environment.hpp"
#include "engine/experiment.hpp"
#include "engine/run.hpp"
#include "engine/session.hpp"
#include "hwnas/csv.hpp"
#include "test_support.hpp"

namespace {

constexpr const char* device = "cifar10.pixel3_latency";
constexpr double feasible_share = 0.05;  // the bound: 5 % of the cells are fast enough
constexpr double top_share = 0.01;       // the goal: a cell among the best 1 % of those
constexpr std::uint64_t budget = 4000;

struct Targets {
    double bound = 0.0;     ///< latency (ms) the cells must not exceed
    double accuracy = 0.0;  ///< test accuracy a feasible cell must reach
    double p = 0.0;         ///< share of the space that is feasible and reaches the accuracy
};

/// The bound and the accuracy goal, by brute force over the whole table.
Targets targets() {
    const auto data = hwnas::test::data_dir();
    const hwnas::CsvFile hw(data / "hw-nas-bench" / "nb201.csv");
    const hwnas::CsvFile accuracy(data / "nas-bench-201" / "accuracy.csv");
    std::vector<double> latencies;
    for (std::size_t r = 0; r < hw.rows(); ++r) latencies.push_back(hw.number(r, hw.column(device)));
    std::vector<double> sorted = latencies;
    std::sort(sorted.begin(), sorted.end());
    Targets t;
    t.bound = sorted[static_cast<std::size_t>(feasible_share * static_cast<double>(sorted.size() - 1))];
    std::vector<double> feasible_acc;
    for (std::size_t r = 0; r < hw.rows(); ++r) {
        if (latencies[r] <= t.bound) feasible_acc.push_back(accuracy.number(r, accuracy.column("cifar10.test_acc")));
    }
    std::sort(feasible_acc.begin(), feasible_acc.end(), std::greater<>());
    t.accuracy = feasible_acc[static_cast<std::size_t>(top_share * static_cast<double>(feasible_acc.size()))];
    std::size_t good = 0;
    for (const double a : feasible_acc) good += a >= t.accuracy ? 1 : 0;
    t.p = static_cast<double>(good) / static_cast<double>(hw.rows());
    return t;
}

nlohmann::json experiment(const Targets& t, const nlohmann::json& strategy, const nlohmann::json& formulation) {
    return {{"space", "nb201"},
            {"providers", {"table"}},
            {"dataset", "cifar10"},
            {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
            {"constraints", {{{"metric", "pixel3_latency"}, {"max", t.bound}}}},
            {"formulation", formulation},
            {"strategy", strategy},
            {"budget", budget}};
}

/// Evaluations until the first feasible cell at least as accurate as the goal (budget + 1: never).
std::uint64_t evaluations_to_goal(const hwnas::engine::Session& session, const hwnas::engine::RunResult& result,
                                  double goal) {
    const auto& h = result.history;
    const std::size_t acc = 0;  // test_acc is the first problem metric (the objective)
    REQUIRE(session.problem().metrics[acc].name == "test_acc");
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (h.feasible[i] && h.metrics_of(i)[acc] >= goal) return i + 1;
    }
    return budget + 1;
}

double median(std::vector<std::uint64_t> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? static_cast<double>(v[v.size() / 2])
                        : 0.5 * static_cast<double>(v[v.size() / 2 - 1] + v[v.size() / 2]);
}

}  // namespace

TEST_CASE("under a tight latency bound, GA with penalty needs fewer evaluations than rejection sampling") {
    hwnas::engine::PluginRegistry registry;
    registry.load_directories({hwnas::test::plugin_dir()});
    const Targets t = targets();
    const hwnas::engine::Session ga(
        hwnas::engine::parse_experiment(
            experiment(t, {{"plugin", "ga_penalty"}, {"params", {{"population", 20}, {"generations", 100}}}},
                       // 10 accuracy points per ms over the bound: with weight 1 the GA trades
                       // latency for accuracy and its fittest member ends infeasible (2 of 20 seeds).
                       {{"type", "penalty"}, {"weight", 10.0}}),
            "ga"),
        registry, hwnas::test::data_dir());
    const hwnas::engine::Session rs(
        hwnas::engine::parse_experiment(
            experiment(t, {{"plugin", "rejection_sampling"}, {"params", {{"population", 1000}}}}, {{"type", "constrained"}}),
            "rs"),
        registry, hwnas::test::data_dir());

    constexpr int seeds = 20;
    std::vector<std::uint64_t> ga_needs;
    std::vector<std::uint64_t> rs_needs;
    int ga_ends_feasible = 0;
    std::vector<int> last_generation_feasible;
    int ga_starts_infeasible = 0;
    for (int seed = 0; seed < seeds; ++seed) {
        const auto g = hwnas::engine::run_search(ga, static_cast<std::uint64_t>(seed), "run");
        ga_needs.push_back(evaluations_to_goal(ga, g, t.accuracy));
        // Generation 0 is 20 uniform samples: with 2 % feasible, mostly infeasible.
        int infeasible_start = 0;
        for (std::size_t i = 0; i < 20; ++i) infeasible_start += g.history.feasible[i] ? 0 : 1;
        ga_starts_infeasible += infeasible_start >= 15 ? 1 : 0;
        // The last generation: its fittest member (by penalised fitness) is feasible.
        std::size_t fittest = g.history.size() - 20;
        int feasible_members = 0;
        for (std::size_t i = g.history.size() - 20; i < g.history.size(); ++i) {
            if (g.history.fitness[i] > g.history.fitness[fittest]) fittest = i;
            feasible_members += g.history.feasible[i];
        }
        last_generation_feasible.push_back(feasible_members);
        ga_ends_feasible += g.history.feasible[fittest] ? 1 : 0;
        rs_needs.push_back(evaluations_to_goal(rs, hwnas::engine::run_search(rs, static_cast<std::uint64_t>(seed), "run"), t.accuracy));
    }
    const double ga_median = median(ga_needs);
    const double rs_median = median(rs_needs);
    INFO("bound " << t.bound << " ms, accuracy goal " << t.accuracy << " %, p = " << t.p << " (rejection sampling expects "
                  << 1.0 / t.p << " evaluations); median evaluations to the goal: GA " << ga_median << ", RS " << rs_median << "; GA generation 0 mostly infeasible in " << ga_starts_infeasible
                  << " seeds, fittest of the last generation feasible in " << ga_ends_feasible << " seeds");
    // Rejection sampling behaves as theory says: geometric with mean 1/p (median ~ ln 2 / p).
    CHECK(rs_median > 0.3 / t.p);
    CHECK(rs_median < 1.5 / t.p);
    CHECK(ga_starts_infeasible >= seeds * 3 / 4);
    CHECK(ga_ends_feasible >= seeds * 3 / 4);
    CHECK(ga_median < 0.5 * rs_median);
}

TEST_CASE("a quantile bound is the value at rank floor(q (n - 1)), enumerated per metric or prepared for several") {
    hwnas::engine::PluginRegistry registry;
    registry.load_directories({hwnas::test::plugin_dir()});
    const Targets t = targets();  // the 5 % bound, by brute force over the file
    const auto e = hwnas::engine::parse_experiment(
        experiment(t, {{"plugin", "random"}}, {{"type", "constrained"}}), "quantiles");
    const hwnas::engine::Location where("quantiles.json");
    const hwnas::engine::Environment alone(e, registry, hwnas::test::data_dir());
    const hwnas::engine::Environment prepared(e, registry, hwnas::test::data_dir());
    const auto latency = alone.resolve_metric("pixel3_latency", where);
    const auto accuracy = alone.resolve_metric("test_acc", where);
    tbb::task_arena arena(2);
    prepared.prepare_quantiles({latency, accuracy, latency}, arena);

    CHECK(alone.quantile(latency, feasible_share, where) == t.bound);
    CHECK(prepared.quantile(latency, feasible_share, where) == t.bound);
    for (const double q : {0.0, 0.1, 0.5, 0.9, 1.0}) {
        INFO("q = " << q);
        CHECK(prepared.quantile(accuracy, q, where) == alone.quantile(accuracy, q, where));
        CHECK(prepared.quantile(latency, q, where) == alone.quantile(latency, q, where));
    }
    CHECK(prepared.quantile(accuracy, 0.0, where) < prepared.quantile(accuracy, 1.0, where));
    // After release, the values are enumerated again, with the same result.
    prepared.release_quantile_data();
    CHECK(prepared.quantile(latency, feasible_share, where) == t.bound);
}
