#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>

#include "nsga2.hpp"
#include "pareto_ranking.hpp"
#include "random_search.hpp"
#include "strategy_harness.hpp"

using namespace hwnas;
using namespace hwnas::test;
using hwnas::strategies::Nsga2;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

/// 10 genes x 4 choices: s = sum of genes 0..3 (0..12), h = sum of genes 4..9.
/// Minimise f1 = s and f2 = 12 - s + h: the Pareto front is h = 0 with any s,
/// 13 objective vectors, reached by 1 in 4096 architectures.
ToyProblem two_objectives() {
    return ToyProblem()
        .metric("f1", [](const Architecture& a) { return gene_range_sum(a, 0, 4); })
        .metric("f2", [](const Architecture& a) { return 12 - gene_range_sum(a, 0, 4) + gene_range_sum(a, 4, 10); })
        .minimize("f1")
        .minimize("f2")
        .formulation(Formulation::pareto);
}

/// The distinct front points (values of s with h = 0) among feasible records.
std::set<double> front_found(const RunLog& log) {
    std::set<double> s_values;
    for (const auto& r : log.records) {
        if (r.feasible && gene_range_sum(r.arch, 4, 10) == 0) s_values.insert(gene_range_sum(r.arch, 0, 4));
    }
    return s_values;
}

Outcome run_nsga2(const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed, std::uint64_t budget,
                  const nlohmann::json& overrides, std::size_t slots = 1024) {
    return run_plugin<Nsga2>("nsga2", space, toy, seed, budget, overrides, slots);
}

}  // namespace

TEST_CASE("non-dominated sorting ranks a hand-made set", "[nsga2][pareto]") {
    // (1,4) (2,2) (4,1) form front 0 (with the duplicate (2,2)); (3,3) is
    // dominated by (2,2) only; (4,4) by (3,3); (5,5) by (4,4).
    const std::vector<double> points = {1, 4, 2, 2, 4, 1, 3, 3, 4, 4, 5, 5, 2, 2};
    const std::vector<double> violation(7, 0.0);
    std::vector<std::size_t> rank(7, 99);
    CHECK(nsga2::non_dominated_sort(points, 2, violation, rank) == 4);
    CHECK(rank == std::vector<std::size_t>{0, 0, 0, 1, 2, 3, 0});
}

TEST_CASE("non-dominated sorting applies constraint-domination", "[nsga2][pareto]") {
    // Feasible points first whatever their objectives; then infeasible ones by
    // violation alone: (0,0) and (5,5) violate equally, (1,1) more.
    const std::vector<double> points = {3, 3, 2, 4, 1, 1, 0, 0, 5, 5};
    const std::vector<double> violation = {0, 0, 0.5, 0.2, 0.2};
    std::vector<std::size_t> rank(5);
    CHECK(nsga2::non_dominated_sort(points, 2, violation, rank) == 3);
    CHECK(rank == std::vector<std::size_t>{0, 0, 2, 1, 1});

    const std::vector<double> a = {1, 1};
    const std::vector<double> b = {2, 2};
    CHECK(nsga2::constrained_dominates(a, 0.0, b, 0.0));
    CHECK_FALSE(nsga2::constrained_dominates(b, 0.0, a, 0.0));
    CHECK(nsga2::constrained_dominates(b, 0.0, a, 0.1));        // feasible beats infeasible
    CHECK(nsga2::constrained_dominates(b, 0.1, a, 0.3));        // less violation wins
    CHECK_FALSE(nsga2::constrained_dominates(a, 0.0, a, 0.0));  // equal points: neither
}

TEST_CASE("non-dominated sorting handles three objectives and a single point", "[nsga2][pareto]") {
    const std::vector<double> points = {1, 2, 3, 3, 2, 1, 2, 2, 2, 2, 3, 4};
    const std::vector<double> violation(4, 0.0);
    std::vector<std::size_t> rank(4);
    CHECK(nsga2::non_dominated_sort(points, 3, violation, rank) == 2);
    CHECK(rank == std::vector<std::size_t>{0, 0, 0, 1});  // (2,3,4) is dominated by (1,2,3)

    std::vector<std::size_t> one(1, 7);
    CHECK(nsga2::non_dominated_sort(std::vector<double>{5, 5}, 2, std::vector<double>{0}, one) == 1);
    CHECK(one[0] == 0);
}

TEST_CASE("crowding distance matches a hand computation", "[nsga2][pareto]") {
    // Sorted by f1: 1 2 4 6 (range 5); by f2: 5 3 2 1 (range 4).
    // (2,3): (4-1)/5 + (5-2)/4 = 1.35; (4,2): (6-2)/5 + (3-1)/4 = 1.3.
    const std::vector<double> points = {4, 2, 1, 5, 6, 1, 2, 3};
    const std::vector<std::size_t> front = {0, 1, 2, 3};
    std::vector<double> distance(4, -1);
    nsga2::crowding_distance(points, 2, front, distance);
    CHECK(distance[0] == Approx(1.3));
    CHECK(distance[1] == inf);
    CHECK(distance[2] == inf);
    CHECK(distance[3] == Approx(1.35));
}

TEST_CASE("crowding distance of small fronts, flat objectives and subsets", "[nsga2][pareto]") {
    std::vector<double> distance(4, -1);
    const std::vector<double> points = {1, 0, 2, 0, 3, 0, 9, 9};
    nsga2::crowding_distance(points, 2, std::vector<std::size_t>{0, 2}, distance);
    CHECK(distance == std::vector<double>{inf, -1, inf, -1});  // two points: both extremes; others untouched

    // f2 is flat: it adds nothing; f1 gives the middle point (3-1)/2 = 1.
    nsga2::crowding_distance(points, 2, std::vector<std::size_t>{0, 1, 2}, distance);
    CHECK(distance[0] == inf);
    CHECK(distance[1] == Approx(1.0));
    CHECK(distance[2] == inf);
    CHECK(distance[3] == -1);
}

TEST_CASE("nsga2 recovers the Pareto front of a toy problem", "[nsga2]") {
    // 20 generations of 40: about 12.4 of the 13 front points on average;
    // random search finds about one per ten runs.
    const GridSpace space(10, 4);
    const auto toy = two_objectives();
    const std::uint64_t budget = 800;
    std::size_t nsga2_found = 0;
    std::size_t random_found = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const auto [log, info] = run_nsga2(space, toy, seed, budget, {{"population", 40}});
        const auto found = front_found(log);
        INFO("seed " << seed << " found " << found.size() << " of 13");
        CHECK(found.size() >= 10);
        nsga2_found += found.size();
        strategies::RandomSearch random(plugin_params("random"), make_context(space, toy, seed, budget));
        random_found += front_found(run(random, space, toy, budget)).size();
    }
    CHECK(nsga2_found >= 115);
    CHECK(random_found <= 10);
}

TEST_CASE("nsga2 keeps to the feasible part of the front", "[nsga2]") {
    // With f1 <= 8 the feasible front is s = 0..8 (9 points).
    const GridSpace space(10, 4);
    auto toy = two_objectives();
    toy.at_most("f1", 8);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto [log, info] = run_nsga2(space, toy, seed, 2000, {{"population", 40}});
        const auto found = front_found(log);
        INFO("seed " << seed);
        CHECK(found.size() >= 7);
        // By then every parent is feasible, so most children are too (a mutation can cross the bound).
        const auto last = log.records.end() - 40;
        CHECK(std::count_if(last, log.records.end(), [](auto& r) { return r.feasible; }) >= 30);
    }
}

TEST_CASE("nsga2 optimises a single objective too", "[nsga2]") {
    const GridSpace space(6, 4);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const auto [log, info] = run_nsga2(space, toy, 1, 1000, {{"population", 20}});
    CHECK(log.best().fitness == 18.0);
}

TEST_CASE("nsga2 counts generations and is independent of batching", "[nsga2]") {
    const GridSpace space(10, 4);
    const auto toy = two_objectives();
    const auto whole = run_nsga2(space, toy, 3, 45, {{"population", 10}});
    CHECK(whole.info.at("generations_completed") == 3);  // 10 random + 3 x 10 children, 5 more under way
    CHECK(whole.log.batches == std::vector<std::size_t>{10, 10, 10, 10, 5});
    const auto split = run_nsga2(space, toy, 3, 45, {{"population", 10}}, 7);
    CHECK(split.log.archs() == whole.log.archs());
    CHECK(split.info == whole.info);
    CHECK(run_nsga2(space, toy, 4, 45, {{"population", 10}}).log.archs() != whole.log.archs());
}

TEST_CASE("nsga2 needs an objective", "[nsga2]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem().metric("a", [](const Architecture&) { return 0.0; }).formulation(Formulation::pareto);
    CHECK_THROWS_WITH(Nsga2(plugin_params("nsga2"), make_context(space, toy, 1, 10)),
                      Catch::Contains("at least one objective"));
}
