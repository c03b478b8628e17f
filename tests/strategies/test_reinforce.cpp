#include <catch2/catch.hpp>

#include <cmath>

#include "reinforce.hpp"
#include "strategy_harness.hpp"

using namespace hwnas;
using namespace hwnas::test;
using hwnas::strategies::Reinforce;

namespace {

/// 3 genes x 3 choices, a separate score per (gene, choice); the optimum is 2-0-1.
double table_score(const Architecture& a) {
    static constexpr double score[3][3] = {{0.0, 0.4, 1.0}, {1.0, 0.2, 0.5}, {0.3, 1.0, 0.0}};
    return score[0][a[0]] + score[1][a[1]] + score[2][a[2]];
}

Outcome run_reinforce(const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed, std::uint64_t budget,
                      const nlohmann::json& overrides, std::size_t slots = 1024) {
    return run_plugin<Reinforce>("reinforce", space, toy, seed, budget, overrides, slots);
}

}  // namespace

TEST_CASE("reinforce refuses a Pareto problem", "[reinforce]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem().metric("s", table_score).minimize("s").formulation(Formulation::pareto);
    CHECK_THROWS_WITH(
        Reinforce(plugin_params("reinforce"), make_context(space, toy, 1, 10)),
        Catch::Contains("needs a single objective or a scalarising formulation") && Catch::Contains("nsga2"));
}

TEST_CASE("reinforce starts from the uniform policy", "[reinforce]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem().metric("s", table_score).maximize("s");
    const Reinforce strategy(plugin_params("reinforce"), make_context(space, toy, 1, 10));
    const auto info = strategy.info();
    CHECK(info.at("entropy").get<double>() == Approx(3 * std::log(3.0)));
    CHECK(info.at("most_probable_probability").get<double>() == Approx(1.0 / 27));
    CHECK(info.at("updates") == 0);
}

TEST_CASE("reinforce concentrates the policy on the optimum", "[reinforce]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem().metric("s", table_score).maximize("s");
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto [log, info] = run_reinforce(space, toy, seed, 2000, {});
        INFO("seed " << seed << ": " << info.dump());
        CHECK(info.at("most_probable") == "2-0-1");
        CHECK(info.at("most_probable_probability").get<double>() > 0.5);
        CHECK(info.at("entropy").get<double>() < 1.0);
        CHECK(info.at("updates") == 2000);
    }
}

TEST_CASE("reinforce learns to avoid infeasible architectures", "[reinforce]") {
    // Maximise the gene sum with gene 0 <= 1: the unconstrained optimum 2-2-2
    // is infeasible and gets the lowest reward seen; the answer is 1-2-2.
    const GridSpace space(3, 3);
    const auto toy = ToyProblem()
                         .metric("sum", gene_sum)
                         .metric("first", [](const Architecture& a) { return static_cast<double>(a[0]); })
                         .maximize("sum")
                         .at_most("first", 1);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto [log, info] = run_reinforce(space, toy, seed, 2000, {});
        INFO("seed " << seed << ": " << info.dump());
        CHECK(info.at("most_probable") == "1-2-2");
        CHECK(info.at("most_probable_probability").get<double>() > 0.5);
    }
}

TEST_CASE("reinforce updates once per batch, however the batch is split", "[reinforce]") {
    const GridSpace space(3, 3);
    const auto toy = ToyProblem().metric("s", table_score).maximize("s");
    const nlohmann::json params = {{"batch", 4}};
    const auto whole = run_reinforce(space, toy, 7, 2001, params);
    CHECK(whole.log.batches.front() == 4);
    CHECK(whole.info.at("updates") == 500);  // the last, single evaluation waits for its batch
    const auto split = run_reinforce(space, toy, 7, 2001, params, 3);
    CHECK(split.log.archs() == whole.log.archs());
    CHECK(split.info == whole.info);
    CHECK(whole.info.at("most_probable") == "2-0-1");
}

TEST_CASE("reinforce is deterministic for a seed", "[reinforce]") {
    const GridSpace space(4, 3);
    const auto toy = ToyProblem().metric("sum", gene_sum).maximize("sum");
    const auto archs = [&](std::uint64_t seed) { return run_reinforce(space, toy, seed, 300, {}).log.archs(); };
    CHECK(archs(2) == archs(2));
    CHECK(archs(2) != archs(3));
}
