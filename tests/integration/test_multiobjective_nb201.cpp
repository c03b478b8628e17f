// NSGA-II and rejection sampling on the real NAS-Bench-201 / HW-NAS-Bench
// tables, against what brute force over the whole table says.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/experiment.hpp"
#include "engine/results.hpp"
#include "engine/run.hpp"
#include "engine/session.hpp"
#include "hwnas/csv.hpp"
#include "built_plugins.hpp"
#include "test_support.hpp"

namespace {

}  // namespace

TEST_CASE("NSGA-II recovers most of the true accuracy/latency front of NAS-Bench-201") {
    const auto registry = hwnas::test::built_plugins();
    const nlohmann::json doc = {
        {"space", "nb201"},
        {"providers", {"table"}},
        {"dataset", "cifar10"},
        {"objectives", {{{"metric", "test_acc"}, {"goal", "maximize"}}, {{"metric", "pixel3_latency"}, {"goal", "minimize"}}}},
        {"strategy", {{"plugin", "nsga2"}, {"params", {{"population", 50}}}}},
        {"budget", 3000}};
    const hwnas::engine::Session session(hwnas::engine::parse_experiment(doc, "test"), registry, hwnas::test::data_dir());
    REQUIRE(session.true_front() != nullptr);
    const double truth = static_cast<double>(session.true_front()->size());
    double recovered = 0.0;
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
        const auto result = hwnas::engine::run_search(session, seed, "run");
        const auto pareto = hwnas::engine::run_summary(session, result, seed)["pareto"];
        INFO("seed " << seed << ": " << pareto.dump());
        CHECK(pareto["true_front_size"] == session.true_front()->size());
        CHECK(pareto["igd"].get<double>() < 0.05);
        CHECK(pareto["hypervolume"].get<double>() > 0.99 * pareto["true_hypervolume"].get<double>());
        recovered += pareto["true_front_recovered"].get<double>() / truth;
    }
    CHECK(recovered / 5 > 0.5);
}

TEST_CASE("rejection sampling draws population / p samples on average, p taken from the table") {
    const auto registry = hwnas::test::built_plugins();
    const nlohmann::json doc = {
        {"space", "nb201"},
        {"providers", {"table"}},
        {"dataset", "cifar10"},
        {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
        {"constraints", {{{"metric", "pixel3_latency"}, {"max", 2.0}}}},
        {"strategy", {{"plugin", "rejection_sampling"}, {"params", {{"population", 50}}}}},
        {"budget", 1000000}};
    const hwnas::engine::Session session(hwnas::engine::parse_experiment(doc, "test"), registry, hwnas::test::data_dir());

    // The feasible fraction, by brute force over the table.
    const hwnas::CsvFile hw(hwnas::test::data_dir() / "hw-nas-bench" / "nb201.csv");
    std::size_t feasible = 0;
    for (std::size_t row = 0; row < hw.rows(); ++row) feasible += hw.number(row, hw.column("cifar10.pixel3_latency")) <= 2.0;
    const double p = static_cast<double>(feasible) / static_cast<double>(hw.rows());
    const double expected = 50.0 / p;
    // Draws until the 50th success: negative binomial with this standard deviation.
    const double sd = std::sqrt(50.0 * (1.0 - p)) / p;

    constexpr int seeds = 40;
    double total = 0.0;
    for (int seed = 0; seed < seeds; ++seed) {
        const auto result = hwnas::engine::run_search(session, static_cast<std::uint64_t>(seed), "run");
        CHECK(result.stop_reason == "strategy finished");
        total += static_cast<double>(result.history.size());
    }
    const double mean = total / seeds;
    INFO("p = " << p << ", expected " << expected << " samples, mean over " << seeds << " seeds " << mean);
    CHECK(std::abs(mean - expected) < 4.0 * sd / std::sqrt(double{seeds}));
}
