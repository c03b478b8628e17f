// The nb201 space: official index order against the data files, string
// forms and their errors, operators, and the macro network against the
// parameter and FLOP counts NAS-Bench-201 publishes.
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hwnas/csv.hpp"
#include "nb201_space.hpp"
#include "chi_square.hpp"
#include "test_support.hpp"

namespace {

using Catch::Contains;
using hwnas::Architecture;
using hwnas::LayerOp;
using hwnas::Network;
using hwnas::nb201::Nb201Space;

constexpr std::uint64_t num_archs = 15625;
const std::string index0_string =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
const std::string index1_string =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

Nb201Space make_space(const nlohmann::json& params = nlohmann::json::object(), const std::string& dataset = "cifar10",
                      const std::filesystem::path& data_dir = hwnas::test::data_dir()) {
    return Nb201Space(hwnas::PluginContext{params, data_dir, data_dir, dataset});
}

const Nb201Space& official_space() {
    static const Nb201Space space = make_space();
    return space;
}

std::filesystem::path index_file() { return hwnas::test::data_dir() / "hw-nas-bench" / "nb201.csv"; }

std::size_t genes_differing(const Architecture& a, const Architecture& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i] ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("nb201 has 6 edges of 5 operations in NAS-Bench-201 order", "[nb201]") {
    const auto& space = official_space();
    CHECK(space.name() == "nb201");
    const std::array<std::string, 6> names{"edge 0->1", "edge 0->2", "edge 1->2",
                                           "edge 0->3", "edge 1->3", "edge 2->3"};
    const std::vector<std::string> ops{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
    REQUIRE(space.dimensions().size() == 6);
    for (std::size_t e = 0; e < 6; ++e) {
        CHECK(space.dimensions()[e].name == names[e]);
        CHECK(space.dimensions()[e].labels == ops);
    }
    CHECK(space.size() == num_archs);
    CHECK(space.encoding_size(hwnas::Encoding::one_hot) == 30);
}

TEST_CASE("nb201 official index round trips match hw-nas-bench/nb201.csv for all 15625 cells", "[nb201]") {
    const auto& space = official_space();
    const hwnas::CsvFile csv(index_file());
    REQUIRE(csv.rows() == num_archs);
    const auto index_col = csv.column("index");
    const auto arch_col = csv.column("arch_str");
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        const auto index = static_cast<std::uint64_t>(csv.number(row, index_col));
        const std::string arch_str(csv.text(row, arch_col));
        const Architecture arch = space.from_index(index);
        const std::string genes = hwnas::to_genes_string(arch);
        INFO("line " << csv.line(row) << ": " << arch_str);
        REQUIRE(space.to_string(arch) == arch_str);
        REQUIRE(space.parse(arch_str) == arch);
        REQUIRE(space.index(space.parse(arch_str)) == index);
        REQUIRE(space.parse(genes) == arch);
        REQUIRE(space.parse("nb201:" + genes) == arch);
        REQUIRE(space.is_valid(arch));
    }
}

TEST_CASE("nb201 official index agrees with the NAS-Bench-201 accuracy table", "[nb201]") {
    // An independent source of the same order (NATS-Bench / NB201 API exports).
    const auto& space = official_space();
    const hwnas::CsvFile csv(hwnas::test::data_dir() / "nas-bench-201" / "accuracy.csv");
    REQUIRE(csv.rows() == num_archs);
    const auto index_col = csv.column("arch_index");
    const auto arch_col = csv.column("arch_str");
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        INFO("line " << csv.line(row));
        REQUIRE(space.index(space.parse(csv.text(row, arch_col))) == csv.number(row, index_col));
    }
}

TEST_CASE("nb201 known cells", "[nb201]") {
    const auto& space = official_space();
    CHECK(space.to_string(space.from_index(0)) == index0_string);
    CHECK(space.from_index(0) == Architecture{4, 2, 1, 2, 1, 1});
    CHECK(space.to_string(Architecture{3, 3, 4, 1, 3, 1}) == index1_string);
    CHECK(space.index(space.parse("3-3-4-1-3-1")) == 1);
    // Best CIFAR-10 cell of NAS-Bench-201 (94.37 % test accuracy).
    CHECK(space.index(space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
                                  "nor_conv_1x1~2|")) == 6111);
    CHECK(space.index(Architecture{3, 3, 3, 3, 3, 3}) == 1462);
    CHECK(space.index(Architecture{0, 0, 0, 0, 0, 0}) == 1651);
    CHECK(space.to_string(Architecture{0, 0, 0, 0, 0, 0}) == "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
    CHECK_THROWS_WITH(space.from_index(num_archs), Contains("out of range") && Contains("0..15624"));
    CHECK_THROWS_WITH(space.index(Architecture{0, 0, 0, 0, 0, 5}), Contains("0..4"));
    CHECK_THROWS_WITH(space.index(Architecture{0, 0, 0}), Contains("6 genes"));
}

TEST_CASE("nb201 lexicographic order is base 5 with the first edge most significant", "[nb201]") {
    // No data directory needed: lexicographic order reads no file.
    const nlohmann::json params = {{"index_order", "lexicographic"}};
    const auto space = make_space(params, "cifar10", "/nonexistent-hwnas-data");
    for (std::uint64_t i = 0; i < num_archs; ++i) {
        const Architecture arch = space.from_index(i);
        REQUIRE(space.index(arch) == i);
        REQUIRE(space.parse(space.to_string(arch)) == arch);
    }
    CHECK(space.from_index(0) == Architecture{0, 0, 0, 0, 0, 0});
    CHECK(space.from_index(1) == Architecture{0, 0, 0, 0, 0, 1});
    CHECK(space.from_index(5) == Architecture{0, 0, 0, 0, 1, 0});
    CHECK(space.from_index(num_archs - 1) == Architecture{4, 4, 4, 4, 4, 4});
    CHECK(space.index(Architecture{3, 3, 4, 1, 3, 1}) == 3 * 3125 + 3 * 625 + 4 * 125 + 1 * 25 + 3 * 5 + 1);
    CHECK_THROWS_WITH(space.from_index(num_archs), Contains("out of range"));
}

TEST_CASE("nb201 rejects bad index_order values", "[nb201]") {
    const nlohmann::json params = {{"index_order", "sorted"}};
    CHECK_THROWS_WITH(make_space(params), Contains("index_order") && Contains("\"sorted\"") &&
                                              Contains("lexicographic"));
    const nlohmann::json not_a_string = {{"index_file", 3}};
    CHECK_THROWS_WITH(make_space(not_a_string), Contains("index_file") && Contains("must be a string"));
}

TEST_CASE("nb201 parse errors say what was expected where", "[nb201]") {
    const auto& space = official_space();
    const auto fails_with = [&](const std::string& text, const auto& matcher) {
        INFO(text);
        CHECK_THROWS_AS(space.parse(text), hwnas::Error);
        CHECK_THROWS_WITH(space.parse(text), matcher);
    };
    fails_with("|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|",
               Contains("column 2") && Contains("unknown operation 'nor_conv_5x5'") &&
                   Contains("did you mean 'nor_conv_1x1' or 'nor_conv_3x3'?") && Contains("edge 0->1"));
    fails_with("|none~0|+|none~0|skip_conect~1|+|none~0|none~1|none~2|",
               Contains("column 18") && Contains("unknown operation 'skip_conect' (did you mean 'skip_connect'?)"));
    fails_with("|none~0|+|none~0|none~1|+|none~0|zzz~1|none~2|", Contains("unknown operation 'zzz'") &&
                                                                   !Contains("did you mean") &&
                                                                   Contains("avg_pool_3x3"));
    fails_with("|none~0|+|none~0|none~0|+|none~0|none~1|none~2|",
               Contains("column 22") && Contains("input node 1 ('~1') of edge 1->2") && Contains("found '~0'"));
    fails_with("|none|+|none~0|none~1|+|none~0|none~1|none~2|", Contains("'~'") && Contains("found '|'"));
    fails_with("|none~0|+|none~0|none~1|", Contains("column 25") && Contains("'+' starting the group of node 3") &&
                                              Contains("3 groups") && Contains("found the end of the string"));
    fails_with(index0_string + "+|none~0|",
               Contains("expected the end of the string (a cell string has 3 groups)") && Contains("found '+'"));
    fails_with("|none~0|none~1|+|none~0|none~1|+|none~0|none~1|none~2|",
               Contains("node 1 has 1 incoming edge") && Contains("found 'n'"));
    fails_with("|none~0|+|none~0|+|none~0|none~1|none~2|",
               Contains("the operation of edge 1->2 (node 2 has 2 incoming edges)") && Contains("found '+'"));
    fails_with("hello", Contains("cell string") && Contains("joined by '-'"));
    fails_with("3-3-5-1-3-1", Contains("out of range"));
    fails_with("3-3-4", Contains("has 3 choices"));
    fails_with("", Contains("is not an architecture of space 'nb201'"));
}

TEST_CASE("nb201 official order without its index file says how to fix it", "[nb201]") {
    const auto empty_dir = hwnas::test::temp_dir("nb201-nodata");
    const auto expected_path = (empty_dir / "hw-nas-bench" / "nb201.csv").string();
    CHECK_THROWS_WITH(make_space(nlohmann::json::object(), "cifar10", empty_dir),
                      Contains(expected_path) && Contains("--data-dir") && Contains("HWNAS_DATA_DIR") &&
                          Contains("index_order \"lexicographic\""));
    const nlohmann::json params = {{"index_file", "/nonexistent-hwnas/table.csv"}};
    CHECK_THROWS_WITH(make_space(params), Contains("/nonexistent-hwnas/table.csv") && Contains("not found"));
    std::filesystem::remove_all(empty_dir);
}

TEST_CASE("nb201 validates its index file and names file and line", "[nb201]") {
    // Variants of the real table (index and arch_str only); line 1 is the header.
    std::vector<std::string> lines{"index,arch_str"};
    {
        const hwnas::CsvFile csv(index_file());
        for (std::size_t row = 0; row < csv.rows(); ++row) {
            lines.push_back(std::string(csv.text(row, 0)) + "," + std::string(csv.text(row, 1)));
        }
    }
    const auto dir = hwnas::test::temp_dir("nb201-index");
    const auto fails_with = [&](std::vector<std::string> variant, const auto& matcher) {
        const auto path = dir / "nb201.csv";
        std::string text;
        for (const auto& line : variant) text += line + "\n";
        hwnas::test::write_file(path, text);
        const nlohmann::json params = {{"index_file", path.string()}};
        CHECK_THROWS_WITH(make_space(params), Contains(path.string()) && matcher);
    };
    const auto arch_of = [&](std::size_t line) { return lines[line - 1].substr(lines[line - 1].find(',') + 1); };

    auto duplicate_arch = lines;
    duplicate_arch[4] = "3," + arch_of(2);
    fails_with(duplicate_arch, Contains(":5:") && Contains("appears twice (first on line 2)"));

    auto duplicate_index = lines;
    duplicate_index[6] = "2," + arch_of(7);
    fails_with(duplicate_index, Contains(":7:") && Contains("index 2 appears twice (first on line 4)"));

    auto missing_row = lines;
    missing_row.pop_back();
    fails_with(missing_row, Contains("expected 15625 rows") && Contains("found 15624") && Contains("index 15624"));

    auto bad_op = lines;
    bad_op[9] = "8,|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    fails_with(bad_op, Contains(":10:") && Contains("column 'arch_str'") && Contains("unknown operation 'conv'"));

    auto bad_index = lines;
    bad_index[2] = "15625," + arch_of(3);
    fails_with(bad_index, Contains(":3:") && Contains("column 'index'") && Contains("found '15625'"));

    fails_with({"idx,arch_str", "0," + arch_of(2)}, Contains("no column 'index'"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("nb201 mutation changes exactly one edge and stays valid", "[nb201]") {
    const auto& space = official_space();
    hwnas::Rng rng(7);
    std::array<std::array<int, 5>, 6> reached{};  // edge x new op
    for (int trial = 0; trial < 5000; ++trial) {
        const Architecture parent = space.sample(rng);
        const Architecture child = space.mutate(parent, rng);
        REQUIRE(space.is_valid(child));
        REQUIRE(genes_differing(parent, child) == 1);
        for (std::size_t e = 0; e < 6; ++e) {
            if (child[e] != parent[e]) ++reached[e][child[e]];
        }
    }
    for (const auto& edge : reached) {
        for (const int count : edge) CHECK(count > 0);
    }
}

TEST_CASE("nb201 crossover takes every gene from one of the parents", "[nb201]") {
    const auto& space = official_space();
    hwnas::Rng rng(11);
    for (int trial = 0; trial < 2000; ++trial) {
        const Architecture a = space.sample(rng);
        const Architecture b = space.sample(rng);
        const Architecture child = space.crossover(a, b, rng);
        REQUIRE(space.is_valid(child));
        for (std::size_t e = 0; e < 6; ++e) REQUIRE((child[e] == a[e] || child[e] == b[e]));
    }
    // Parents that differ everywhere: each edge is inherited from both sides.
    const Architecture zeros{0, 0, 0, 0, 0, 0};
    const Architecture fours{4, 4, 4, 4, 4, 4};
    std::array<int, 6> from_second{};
    for (int trial = 0; trial < 200; ++trial) {
        const Architecture child = space.crossover(zeros, fours, rng);
        for (std::size_t e = 0; e < 6; ++e) from_second[e] += child[e] == 4 ? 1 : 0;
    }
    for (const int n : from_second) {
        CHECK(n > 0);
        CHECK(n < 200);
    }
}

TEST_CASE("nb201 sampling is uniform over the operations of every edge", "[nb201]") {
    const auto& space = official_space();
    hwnas::Rng rng(2024);
    constexpr int samples = 50000;
    std::array<std::array<int, 5>, 6> counts{};
    std::set<std::uint64_t> seen;
    for (int i = 0; i < samples; ++i) {
        const Architecture arch = space.sample(rng);
        REQUIRE(space.is_valid(arch));
        for (std::size_t e = 0; e < 6; ++e) ++counts[e][arch[e]];
        seen.insert(space.index(arch));
    }
    // Pearson chi-square over the 30 gene frequencies: 6 x (5 - 1) = 24 degrees of freedom.
    double chi_square = 0.0;
    for (const auto& edge : counts) chi_square += hwnas::test::chi_square(edge);
    INFO("chi-square = " << chi_square);
    CHECK(chi_square < hwnas::test::chi_square_critical_p001(24));
    // 50000 uniform draws miss a given cell with probability (1 - 1/15625)^50000 ~ 4 %.
    CHECK(seen.size() > 14500);
}

namespace {

struct Cost {
    std::int64_t params = 0;
    std::int64_t flops = 0;
};

/// Parameters (conv weights, BN scale and shift, FC weights and biases) and
/// FLOPs counted as NAS-Bench-201 does: multiply-accumulates of convolutions
/// and of the classifier (incl. bias) only.
Cost nb201_cost(const Network& net) {
    Cost cost;
    for (const auto& l : net.layers) {
        if (l.op == LayerOp::conv) {
            const std::int64_t out_size = l.input_size / l.stride;
            const std::int64_t weights = std::int64_t{l.kernel} * l.kernel * l.in_channels * l.out_channels / l.groups;
            cost.params += weights + (l.batch_norm ? 2 * l.out_channels : 0);
            cost.flops += weights * out_size * out_size;
        } else if (l.op == LayerOp::batch_norm) {
            cost.params += 2 * l.in_channels;
        } else if (l.op == LayerOp::fully_connected) {
            cost.params += std::int64_t{l.in_channels} * l.out_channels + l.out_channels;
            cost.flops += std::int64_t{l.in_channels} * l.out_channels + l.out_channels;
        }
    }
    return cost;
}

Nb201Space lexicographic_space(const std::string& dataset) {
    return make_space({{"index_order", "lexicographic"}}, dataset);
}

/// "conv 16->32 k3/2 @32 relu bn <-45": op, channels, kernel/stride, input size, extras, inputs.
std::string describe(const hwnas::Layer& l) {
    static const std::map<LayerOp, std::string> names{
        {LayerOp::conv, "conv"},         {LayerOp::avg_pool, "avg_pool"},     {LayerOp::identity, "identity"},
        {LayerOp::zero, "zero"},         {LayerOp::add, "add"},               {LayerOp::batch_norm, "batch_norm"},
        {LayerOp::activation, "activation"}, {LayerOp::fully_connected, "fully_connected"}};
    std::string out = names.at(l.op) + " " + std::to_string(l.in_channels) + "->" + std::to_string(l.out_channels) +
                      " k" + std::to_string(l.kernel) + "/" + std::to_string(l.stride) + " @" +
                      std::to_string(l.input_size);
    if (!l.activation.empty()) out += " " + l.activation;
    if (l.batch_norm) out += " bn";
    for (std::size_t i = 0; i < l.inputs.size(); ++i) out += (i == 0 ? " <-" : ",") + std::to_string(l.inputs[i]);
    return out;
}

/// The edge layers of cell `cell` (0..14) in arch-string order.
std::vector<hwnas::Layer> cell_edges(const Network& net, int cell) {
    // Stem, then 5 cells of 9 layers per stage, a 5-layer reduction block before stages 1 and 2.
    const int first = 1 + cell * 9 + (cell / 5) * 5;
    std::vector<hwnas::Layer> edges;
    for (const int offset : {0, 2, 3, 5, 6, 7}) edges.push_back(net.layers[first + offset]);
    return edges;
}

}  // namespace

TEST_CASE("nb201 network parameters and FLOPs match NAS-Bench-201's published extremes", "[nb201][network]") {
    // Min and max of the `params` (M) and `flop` (MFLOPs) fields over all 15625
    // cells in NAS-Bench-201-v1_1: the largest cell is all nor_conv_3x3, the
    // smallest any cell without convolutions.
    struct Expected {
        std::string dataset;
        Cost smallest;
        Cost largest;
    };
    const std::vector<Expected> expected{
        {"cifar10-valid", {73306, 7783050}, {1531546, 220119690}},
        {"cifar10", {73306, 7783050}, {1531546, 220119690}},
        {"cifar100", {79156, 7788900}, {1537396, 220125540}},
        {"ImageNet16-120", {80456, 1953400}, {1538696, 55037560}},
    };
    for (const auto& e : expected) {
        INFO(e.dataset);
        const auto space = lexicographic_space(e.dataset);
        const Cost largest = nb201_cost(space.network(Architecture{3, 3, 3, 3, 3, 3}));
        CHECK(largest.params == e.largest.params);
        CHECK(largest.flops == e.largest.flops);
        for (const Architecture& cell : {Architecture{0, 0, 0, 0, 0, 0}, Architecture{1, 1, 1, 1, 1, 1},
                                         Architecture{4, 4, 4, 4, 4, 4}, Architecture{4, 0, 1, 4, 1, 0}}) {
            const Cost smallest = nb201_cost(space.network(cell));
            CHECK(smallest.params == e.smallest.params);
            CHECK(smallest.flops == e.smallest.flops);
        }
    }
}

TEST_CASE("nb201 network of the all-conv3x3 cell", "[nb201][network]") {
    const Network net = official_space().network(Architecture{3, 3, 3, 3, 3, 3});
    CHECK(net.input_channels == 3);
    CHECK(net.input_size == 32);
    CHECK(net.num_classes == 10);
    // 1 stem + 15 cells x (6 edges + 3 nodes) + 2 reductions x 5 + 4 head layers.
    REQUIRE(net.layers.size() == 150);
    int cell_convs = 0;
    int convs = 0;
    for (const auto& l : net.layers) {
        if (l.op != LayerOp::conv) continue;
        ++convs;
        const bool cell_conv = l.kernel == 3 && l.stride == 1 && l.in_channels == l.out_channels &&
                               l.activation == "relu" && l.batch_norm && l.inputs.size() == 1;
        cell_convs += cell_conv ? 1 : 0;
    }
    CHECK(cell_convs == 6 * 15);
    CHECK(convs == 1 + 6 * 15 + 2 * 3);
    for (int cell = 0; cell < 15; ++cell) {
        const int channels = 16 << (cell / 5);
        const int size = 32 >> (cell / 5);
        for (const auto& edge : cell_edges(net, cell)) {
            CHECK(edge.op == LayerOp::conv);
            CHECK(edge.kernel == 3);
            CHECK(edge.in_channels == channels);
            CHECK(edge.out_channels == channels);
            CHECK(edge.input_size == size);
        }
    }
}

TEST_CASE("nb201 network stem, cell wiring, reduction block and head", "[nb201][network]") {
    const auto& space = official_space();
    const Network net = space.network(space.from_index(0));  // avg_pool, 1x1, skip, 1x1, skip, skip
    REQUIRE(net.layers.size() == 150);
    const auto layer = [&](int i) { return describe(net.layers[i]); };

    CHECK(layer(0) == "conv 3->16 k3/1 @32 bn");
    // First cell: e(0->1) add1 e(0->2) e(1->2) add2 e(0->3) e(1->3) e(2->3) add3, node 0 = layer 0.
    const std::vector<std::string> first_cell{
        "avg_pool 16->16 k3/1 @32 <-0", "add 16->16 k1/1 @32 <-1",
        "conv 16->16 k1/1 @32 relu bn <-0", "identity 16->16 k1/1 @32 <-2", "add 16->16 k1/1 @32 <-3,4",
        "conv 16->16 k1/1 @32 relu bn <-0", "identity 16->16 k1/1 @32 <-2", "identity 16->16 k1/1 @32 <-5",
        "add 16->16 k1/1 @32 <-6,7,8"};
    for (int i = 0; i < 9; ++i) CHECK(layer(1 + i) == first_cell[i]);
    CHECK(layer(10) == "avg_pool 16->16 k3/1 @32 <-9");  // the second cell reads the first one's output

    // Reduction block after the fifth cell (whose output is layer 45).
    CHECK(layer(46) == "conv 16->32 k3/2 @32 relu bn <-45");
    CHECK(layer(47) == "conv 32->32 k3/1 @16 relu bn");
    CHECK(layer(48) == "avg_pool 16->16 k2/2 @32 <-45");
    CHECK(layer(49) == "conv 16->32 k1/1 @16");
    CHECK(layer(50) == "add 32->32 k1/1 @16 <-47,49");
    CHECK(layer(51) == "avg_pool 32->32 k3/1 @16 <-50");
    CHECK(layer(96) == "conv 32->64 k3/2 @16 relu bn <-95");
    CHECK(layer(100) == "add 64->64 k1/1 @8 <-97,99");

    CHECK(layer(146) == "batch_norm 64->64 k1/1 @8");
    CHECK(layer(147) == "activation 64->64 k1/1 @8 relu");
    CHECK(layer(148) == "avg_pool 64->64 k8/1 @8");
    CHECK(layer(149) == "fully_connected 64->10 k1/1 @1");
}

TEST_CASE("nb201 network layers only read earlier layers", "[nb201][network]") {
    const auto& space = official_space();
    hwnas::Rng rng(5);
    for (int trial = 0; trial < 50; ++trial) {
        const Network net = space.network(space.sample(rng));
        for (std::size_t i = 0; i < net.layers.size(); ++i) {
            for (const int input : net.layers[i].inputs) {
                REQUIRE(input >= 0);
                REQUIRE(static_cast<std::size_t>(input) < i);
            }
        }
    }
}

TEST_CASE("nb201 network follows the dataset", "[nb201][network]") {
    const auto imagenet = lexicographic_space("ImageNet16-120").network(Architecture{2, 2, 2, 2, 2, 2});
    CHECK(imagenet.input_size == 16);
    CHECK(imagenet.num_classes == 120);
    CHECK(imagenet.layers[0].input_size == 16);
    CHECK(cell_edges(imagenet, 0)[0].input_size == 16);
    CHECK(cell_edges(imagenet, 7)[0].input_size == 8);
    CHECK(cell_edges(imagenet, 14)[0].input_size == 4);
    CHECK(imagenet.layers[148].kernel == 4);
    CHECK(imagenet.layers[149].out_channels == 120);

    const auto cifar100 = lexicographic_space("cifar100").network(Architecture{2, 2, 2, 2, 2, 2});
    CHECK((cifar100.input_size == 32 && cifar100.num_classes == 100 && cifar100.layers[149].out_channels == 100));
    // No dataset given: CIFAR-10's shape.
    const auto plain = lexicographic_space("").network(Architecture{2, 2, 2, 2, 2, 2});
    CHECK((plain.input_size == 32 && plain.num_classes == 10));

    const auto unknown = lexicographic_space("imagenet");
    CHECK_THROWS_WITH(unknown.network(Architecture{2, 2, 2, 2, 2, 2}),
                      Contains("'imagenet'") && Contains("'ImageNet16-120'") && Contains("'cifar100'"));
}
