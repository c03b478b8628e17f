// Bad input gets a specific message and a non-zero exit.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

nlohmann::json good_config() {
    return nlohmann::json::parse(R"({
      "space": "nb201",
      "providers": [{"plugin": "table"}],
      "dataset": "cifar10",
      "objective": {"metric": "test_acc", "goal": "maximize"},
      "constraints": [{"metric": "pixel3_latency", "max": 5.0}],
      "strategy": {"plugin": "regularized_evolution", "params": {"population": 20}},
      "budget": 50
    })");
}

/// Writes `config` and runs `hwnas <command> <file>`; returns the result.
hwnas::test::CommandResult run_config(const nlohmann::json& config, const std::string& command = "run",
                                      const std::string& extra = "") {
    const auto dir = hwnas::test::temp_dir("bad");
    const auto file = dir / "exp.json";
    hwnas::test::write_file(file, config.dump(2));
    const std::string output = command == "run" ? " -o '" + (dir / "out").string() + "'" : "";
    return hwnas::test::run_hwnas(command + " '" + file.string() + "'" + output + " --data-dir '" +
                                  hwnas::test::data_dir().string() + "' " + extra);
}

void expect_failure(const hwnas::test::CommandResult& r, const std::vector<std::string>& parts) {
    INFO("stderr: " << r.err);
    CHECK(r.exit_code != 0);
    for (const auto& p : parts) CHECK_THAT(r.err, Catch::Contains(p));
}

}  // namespace

TEST_CASE("the good config runs (so the failures below are the edits')") {
    const auto r = run_config(good_config());
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("a value of the wrong type names its JSON pointer") {
    auto c = good_config();
    c["budget"] = "fifty";
    expect_failure(run_config(c), {"exp.json: /budget: expected a number of evaluations", "found the string \"fifty\""});
}

TEST_CASE("an unknown plugin is named with the closest one") {
    auto c = good_config();
    c["strategy"]["plugin"] = "regularised_evolution";
    expect_failure(run_config(c), {"/strategy/plugin: unknown strategy plugin 'regularised_evolution'",
                                   "did you mean 'regularized_evolution'?"});
}

TEST_CASE("a typo'd parameter is named with the closest one") {
    auto c = good_config();
    c["strategy"]["params"] = {{"populaton", 20}};
    expect_failure(run_config(c), {"/strategy/params/populaton: unknown parameter 'populaton'", "did you mean 'population'?"});
}

TEST_CASE("a parameter out of range says what is allowed") {
    auto c = good_config();
    c["strategy"]["params"] = {{"population", 0}};
    expect_failure(run_config(c), {"/strategy/params/population: expected an integer >= ", "found the integer 0"});
}

TEST_CASE("an unknown metric lists near names") {
    auto c = good_config();
    c["constraints"][0]["metric"] = "pixel_latency";
    expect_failure(run_config(c), {"/constraints/0/metric: unknown metric 'pixel_latency'", "did you mean", "pixel3_latency"});
}

TEST_CASE("a missing data file is named") {
    auto c = good_config();
    c["providers"][0]["params"] = {{"tables", {{{"file", "no-such-folder/latency.csv"}}}}, {"preset", "none"}};
    expect_failure(run_config(c), {"no-such-folder/latency.csv", "cannot open"});
}

TEST_CASE("validate fails the same way as run") {
    auto c = good_config();
    c["strategy"]["params"] = {{"populaton", 20}};
    expect_failure(run_config(c, "validate"), {"/strategy/params/populaton"});
}

TEST_CASE("a non-plugin library on the plugin path is refused by name, the others still work") {
    const auto dir = hwnas::test::temp_dir("plugins");
    std::filesystem::copy_file(HWNAS_NOT_A_PLUGIN, dir / "libhwnas_mystrategy.so");

    // Listing warns and keeps going.
    const auto listed = hwnas::test::run_hwnas("--plugin-path '" + dir.string() + "' list");
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Catch::Contains("regularized_evolution"));
    CHECK_THAT(listed.out, Catch::Contains("libhwnas_mystrategy.so: not a hwnas plugin"));

    // Using it fails, and the error says why the file was refused.
    auto c = good_config();
    c["strategy"] = "mystrategy";
    expect_failure(run_config(c, "run", "--plugin-path '" + dir.string() + "'"),
                   {"unknown strategy plugin 'mystrategy'", "libhwnas_mystrategy.so was refused: not a hwnas plugin"});
}

TEST_CASE("unreadable JSON gives line and column") {
    const auto dir = hwnas::test::temp_dir("bad");
    hwnas::test::write_file(dir / "exp.json", "{\n  \"space\": \"nb201\"\n  \"budget\": 3\n}\n");
    const auto r = hwnas::test::run_hwnas("run '" + (dir / "exp.json").string() + "'");
    // The parser stops at the end of the unexpected token "budget" (line 3, columns 3-10).
    expect_failure(r, {"exp.json:3:10: invalid JSON", "unexpected string literal"});
}
