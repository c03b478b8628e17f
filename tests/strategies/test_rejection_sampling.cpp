#include <catch2/catch.hpp>

#include "rejection_sampling.hpp"
#include "strategy_harness.hpp"

using namespace hwnas;
using namespace hwnas::test;
using hwnas::strategies::RejectionSampling;

namespace {

/// Feasible when gene 0 <= bound: p = 1/4 for bound 0 on 4 choices, 0 for bound -1.
ToyProblem first_gene_at_most(double bound) {
    return ToyProblem()
        .metric("sum", gene_sum)
        .metric("first", [](const Architecture& a) { return static_cast<double>(a[0]); })
        .maximize("sum")
        .at_most("first", bound);
}

Outcome run_rs(const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed, std::uint64_t budget,
               const nlohmann::json& overrides, std::size_t slots = 1024) {
    return run_plugin<RejectionSampling>("rejection_sampling", space, toy, seed, budget, overrides, slots);
}

}  // namespace

TEST_CASE("rejection sampling stops at exactly the population-th feasible sample", "[rejection_sampling]") {
    const GridSpace space(6, 4);
    const auto toy = first_gene_at_most(0);
    const auto [log, info] = run_rs(space, toy, 3, 100000, {{"population", 20}});
    REQUIRE(log.finished);
    const auto feasible = std::count_if(log.records.begin(), log.records.end(), [](auto& r) { return r.feasible; });
    CHECK(feasible == 20);
    CHECK(log.records.back().feasible);  // no draw after the last one kept
    CHECK(info.at("kept") == 20);
    CHECK(info.at("samples_drawn") == log.records.size());
    CHECK_FALSE(info.contains("stopped"));
}

TEST_CASE("rejection sampling draws population / p samples on average", "[rejection_sampling]") {
    // Draws until 20 successes with p = 1/4: negative binomial, mean 80,
    // standard deviation sqrt(20 * 0.75) / 0.25 = 15.5, so 1.1 for a mean of 200 runs.
    const GridSpace space(6, 4);
    const auto toy = first_gene_at_most(0);
    double total = 0;
    const int runs = 200;
    for (int seed = 1; seed <= runs; ++seed) {
        const auto [log, info] = run_rs(space, toy, seed, 100000, {{"population", 20}});
        total += info.at("samples_drawn").get<double>();
    }
    CHECK(total / runs == Approx(80.0).margin(5.0));
}

TEST_CASE("rejection sampling gives up after max_samples and says so", "[rejection_sampling]") {
    const GridSpace space(6, 4);
    const auto toy = first_gene_at_most(-1);  // nothing is feasible
    const auto [log, info] = run_rs(space, toy, 1, 100000, {{"population", 5}, {"max_samples", 250}}, 64);
    CHECK(log.finished);
    CHECK(log.records.size() == 250);
    CHECK(info.at("samples_drawn") == 250);
    CHECK(info.at("kept") == 0);
    CHECK_THAT(info.at("stopped").get<std::string>(),
               Catch::Contains("max_samples (250)") && Catch::Contains("kept 0 of population 5"));
}

TEST_CASE("rejection sampling cut short by the budget reports what it kept", "[rejection_sampling]") {
    const GridSpace space(6, 4);
    const auto toy = first_gene_at_most(0);
    const auto [log, info] = run_rs(space, toy, 2, 30, {{"population", 50}});
    CHECK_FALSE(log.finished);
    CHECK(info.at("samples_drawn") == 30);
    CHECK(info.at("kept").get<int>() < 30);
    CHECK_FALSE(info.contains("stopped"));
}

TEST_CASE("rejection sampling is deterministic and independent of batching", "[rejection_sampling]") {
    const GridSpace space(6, 4);
    const auto toy = first_gene_at_most(0);
    const auto archs = [&](std::uint64_t seed, std::size_t slots) {
        return run_rs(space, toy, seed, 100000, {{"population", 30}}, slots).log.archs();
    };
    CHECK(archs(5, 1024) == archs(5, 1024));
    CHECK(archs(5, 1024) == archs(5, 4));
    CHECK(archs(5, 1024) != archs(6, 1024));
}

TEST_CASE("rejection sampling works for a Pareto problem", "[rejection_sampling]") {
    const GridSpace space(6, 4);
    auto toy = first_gene_at_most(0).minimize("first").formulation(Formulation::pareto);
    const auto [log, info] = run_rs(space, toy, 1, 100000, {{"population", 10}});
    CHECK(log.finished);
    CHECK(info.at("kept") == 10);
}
