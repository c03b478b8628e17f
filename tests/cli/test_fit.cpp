// `hwnas fit` end to end: train on the NB201 tables, serve the model through
// the surrogate provider, and refuse bad input.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/stats.hpp"
#include "test_support.hpp"

namespace {


std::string fit_args(const std::filesystem::path& model, int seed) {
    return "fit --space nb201 --provider table --dataset cifar10 --metric pixel3_latency --samples 400"
           " --params '{\"num_rounds\": 300}' --seed " + std::to_string(seed) + " -o '" + model.string() + "'" +
           hwnas::test::data_flag();
}

// Every architecture of `genes` queried with `provider_args`: one value of `metric` each.
std::vector<double> query(const std::string& genes, const std::string& provider_args, const std::string& metric) {
    const auto r = hwnas::test::run_hwnas("query nb201 - " + provider_args + hwnas::test::data_flag(), genes);
    REQUIRE(r.exit_code == 0);
    std::vector<double> values;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        values.push_back(nlohmann::json::parse(line)["metrics"][metric].get<double>());
    return values;
}

}  // namespace

TEST_CASE("hwnas fit learns a table metric that the surrogate provider then ranks like the table") {
    const auto dir = hwnas::test::temp_dir("fit_cli");
    const auto model = dir / "pixel3.json";
    const auto r = hwnas::test::run_hwnas(fit_args(model, 1));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("test") && Catch::Contains("R^2"));

    const auto meta = nlohmann::json::parse(hwnas::test::read_file(model));
    CHECK(meta["space"] == "nb201");
    CHECK(meta["metric"]["name"] == "pixel3_latency");
    CHECK(meta["metric"]["unit"] == "ms");
    CHECK(meta["metric"]["direction"] == "lower");
    CHECK(meta["scores"]["test"]["n"] == 40);
    CHECK(meta["scores"]["test"]["r2"].get<double>() > 0.7);

    // 60 architectures spread over the whole space, most of them unseen in training.
    std::string genes;
    for (int i = 0; i < 60; ++i) {
        int index = (i * 7919 + 13) % 15625;
        std::string g;
        for (int edge = 0; edge < 6; ++edge, index /= 5) g = std::to_string(index % 5) + (edge ? "-" : "") + g;
        genes += g + "\n";
    }
    const auto truth = query(genes, "--provider table", "pixel3_latency");
    const auto predicted = query(
        genes, "--provider surrogate --provider-params '{\"models\": [\"" + model.string() + "\"]}'", "pixel3_latency");
    REQUIRE(truth.size() == 60);
    REQUIRE(predicted.size() == 60);
    CHECK(hwnas::engine::spearman(truth, predicted) > 0.85);
    CHECK(truth != predicted);  // a model, not a copy of the table
}

TEST_CASE("hwnas fit with the same seed writes the same model, and another seed another one") {
    const auto dir = hwnas::test::temp_dir("fit_cli_seed");
    REQUIRE(hwnas::test::run_hwnas(fit_args(dir / "a.json", 3)).exit_code == 0);
    REQUIRE(hwnas::test::run_hwnas(fit_args(dir / "b.json", 3)).exit_code == 0);
    REQUIRE(hwnas::test::run_hwnas(fit_args(dir / "c.json", 4)).exit_code == 0);
    CHECK(hwnas::test::read_file(dir / "a.json") == hwnas::test::read_file(dir / "b.json"));
    CHECK(hwnas::test::read_file(dir / "a.json") != hwnas::test::read_file(dir / "c.json"));
}

TEST_CASE("hwnas fit names an unknown metric and a missing data file") {
    const auto dir = hwnas::test::temp_dir("fit_cli_bad");
    const auto unknown = hwnas::test::run_hwnas(
        "fit --space nb201 --provider table --dataset cifar10 --metric pixel3_latencyy --samples 40 -o '" +
        (dir / "x.json").string() + "'" + hwnas::test::data_flag());
    CHECK(unknown.exit_code != 0);
    CHECK_THAT(unknown.err, Catch::Contains("pixel3_latencyy") && Catch::Contains("pixel3_latency,"));
    CHECK_FALSE(std::filesystem::exists(dir / "x.json"));

    const auto missing = hwnas::test::run_hwnas("fit --space nb201 --data '" + (dir / "none.csv").string() +
                                                "' --metric y -o '" + (dir / "y.json").string() + "'" + hwnas::test::data_flag());
    CHECK(missing.exit_code != 0);
    CHECK_THAT(missing.err, Catch::Contains("none.csv"));
}
