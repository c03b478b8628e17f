#include <catch2/catch.hpp>

#include "ga_penalty.hpp"
#include "strategy_harness.hpp"

using namespace hwnas;
using namespace hwnas::test;
using hwnas::strategies::GaPenalty;

namespace {

Outcome run_ga(const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed, std::uint64_t budget,
               const nlohmann::json& overrides, std::size_t slots = 1024) {
    return run_plugin<GaPenalty>("ga_penalty", space, toy, seed, budget, overrides, slots);
}

}  // namespace

TEST_CASE("ga_penalty refuses a Pareto problem and too many elites", "[ga_penalty]") {
    const GridSpace space(3, 3);
    const auto pareto = ToyProblem().metric("sum", gene_sum).minimize("sum").formulation(Formulation::pareto);
    CHECK_THROWS_WITH(GaPenalty(plugin_params("ga_penalty"), make_context(space, pareto, 1, 10)),
                      Catch::Contains("needs a single objective or a scalarising formulation"));
    const auto single = ToyProblem().metric("sum", gene_sum).maximize("sum");
    CHECK_THROWS_WITH(
        GaPenalty(plugin_params("ga_penalty", {{"population", 4}, {"elitism", 4}}), make_context(space, single, 1, 10)),
        Catch::Contains("'elitism'") && Catch::Contains("found 4"));
}

TEST_CASE("ga_penalty evaluates whole generations and stops after the last", "[ga_penalty]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const nlohmann::json params = {{"population", 10}, {"elitism", 2}, {"generations", 3}};
    const auto [log, info] = run_ga(space, toy, 1, 1000, params);
    CHECK(log.finished);
    CHECK(log.batches == std::vector<std::size_t>{10, 8, 8, 8});  // elites are not evaluated again
    CHECK(info.at("generations_completed") == 3);

    // Offered 3 slots at a time, it asks for the same architectures in the same order.
    const auto [split, split_info] = run_ga(space, toy, 1, 1000, params, 3);
    CHECK(split.batches == std::vector<std::size_t>{3, 3, 3, 1, 3, 3, 2, 3, 3, 2, 3, 3, 2});
    CHECK(split.archs() == log.archs());
    CHECK(split_info.at("generations_completed") == 3);
}

TEST_CASE("ga_penalty counts only completed generations when the budget cuts one", "[ga_penalty]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const auto [log, info] = run_ga(space, toy, 1, 25, {{"population", 10}, {"elitism", 1}});
    CHECK_FALSE(log.finished);
    CHECK(info.at("generations_completed") == 1);  // 10 + 9, then 6 of the next 9
}

TEST_CASE("ga_penalty climbs from an infeasible start to the best feasible architecture", "[ga_penalty]") {
    // Maximise the gene sum of 8 genes x 4 choices subject to sum <= 3 under
    // the penalty formulation (weight 2): fitness = sum - 2 (sum - 3) when
    // infeasible, so the best is any feasible architecture of sum 3 (fitness
    // 3). Only 165 of 65536 architectures are feasible: a random generation
    // of 20 rarely holds one.
    const GridSpace space(8, 4);
    auto toy = ToyProblem().metric("acc", gene_sum).metric("cost", gene_sum).maximize("acc").at_most("cost", 3);
    toy.penalty(2.0);
    int infeasible_starts = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const auto [log, info] = run_ga(space, toy, seed, 100000, {{"generations", 30}});
        REQUIRE(log.finished);
        const bool start_infeasible =
            std::none_of(log.records.begin(), log.records.begin() + 20, [](auto& r) { return r.feasible; });
        infeasible_starts += start_infeasible;
        const Record& best = log.best();
        INFO("seed " << seed);
        CHECK(best.violation == 0.0);  // the penalty formulation has no hard violation...
        CHECK(best.feasible);          // ...yet the best found satisfies the constraint
        CHECK(best.fitness == 3.0);
    }
    CHECK(infeasible_starts >= 15);
}

TEST_CASE("ga_penalty elitism never loses the best member", "[ga_penalty]") {
    // Tournaments of 100 draws from 10 members always pick the best member, and
    // every child is its mutation: the parent's fitness per generation is the
    // population's best, which cannot drop with an elite and soon does without.
    const auto parent_fitness_drops = [](int elitism) {
        const MutationRecordingSpace space(8, 4);
        const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
        run_ga(space, toy, 4, 100000,
               {{"population", 10},
                {"elitism", elitism},
                {"generations", 40},
                {"tournament_size", 100},
                {"crossover_rate", 0.0},
                {"mutation_rate", 1.0}});
        const std::size_t children = 10 - static_cast<std::size_t>(elitism);
        REQUIRE(space.parents.size() == 40 * children);
        for (std::size_t g = 1; g < 40; ++g) {
            if (gene_sum(space.parents[g * children]) < gene_sum(space.parents[(g - 1) * children])) return true;
        }
        return false;
    };
    CHECK_FALSE(parent_fitness_drops(1));
    CHECK(parent_fitness_drops(0));
}

TEST_CASE("ga_penalty is deterministic for a seed", "[ga_penalty]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const auto archs = [&](std::uint64_t seed) { return run_ga(space, toy, seed, 300, {}).log.archs(); };
    CHECK(archs(8) == archs(8));
    CHECK(archs(8) != archs(9));
}
