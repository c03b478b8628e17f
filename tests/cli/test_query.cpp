// `hwnas query` against the data files, value by value.
#include <catch2/catch.hpp>

#include <charconv>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hwnas/csv.hpp"
#include "hwnas/rng.hpp"
#include "test_support.hpp"

namespace {

double parse_double(std::string_view text) {
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

}  // namespace

TEST_CASE("hwnas query returns the table's values for 20 architectures, field by field") {
    const auto data = hwnas::test::data_dir();
    const hwnas::CsvFile accuracy(data / "nas-bench-201" / "accuracy.csv");
    const hwnas::CsvFile hw(data / "hw-nas-bench" / "nb201.csv");
    REQUIRE(accuracy.rows() == 15625);

    // 20 rows spread over the table, fixed by a seed.
    hwnas::Rng rng(2021);
    std::vector<std::size_t> rows;
    std::string input;
    for (int i = 0; i < 20; ++i) {
        rows.push_back(rng.below(accuracy.rows()));
        input += std::string(accuracy.text(rows.back(), accuracy.column("arch_str"))) + "\n";
    }
    const auto r = hwnas::test::run_hwnas("query nb201 - --dataset cifar10 --data-dir '" + data.string() + "'", input);
    REQUIRE(r.exit_code == 0);
    const auto answers = json_lines(r.out);
    REQUIRE(answers.size() == rows.size());

    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::size_t row = rows[i];
        const auto& a = answers[i];
        INFO("row " << row << ": " << a.dump());
        CHECK(a["index"] == std::stoul(std::string(accuracy.text(row, accuracy.column("arch_index")))));
        CHECK(a["arch"] == accuracy.text(row, accuracy.column("arch_str")));
        const auto& m = a["metrics"];
        CHECK(m["test_acc"].get<double>() == parse_double(accuracy.text(row, accuracy.column("cifar10.test_acc"))));
        // The HW-NAS-Bench table has the same row order (checked by the nb201 space tests).
        CHECK(hw.text(row, hw.column("arch_str")) == accuracy.text(row, accuracy.column("arch_str")));
        for (const char* device : {"raspi4", "pixel3", "eyeriss", "fpga"}) {
            const std::string column = std::string("cifar10.") + device + "_latency";
            CHECK(m[std::string(device) + "_latency"].get<double>() == parse_double(hw.text(row, hw.column(column))));
        }
    }
}

TEST_CASE("hwnas query accepts the genes form and other datasets") {
    const auto data = hwnas::test::data_dir();
    const hwnas::CsvFile accuracy(data / "nas-bench-201" / "accuracy.csv");
    // Row 1 is |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|.
    const auto r = hwnas::test::run_hwnas("query nb201 3-3-4-1-3-1 --dataset ImageNet16-120 --data-dir '" + data.string() + "'");
    REQUIRE(r.exit_code == 0);
    const auto a = nlohmann::json::parse(r.out);
    CHECK(a["index"] == 1);
    CHECK(a["metrics"]["test_acc"].get<double>() ==
          parse_double(accuracy.text(1, accuracy.column("ImageNet16-120.test_acc"))));
    // HW-NAS-Bench latencies exist only for cifar10 in the data: not offered for ImageNet16-120.
    CHECK_FALSE(a["metrics"].contains("pixel3_latency"));
}

TEST_CASE("hwnas query reports an unparsable architecture with its line") {
    const auto r = hwnas::test::run_hwnas("query nb201 - --data-dir '" + hwnas::test::data_dir().string() + "'",
                                          "3-3-4-1-3-1\n|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("stdin:2:") && Catch::Contains("nor_conv_5x5"));
}
