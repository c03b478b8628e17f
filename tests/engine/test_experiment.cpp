#include <catch2/catch.hpp>

#include "engine/experiment.hpp"
#include "hwnas/error.hpp"
#include "test_support.hpp"

using nlohmann::json;

namespace {

json minimal() {
    return json::parse(R"({
      "space": "nb201",
      "providers": [{"plugin": "table"}],
      "dataset": "cifar10",
      "objective": {"metric": "test_acc", "goal": "maximize"},
      "constraints": [{"metric": "pixel3_latency", "max": 5}],
      "strategy": {"plugin": "regularized_evolution", "params": {"population": 20}},
      "budget": 300,
      "seed": 4
    })");
}

void expect_error(const json& doc, const std::string& message) {
    CHECK_THROWS_WITH(hwnas::engine::parse_experiment(doc, "exp.json"), Catch::Contains(message));
}

}  // namespace

TEST_CASE("a minimal experiment parses with defaults") {
    const auto e = hwnas::engine::parse_experiment(minimal(), "configs/exp.json");
    CHECK(e.name == "exp");
    CHECK(e.space.plugin == "nb201");
    REQUIRE(e.providers.size() == 1);
    CHECK(e.providers[0].id == "table");
    CHECK(e.objectives.at(0).goal == hwnas::Goal::maximize);
    CHECK(e.constraints.at(0).max == 5.0);
    CHECK(e.strategy.params["population"] == 20);
    CHECK(e.budget.evaluations == 300);
    CHECK(e.seed == 4);
    CHECK(e.formulation.type == hwnas::Formulation::constrained);
    CHECK(e.output == std::filesystem::path("runs/exp"));
}

TEST_CASE("several objectives default to Pareto search") {
    json doc = minimal();
    doc.erase("objective");
    doc["objectives"] = json::array({"test_acc", "pixel3_latency"});
    const auto e = hwnas::engine::parse_experiment(doc, "x.json");
    CHECK(e.formulation.type == hwnas::Formulation::pareto);
    CHECK_FALSE(e.objective_goal_given[0]);
}

TEST_CASE("config errors give file, JSON pointer, expectation and what was found") {
    json doc = minimal();
    doc["budget"] = "lots";
    expect_error(doc, "exp.json: /budget: expected a number of evaluations");

    doc = minimal();
    doc["stratgy"] = doc["strategy"];
    expect_error(doc, "exp.json: /stratgy: unknown key 'stratgy' (did you mean 'strategy'?)");

    doc = minimal();
    doc.erase("space");
    expect_error(doc, "exp.json: /: missing required key 'space'");

    doc = minimal();
    doc["constraints"][0] = json{{"metric", "pixel3_latency"}, {"max", "5"}};
    expect_error(doc, "exp.json: /constraints/0/max: expected an upper bound (a number or {\"quantile\": q}), found the string \"5\"");

    doc = minimal();
    doc["objective"]["goal"] = "maximise";
    expect_error(doc, "/objective/goal: expected \"minimize\" or \"maximize\"");

    doc = minimal();
    doc["providers"] = json::array();
    expect_error(doc, "/providers: expected a non-empty array of providers, found an array");

    doc = minimal();
    doc["formulation"] = {{"type", "penalti"}};
    expect_error(doc, "/formulation/type: unknown formulation 'penalti' (did you mean 'penalty'?)");

    doc = minimal();
    doc["strategy"] = 3;
    expect_error(doc, "/strategy: expected a strategy plugin name or an object");
}

TEST_CASE("JSON syntax errors give line and column") {
    const auto dir = hwnas::test::temp_dir("exp");
    // The second comma of line 3 is at column 16.
    hwnas::test::write_file(dir / "broken.json", "{\n  \"space\": \"nb201\",\n  \"budget\": 10,,\n}\n");
    CHECK_THROWS_WITH(hwnas::engine::load_experiment(dir / "broken.json"),
                      Catch::Contains("broken.json:3:16: invalid JSON"));
}

TEST_CASE("a number beyond a double is invalid JSON naming the file, not a crash") {
    // Found by fuzzing: nlohmann reports it as out_of_range, not as a parse error.
    const auto dir = hwnas::test::temp_dir("exp");
    hwnas::test::write_file(dir / "huge.json", "{\"space\": \"nb201\", \"budget\": 1e999}\n");
    CHECK_THROWS_WITH(hwnas::engine::load_experiment(dir / "huge.json"),
                      Catch::Contains("huge.json: invalid JSON: number overflow parsing '1e999'"));
}
