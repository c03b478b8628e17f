#include <catch2/catch.hpp>

#include <map>

#include "random_search.hpp"
#include "strategy_harness.hpp"

using namespace hwnas;
using namespace hwnas::test;
using hwnas::strategies::RandomSearch;

namespace {

ToyProblem sum_of_genes() {
    return ToyProblem()
        .metric("sum", [](const Architecture& a) { return static_cast<double>(a[0] + a[1]); })
        .maximize("sum");
}

}  // namespace

TEST_CASE("random fills every slot it is offered with valid architectures", "[random]") {
    const GridSpace space(4, 3);
    const auto toy = sum_of_genes();
    RandomSearch strategy(plugin_params("random"), make_context(space, toy, 1, 100));
    std::vector<Architecture> out(7);
    REQUIRE(strategy.ask(out) == 7);
    for (const auto& arch : out) CHECK(space.is_valid(arch));
}

TEST_CASE("random covers a small space uniformly", "[random]") {
    const GridSpace space(2, 3);  // 9 architectures
    const auto toy = sum_of_genes();
    const std::uint64_t draws = 9000;
    RandomSearch strategy(plugin_params("random"), make_context(space, toy, 7, draws));
    const RunLog log = run(strategy, space, toy, draws, 64);
    REQUIRE(log.records.size() == draws);
    CHECK_FALSE(log.finished);

    std::map<std::uint64_t, double> counts;
    for (const auto& r : log.records) counts[space.index(r.arch)] += 1;
    REQUIRE(counts.size() == 9);
    // Pearson's chi-square with 8 degrees of freedom: 26.1 is its 99.9% quantile.
    const double expected = static_cast<double>(draws) / 9.0;
    double chi_square = 0.0;
    for (const auto& [index, count] : counts) chi_square += (count - expected) * (count - expected) / expected;
    CHECK(chi_square < 26.1);
}

TEST_CASE("random is deterministic for a seed and differs between seeds", "[random]") {
    const GridSpace space(6, 4);
    const auto toy = sum_of_genes();
    const auto archs_for = [&](std::uint64_t seed, std::size_t slots) {
        RandomSearch strategy(plugin_params("random"), make_context(space, toy, seed, 200));
        return run(strategy, space, toy, 200, slots).archs();
    };
    CHECK(archs_for(3, 1024) == archs_for(3, 1024));
    CHECK(archs_for(3, 1024) == archs_for(3, 7));  // batching does not change the stream
    CHECK(archs_for(3, 1024) != archs_for(4, 1024));
}

TEST_CASE("random works without a scalar fitness", "[random]") {
    const GridSpace space(2, 3);
    const auto toy = sum_of_genes().minimize("sum").formulation(Formulation::pareto);
    RandomSearch strategy(plugin_params("random"), make_context(space, toy, 1, 10));
    CHECK(run(strategy, space, toy, 10).records.size() == 10);
}
