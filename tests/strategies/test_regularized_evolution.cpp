#include <catch2/catch.hpp>

#include "random_search.hpp"
#include "regularized_evolution.hpp"
#include "strategy_harness.hpp"

using namespace hwnas;
using namespace hwnas::test;
using hwnas::strategies::RegularizedEvolution;

namespace {

/// Distinct weights make most architectures' fitness distinct.
double weighted_sum(const Architecture& a) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += static_cast<double>((i + 1) * a[i]);
    return sum;
}

RunLog run_re(const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed, std::uint64_t budget,
              const nlohmann::json& overrides, std::size_t slots = 1024) {
    return run_plugin<RegularizedEvolution>("regularized_evolution", space, toy, seed, budget, overrides, slots).log;
}

}  // namespace

TEST_CASE("regularized evolution refuses a Pareto problem", "[regularized_evolution]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem()
                         .metric("a", gene_sum)
                         .metric("b", weighted_sum)
                         .minimize("a")
                         .minimize("b")
                         .formulation(Formulation::pareto);
    CHECK_THROWS_WITH(
        RegularizedEvolution(plugin_params("regularized_evolution"), make_context(space, toy, 1, 10)),
        Catch::Contains("needs a single objective or a scalarising formulation") && Catch::Contains("nsga2"));
}

TEST_CASE("regularized evolution rejects a zero population", "[regularized_evolution]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    CHECK_THROWS_WITH(RegularizedEvolution(plugin_params("regularized_evolution", {{"population", 0}}),
                                           make_context(space, toy, 1, 10)),
                      Catch::Contains("'population'") && Catch::Contains("found 0"));
}

TEST_CASE("regularized evolution fills its population, then asks one child at a time", "[regularized_evolution]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const RunLog log = run_re(space, toy, 5, 100, {{"population", 30}, {"sample_size", 5}}, 16);
    // 30 initial samples offered 16 slots at a time: 16 + 14, then single children.
    REQUIRE(log.batches.size() == 2 + 70);
    CHECK(log.batches[0] == 16);
    CHECK(log.batches[1] == 14);
    CHECK(std::all_of(log.batches.begin() + 2, log.batches.end(), [](std::size_t n) { return n == 1; }));
}

TEST_CASE("regularized evolution keeps exactly the population newest members", "[regularized_evolution]") {
    // With 200 draws from 5 members every member is drawn (all but surely), so
    // each parent must be the fittest of exactly the 5 latest evaluations:
    // keeping the fittest instead of the youngest, or one member too many or
    // too few, picks other parents.
    const std::size_t population = 5;
    const MutationRecordingSpace space(6, 4);
    const auto toy = ToyProblem().metric("w", weighted_sum).maximize("w");
    const RunLog log = run_re(space, toy, 11, 400, {{"population", population}, {"sample_size", 200}});
    REQUIRE(space.parents.size() == log.records.size() - population);
    for (std::size_t child = population; child < log.records.size(); ++child) {
        double newest_best = -1;
        for (std::size_t i = child - population; i < child; ++i) {
            newest_best = std::max(newest_best, log.records[i].fitness);
        }
        INFO("child " << child);
        CHECK(weighted_sum(space.parents[child - population]) == newest_best);
    }
}

TEST_CASE("regularized evolution finds the optimum far more often than random search", "[regularized_evolution]") {
    const GridSpace space(8, 4);  // 65536 architectures, one optimum (all genes 3)
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const std::uint64_t budget = 500;
    int evolution_hits = 0;
    int random_hits = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const RunLog evolution = run_re(space, toy, seed, budget, {{"population", 20}, {"sample_size", 5}});
        evolution_hits += evolution.best().fitness == 24.0;
        hwnas::strategies::RandomSearch random(plugin_params("random"), make_context(space, toy, seed, budget));
        random_hits += run(random, space, toy, budget).best().fitness == 24.0;
    }
    CHECK(evolution_hits >= 15);
    CHECK(random_hits <= 3);
}

TEST_CASE("regularized evolution prefers feasible members and reaches the constrained optimum",
          "[regularized_evolution]") {
    // Maximise the gene sum subject to gene0 + gene1 <= 2: the optimum is 2 + 6 * 3 = 20.
    const GridSpace space(8, 4);
    const auto toy = ToyProblem()
                         .metric("sum", gene_sum)
                         .metric("head", [](const Architecture& a) { return static_cast<double>(a[0] + a[1]); })
                         .maximize("sum")
                         .at_most("head", 2);
    int optimal = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const RunLog log = run_re(space, toy, seed, 600, {{"population", 20}, {"sample_size", 5}});
        INFO("seed " << seed);
        CHECK(log.best().feasible);
        optimal += log.best().fitness == 20.0;
        // Parents are chosen by violation first, so the population stays in the
        // feasible region (about 3 in 4 late children are feasible); ranking
        // by fitness alone drifts to the infeasible all-3 optimum (none are).
        const auto late_feasible =
            std::count_if(log.records.end() - 100, log.records.end(), [](const Record& r) { return r.feasible; });
        CHECK(late_feasible >= 50);
    }
    CHECK(optimal >= 15);
}

TEST_CASE("regularized evolution is deterministic and independent of batching", "[regularized_evolution]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const nlohmann::json params = {{"population", 20}, {"sample_size", 4}};
    const auto archs = [&](std::uint64_t seed, std::size_t slots) {
        return run_re(space, toy, seed, 300, params, slots).archs();
    };
    CHECK(archs(9, 1024) == archs(9, 1024));
    CHECK(archs(9, 1024) == archs(9, 3));
    CHECK(archs(9, 1024) != archs(10, 1024));
}

TEST_CASE("regularized evolution reports its children and population", "[regularized_evolution]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    RegularizedEvolution strategy(plugin_params("regularized_evolution", {{"population", 10}}),
                                  make_context(space, toy, 1, 35));
    run(strategy, space, toy, 35);
    const auto info = strategy.info();
    CHECK(info.at("children") == 25);
    CHECK(info.at("population") == 10);
}
