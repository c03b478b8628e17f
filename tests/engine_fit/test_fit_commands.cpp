// `hwnas analyze` and `hwnas lut fit` end to end: the real binary, the real
// plugins and the benchmark data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

using Catch::Contains;
using hwnas::test::read_file;
using hwnas::test::run_hwnas;
using Json = nlohmann::json;

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

/// The line of `csv` that starts with `prefix`, or "".
std::string line_starting(const std::string& csv, const std::string& prefix) {
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(prefix)) return line;
    }
    return {};
}

const std::string largest_cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";

}  // namespace

TEST_CASE("hwnas analyze: every NB201 cell, files written, same results on 1 and 2 threads") {
    const auto dir = hwnas::test::temp_dir("analyze-cli");
    const std::string common =
        "analyze --space nb201 --dataset cifar10 --provider analytic --provider table "
        "--metrics flops,raspi4_latency,params --pairs params:flops,flops:raspi4_latency";
    const auto two = run_hwnas(common + " --threads 2 -o '" + (dir / "a").string() + "' --dump '" +
                               (dir / "a.csv").string() + "'");
    REQUIRE(two.exit_code == 0);
    CHECK_THAT(two.out, Contains("nb201 (cifar10): 15625 architectures (every architecture)"));
    CHECK_THAT(two.out, Contains("Kendall tau-b"));

    const std::string dump = read_file(dir / "a.csv");
    CHECK(count_lines(dump) == 15626);
    CHECK(dump.starts_with("arch,flops,raspi4_latency,params\n"));
    CHECK(line_starting(dump, largest_cell + ",").starts_with(largest_cell + ",220.11969,"));

    const std::string csv = read_file(dir / "a" / "correlations.csv");
    CHECK(count_lines(csv) == 3);
    CHECK(line_starting(csv, "params,flops,15625,").size() > 0);
    const Json json = Json::parse(read_file(dir / "a" / "correlations.json"));
    CHECK(json["architectures"] == 15625);
    CHECK(json["selection"] == "all");
    CHECK(json["metrics"][1]["provider"] == "table");
    const double tau = json["correlations"][1]["kendall_tau_b"].get<double>();
    CHECK(tau > 0.5);
    CHECK(tau < 1.0);

    const auto one = run_hwnas(common + " --threads 1 -o '" + (dir / "b").string() + "' --dump '" +
                               (dir / "b.csv").string() + "'");
    REQUIRE(one.exit_code == 0);
    CHECK(read_file(dir / "b.csv") == dump);
    CHECK(read_file(dir / "b" / "correlations.csv") == csv);
}

TEST_CASE("hwnas analyze: clear errors") {
    const auto one_metric = run_hwnas("analyze --space nb201 --provider analytic --metrics flops");
    CHECK(one_metric.exit_code == 1);
    CHECK_THAT(one_metric.err, Contains("give at least two metrics"));
    const auto unknown = run_hwnas("analyze --space nb201 --provider analytic --metrics flops,flpos");
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.err, Contains("unknown metric 'flpos'") && Contains("did you mean 'flops'"));
    const auto bad_json = run_hwnas("analyze --space nb201 --provider 'block_lut:{file' --metrics a,b");
    CHECK(bad_json.exit_code == 1);
    CHECK_THAT(bad_json.err, Contains("--provider 'block_lut:{file':1:3: invalid JSON"));
}

TEST_CASE("hwnas lut fit: the FBNet LUT priced through block_lut matches the official API output") {
    const auto dir = hwnas::test::temp_dir("lut-fit-cli");
    const auto samples = hwnas::test::data_dir() / "hw-nas-bench" / "fbnet_samples.json";
    const auto lut = dir / "fbnet_cifar100.json";
    const auto fit = run_hwnas("lut fit --space fbnet --dataset cifar100 --data '" + samples.string() +
                               "' --records help_cifar100 --key-column op_idx_list "
                               "--metric raspi4_latency,pixel3_latency,eyeriss_latency,fpga_latency -o '" +
                               lut.string() + "' --holdout 0.2 --seed 3 --check '" + samples.string() +
                               "' --check-records official_notebook");
    REQUIRE(fit.exit_code == 0);
    CHECK_THAT(fit.out, Contains("rank 97 of 112 keys (nullity 15)"));
    CHECK_THAT(fit.out, Contains("held-out architectures (1000, 0 not priceable"));
    const Json doc = Json::parse(read_file(lut));
    CHECK(doc["format"] == "hwnas-block-lut");
    CHECK(doc["entries"].size() == 112);
    CHECK(doc["provenance"]["heldout"]["raspi4_latency"]["max_rel_error"].get<double>() < 1e-6);

    // Official notebook record [0]*21 + [1] on cifar100, through the provider.
    const Json official = Json::parse(read_file(samples))["official_notebook"]["records"][2];
    REQUIRE(official["dataset"] == "cifar100");
    std::string genes;
    for (const auto& g : official["op_idx_list"]) {
        if (!genes.empty()) genes += '-';
        genes += std::to_string(g.get<int>());
    }
    const auto query = run_hwnas("query fbnet " + genes + " --dataset cifar100 --provider block_lut --provider-params '" +
                                 Json{{"file", lut.string()}}.dump() + "'");
    REQUIRE(query.exit_code == 0);
    const Json metrics = Json::parse(query.out)["metrics"];
    for (const char* m : {"raspi4_latency", "pixel3_latency", "eyeriss_latency", "fpga_latency"}) {
        INFO(m);
        const double expected = official["metrics"][m].get<double>();
        CHECK(std::abs(metrics[m].get<double>() - expected) / expected < 1e-6);
    }

    const auto missing = run_hwnas("lut fit --space fbnet --dataset cifar100 --data '" + samples.string() +
                                   "' --records help_cifar100 --key-column op_idx_list --metric edgegpu_latency -o '" +
                                   (dir / "x.json").string() + "'");
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Contains("/help_cifar100/records/0: no value for metric 'edgegpu_latency'"));
    const auto wrong_dataset = run_hwnas("lut fit --space fbnet --data '" + samples.string() +
                                         "' --records help_cifar100 --key-column op_idx_list --metric raspi4_latency -o '" +
                                         (dir / "x.json").string() + "'");
    CHECK(wrong_dataset.exit_code == 1);
    CHECK_THAT(wrong_dataset.err, Contains("these records are for dataset 'cifar100', not 'cifar10'"));
}
