// Grid expansion: cartesian product, zip groups, seeds, and errors that
// point into the grid file.
#include <catch2/catch.hpp>

#include <set>

#include "engine/grid.hpp"

namespace {

nlohmann::json base_experiment() {
    return {{"space", "nb201"},
            {"providers", {"table"}},
            {"dataset", "cifar10"},
            {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
            {"strategy", "random"},
            {"budget", 10}};
}

}  // namespace

TEST_CASE("a grid is the cartesian product of its axes, zip groups swept together, seeds innermost") {
    const nlohmann::json doc = {
        {"experiment", base_experiment()},
        {"grid", {{"/dataset", {"cifar10", "cifar100"}}, {"/budget", {10, 20, 30}}}},
        {"zip", {{{"/strategy", {"random", "regularized_evolution"}}, {"/seed", {7, 8}}}}},
        {"seeds", {1, 2}}};
    const auto grid = hwnas::engine::parse_grid(doc, "g.json");
    REQUIRE(grid.runs.size() == 2 * 3 * 2 * 2);
    // Ids are dense and unique, runs of one grid point differ only in the seed and share one experiment.
    for (std::size_t i = 0; i < grid.runs.size(); ++i) {
        CHECK(grid.runs[i].index == i);
        if (i % 2 == 1) {
            CHECK(*grid.runs[i].key == *grid.runs[i - 1].key);
            CHECK(grid.runs[i].experiment == grid.runs[i - 1].experiment);
            CHECK(grid.runs[i].seed != grid.runs[i - 1].seed);
        } else if (i > 0) {
            CHECK(*grid.runs[i].key != *grid.runs[i - 1].key);
        }
    }
    CHECK(grid.runs[0].id == "r00000");
    std::set<std::string> keys;
    std::set<std::pair<std::string, std::string>> strategy_dataset;
    for (const auto& r : grid.runs) {
        keys.insert(*r.key);
        strategy_dataset.emplace(r.experiment->strategy.plugin, r.experiment->dataset);
    }
    CHECK(keys.size() == 12);
    CHECK(strategy_dataset.size() == 4);
    CHECK(grid.dimensions.size() == 4);
}

TEST_CASE("grid errors name the grid file, the run and the pointer") {
    nlohmann::json doc = {{"experiment", base_experiment()}, {"grid", {{"/budget", {10, "many"}}}}};
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(doc, "g.json"),
                      Catch::Contains("g.json") && Catch::Contains("/budget"));
    doc = {{"experiment", base_experiment()}, {"grid", {{"budget", {10}}}}};
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(doc, "g.json"), Catch::Contains("JSON pointer"));
    doc = {{"experiment", base_experiment()}, {"seeds", 0}};
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(doc, "g.json"), Catch::Contains("seeds"));
}

TEST_CASE("sweeps that cannot be set, or would make an absurd number of runs, are refused before any run is made") {
    // Found by fuzzing: these used to escape as JSON exceptions or grow arrays without bound.
    auto grid_with = [](const std::string& pointer) {
        return nlohmann::json{{"experiment", base_experiment()}, {"grid", {{pointer, {1, 2}}}}};
    };
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(grid_with("/providers/0x"), "g.json"),
                      Catch::Contains("g.json") && Catch::Contains("cannot sweep \"/providers/0x\"") &&
                          Catch::Contains("is an array of 1"));
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(grid_with("/providers/100000000"), "g.json"),
                      Catch::Contains("not one of its indices"));
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(grid_with("/space/size"), "g.json"),
                      Catch::Contains("cannot sweep \"/space/size\": the experiment's /space is the string \"nb201\""));
    // Missing object members are made: a parameter the base experiment leaves out can be swept.
    nlohmann::json doc = {{"experiment", base_experiment()},
                          {"grid", {{"/strategy/params/population", {20, 30}}}}};
    doc["experiment"]["strategy"] = {{"plugin", "regularized_evolution"}};
    CHECK(hwnas::engine::parse_grid(doc, "g.json").runs.size() == 2);

    doc = {{"experiment", base_experiment()}, {"seeds", 1000000000}};
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(doc, "g.json"), Catch::Contains("expected at most 10000000 seeds"));
    doc = {{"experiment", base_experiment()}, {"seeds", 200000}, {"grid", {{"/budget", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}, {"/seed", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}}}};
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(doc, "g.json"), Catch::Contains("more than 10000000 runs"));
    doc = {{"experiment", base_experiment()}, {"seeds", 2}};
    doc["experiment"]["seed"] = "one";
    CHECK_THROWS_WITH(hwnas::engine::parse_grid(doc, "g.json"),
                      Catch::Contains("/experiment/seed") && Catch::Contains("non-negative integer seed"));
}
