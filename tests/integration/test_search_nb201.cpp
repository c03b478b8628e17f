// Searches on the real NAS-Bench-201 / HW-NAS-Bench tables, checked against
// the true optimum found by brute force over the whole table.
#include <catch2/catch.hpp>

#include <charconv>

#include "engine/experiment.hpp"
#include "engine/run.hpp"
#include "engine/session.hpp"
#include "hwnas/csv.hpp"
#include "test_support.hpp"

namespace {

constexpr double latency_bound = 5.0;  // Pixel 3, ms: about a fifth of the cells qualify

double number(const hwnas::CsvFile& csv, std::size_t row, const char* column) {
    return csv.number(row, csv.column(column));
}

/// The arch string of the most accurate CIFAR-10 cell with Pixel 3 latency <= bound.
std::string true_best_feasible() {
    const auto data = hwnas::test::data_dir();
    const hwnas::CsvFile accuracy(data / "nas-bench-201" / "accuracy.csv");
    const hwnas::CsvFile hw(data / "hw-nas-bench" / "nb201.csv");
    std::string best;
    double best_acc = -1;
    for (std::size_t row = 0; row < hw.rows(); ++row) {
        REQUIRE(hw.text(row, 1) == accuracy.text(row, 1));
        if (number(hw, row, "cifar10.pixel3_latency") > latency_bound) continue;
        const double acc = number(accuracy, row, "cifar10.test_acc");
        if (acc > best_acc) {
            best_acc = acc;
            best = std::string(accuracy.text(row, 1));
        }
    }
    return best;
}

hwnas::engine::Experiment experiment(const std::string& strategy, std::uint64_t budget) {
    nlohmann::json doc = {
        {"space", "nb201"},
        {"providers", {"table"}},
        {"dataset", "cifar10"},
        {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
        {"constraints", {{{"metric", "pixel3_latency"}, {"max", latency_bound}}}},
        {"strategy", strategy},
        {"budget", budget}};
    return hwnas::engine::parse_experiment(doc, "test");
}

/// In how many of `seeds` runs the strategy's best feasible is the true one.
int successes(const hwnas::engine::PluginRegistry& registry, const std::string& strategy, std::uint64_t budget,
              int seeds, const std::string& truth) {
    const hwnas::engine::Session session(experiment(strategy, budget), registry, hwnas::test::data_dir());
    int found = 0;
    for (int seed = 0; seed < seeds; ++seed) {
        const auto result = hwnas::engine::run_search(session, static_cast<std::uint64_t>(seed), "run");
        REQUIRE(result.history.size() == budget);
        if (result.best && session.space().to_string(result.history.archs[*result.best]) == truth) ++found;
    }
    return found;
}

}  // namespace

TEST_CASE("regularized evolution finds the true best feasible cell in most seeds, far more often than random") {
    hwnas::engine::PluginRegistry registry;
    registry.load_directories({hwnas::test::plugin_dir()});
    const std::string truth = true_best_feasible();
    constexpr std::uint64_t budget = 1000;  // 6.4 % of the space
    constexpr int seeds = 20;

    const int re = successes(registry, "regularized_evolution", budget, seeds, truth);
    const int random = successes(registry, "random", budget, seeds, truth);
    INFO("true best: " << truth << "; RE found it " << re << "/20 times, random " << random << "/20");
    CHECK(re > seeds / 2);
    CHECK(re >= random + 5);
}
