// The mnasnet space: the dataset's architecture columns, MACs and parameter
// counts reproduced from network() for all 5138 rows of anb_dataset.csv,
// string forms and their errors, operators, sampling uniformity, and the
// EfficientNet-B0 network.
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hwnas/csv.hpp"
#include "mnasnet_genome.hpp"
#include "mnasnet_space.hpp"
#include "chi_square.hpp"
#include "test_support.hpp"

namespace {

using Catch::Contains;
using hwnas::Architecture;
using hwnas::LayerOp;
using hwnas::mnasnet::MnasnetSpace;

MnasnetSpace make_space(const nlohmann::json& params = nlohmann::json::object()) {
    return MnasnetSpace(hwnas::PluginContext{params, hwnas::test::data_dir(), hwnas::test::data_dir(), "imagenet"});
}

// EfficientNet-B0: e = 1,6,6,6,6,6,6; k = 3,3,5,3,5,5,3; l = 1,2,2,3,3,4,1; SE everywhere.
const std::string b0_native =
    "e1_k3_l1_se1|e6_k3_l2_se1|e6_k5_l2_se1|e6_k3_l3_se1|e6_k5_l3_se1|e6_k5_l4_se1|e6_k3_l1_se1";
const Architecture b0_genes{0, 0, 0, 0, 2, 0, 1, 0, 2, 1, 1, 0, 2, 0, 2, 0, 2, 1, 2, 0, 2, 1, 3, 0, 2, 0, 0, 0};

// anb_dataset.csv result_id 0.
const std::string row0_columns = "6,3,1,0,4,5,2,0,6,3,3,0,6,5,3,0,6,5,2,0,1,3,2,0,1,3,2,0";
const std::string row0_native =
    "e6_k3_l1_se0|e4_k5_l2_se0|e6_k3_l3_se0|e6_k5_l3_se0|e6_k5_l2_se0|e1_k3_l2_se0|e1_k3_l2_se0";

struct Counts {
    std::int64_t macs = 0;
    std::int64_t params = 0;
};

/// Squeeze-excite on `channels` channels of an h x h map in a block whose input has
/// `block_in` channels: pool, 1x1 reduce and expand convs with bias.
void add_squeeze_excite(Counts& c, std::int64_t channels, std::int64_t block_in, std::int64_t h) {
    const std::int64_t squeeze = std::max<std::int64_t>(1, block_in / 4);
    c.macs += (h * h + 1) * channels + 2 * channels * squeeze;
    c.params += 2 * channels * squeeze + squeeze + channels;
}

/// MACs and parameters as the Accel-NASBench authors counted them (thop):
/// convolutions and linear layers multiply-accumulates, batch norm 4 per
/// output element, adaptive average pooling (k*k + 1) per output element,
/// activations and the SE scaling nothing; squeeze-excite has max(1, Cin/4)
/// squeeze channels and biased 1x1 convs; BN has 2 parameters per channel.
Counts thop_counts(const hwnas::Network& net) {
    Counts c;
    for (const auto& l : net.layers) {
        const std::int64_t in = l.in_channels;
        const std::int64_t out = l.out_channels;
        const std::int64_t k2 = std::int64_t{l.kernel} * l.kernel;
        const std::int64_t h = l.input_size;
        const std::int64_t h_out = (h + l.stride - 1) / l.stride;
        switch (l.op) {
            case LayerOp::conv:
                c.macs += h_out * h_out * out * in / l.groups * k2 + (l.batch_norm ? 4 * h_out * h_out * out : 0);
                c.params += out * in / l.groups * k2 + (l.batch_norm ? 2 * out : 0);
                if (l.squeeze_excite) add_squeeze_excite(c, out, in, h_out);
                break;
            case LayerOp::mbconv: {
                const std::int64_t mid = in * l.expand;
                if (l.expand != 1) {
                    c.macs += h * h * in * mid + 4 * h * h * mid;
                    c.params += in * mid + 2 * mid;
                }
                c.macs += h_out * h_out * mid * k2 + 4 * h_out * h_out * mid;
                c.params += mid * k2 + 2 * mid;
                if (l.squeeze_excite) add_squeeze_excite(c, mid, in, h_out);
                c.macs += h_out * h_out * mid * out + 4 * h_out * h_out * out;
                c.params += mid * out + 2 * out;
                break;
            }
            case LayerOp::avg_pool: c.macs += (k2 + 1) * out; break;
            case LayerOp::add: break;  // `result += input` is no module: thop does not see it
            case LayerOp::fully_connected:
                c.macs += in * out;
                c.params += in * out + out;
                break;
            default: FAIL("unexpected layer op in an mnasnet network");
        }
    }
    return c;
}

std::vector<std::string> keys_of(const hwnas::Network& net) {
    std::vector<std::string> keys;
    for (const auto& l : net.layers) keys.push_back(l.key);
    return keys;
}

}  // namespace

TEST_CASE("mnasnet has 28 genes named after the dataset's columns", "[mnasnet]") {
    const auto space = make_space();
    CHECK(space.name() == "mnasnet");
    const auto dims = space.dimensions();
    REQUIRE(dims.size() == 28);
    CHECK(dims[0].name == "block0_e");
    CHECK(dims[0].labels == std::vector<std::string>{"1", "4", "6"});
    CHECK(dims[1].name == "block0_k");
    CHECK(dims[1].labels == std::vector<std::string>{"3", "5"});
    CHECK(dims[2].name == "block0_l");
    CHECK(dims[2].labels == std::vector<std::string>{"1", "2", "3"});
    CHECK(dims[3].name == "block0_se");
    CHECK(dims[3].labels == std::vector<std::string>{"on", "off"});  // ConfigSpace order [True, False]
    CHECK(dims[22].name == "block5_l");
    CHECK(dims[22].labels == std::vector<std::string>{"1", "2", "3", "4"});
    CHECK(dims[27].name == "block6_se");
    CHECK(space.size() == std::uint64_t{104485552128});  // 36^6 * 48
    CHECK(space.encoding_size(hwnas::Encoding::one_hot) == 6 * 10 + 11);
    CHECK(space.encoding_size(hwnas::Encoding::features) == 28);
}

TEST_CASE("mnasnet reproduces MACs and parameters of every anb_dataset.csv row", "[mnasnet]") {
    const auto space = make_space();
    const hwnas::CsvFile csv(hwnas::test::data_dir() / "accel-nasbench" / "anb_dataset.csv");
    REQUIRE(csv.rows() == 5138);
    std::vector<std::size_t> arch_cols;
    for (std::size_t b = 0; b < 7; ++b) {
        for (const std::string field : {"e", "k", "l", "se"}) {
            arch_cols.push_back(csv.column("block" + std::to_string(b) + "_" + field));
        }
    }
    const auto macs_col = csv.column("macs_M");
    const auto params_col = csv.column("params_M");
    std::vector<double> features(28);
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        std::string key;
        for (const auto c : arch_cols) {
            if (!key.empty()) key += ',';
            key += csv.text(row, c);
        }
        INFO("line " << csv.line(row) << ": " << key);
        const Architecture arch = space.parse(key);
        space.encode(arch, hwnas::Encoding::features, features);
        for (std::size_t g = 0; g < 28; ++g) REQUIRE(features[g] == csv.number(row, arch_cols[g]));
        // Genes are Accel-NASBench's ConfigSpace indices: se 1 -> 0 (True first), 0 -> 1.
        for (std::size_t b = 0; b < 7; ++b) REQUIRE(arch[4 * b + 3] == (csv.text(row, arch_cols[4 * b + 3]) == "1" ? 0 : 1));
        const Counts counts = thop_counts(space.network(arch));
        REQUIRE(counts.macs == std::llround(csv.number(row, macs_col) * 1e6));
        REQUIRE(counts.params == std::llround(csv.number(row, params_col) * 1e6));
    }
    CHECK(space.to_string(space.parse(row0_columns)) == row0_native);
}

TEST_CASE("mnasnet string forms round trip", "[mnasnet]") {
    const auto space = make_space();
    hwnas::Rng rng(8);
    std::vector<double> features(28);
    for (int i = 0; i < 2000; ++i) {
        const Architecture arch = space.sample(rng);
        const std::string genes = hwnas::to_genes_string(arch);
        space.encode(arch, hwnas::Encoding::features, features);
        std::string columns;
        for (const double f : features) {
            if (!columns.empty()) columns += ',';
            columns += std::to_string(static_cast<int>(f));
        }
        INFO(genes);
        REQUIRE(space.parse(space.to_string(arch)) == arch);
        REQUIRE(space.parse("mnasnet:" + space.to_string(arch)) == arch);
        REQUIRE(space.parse(genes) == arch);
        REQUIRE(space.parse("mnasnet:" + genes) == arch);
        REQUIRE(space.parse(columns) == arch);
        REQUIRE(space.from_index(space.index(arch)) == arch);
    }
    CHECK(space.parse(b0_native) == b0_genes);
    CHECK(space.to_string(b0_genes) == b0_native);
    // The JSON files spell squeeze-excite as true/false.
    CHECK(space.parse("1,3,1,true,6,3,2,true,6,5,2,True,6,3,3,true,6,5,3,true,6,5,4,true,6,3,1,true") == b0_genes);
}

TEST_CASE("mnasnet parse errors say what was expected", "[mnasnet]") {
    const auto space = make_space();
    CHECK_THROWS_WITH(space.parse("6,3,1,0"), Contains("28 columns") && Contains("found 4 fields"));
    std::string bad_expand = row0_columns;
    bad_expand.replace(0, 1, "3");
    CHECK_THROWS_WITH(space.parse(bad_expand), Contains("block0_e is '3'; expected one of 1, 4, 6"));
    std::string four_layers = row0_columns;
    four_layers.replace(4 * 2 + 4, 1, "4");  // block1_l = 4: only block 5 allows 4 layers
    CHECK_THROWS_WITH(space.parse(four_layers), Contains("block1_l is '4'; expected one of 1, 2, 3"));
    std::string bad_se = row0_columns;
    bad_se.replace(bad_se.size() - 1, 1, "2");
    CHECK_THROWS_WITH(space.parse(bad_se), Contains("block6_se is '2'; expected 1/0"));
    CHECK_THROWS_WITH(space.parse("e6_k3_l1_se0|e4_k5_l2_se0"), Contains("expected 7 blocks") && Contains("found 2"));
    std::string bad_block = row0_native;
    bad_block.replace(0, 12, "e6_k3_x1_se0");
    CHECK_THROWS_WITH(space.parse(bad_block), Contains("block 0 is 'e6_k3_x1_se0'"));
    std::string bad_kernel = row0_native;
    bad_kernel.replace(4, 1, "7");
    CHECK_THROWS_WITH(space.parse(bad_kernel), Contains("block0_k is '7'; expected one of 3, 5"));
    CHECK_THROWS_WITH(space.parse("0-0-0"), Contains("has 3 choices") && Contains("28"));
    CHECK_THROWS_WITH(space.parse("mobilenet"), Contains("expected 7 blocks 'e<1|4|6>"));
}

TEST_CASE("mnasnet mutation changes one gene and the network", "[mnasnet]") {
    const auto space = make_space();
    hwnas::Rng rng(4);
    for (int i = 0; i < 1000; ++i) {
        const Architecture parent = space.sample(rng);
        const Architecture child = space.mutate(parent, rng);
        REQUIRE(space.is_valid(child));
        std::size_t differing = 0;
        for (std::size_t g = 0; g < 28; ++g) differing += parent[g] != child[g] ? 1 : 0;
        REQUIRE(differing == 1);
        REQUIRE(keys_of(space.network(parent)) != keys_of(space.network(child)));
    }
}

TEST_CASE("mnasnet crossover takes every gene from a parent", "[mnasnet]") {
    const auto space = make_space();
    hwnas::Rng rng(9);
    for (int i = 0; i < 1000; ++i) {
        const Architecture a = space.sample(rng);
        const Architecture b = space.sample(rng);
        const Architecture child = space.crossover(a, b, rng);
        REQUIRE(space.is_valid(child));
        for (std::size_t g = 0; g < 28; ++g) REQUIRE((child[g] == a[g] || child[g] == b[g]));
    }
}

TEST_CASE("mnasnet sampling is uniform over every gene", "[mnasnet]") {
    const auto space = make_space();
    hwnas::Rng rng(1);
    std::vector<std::vector<int>> counts(28);
    for (std::size_t g = 0; g < 28; ++g) counts[g].assign(space.dimensions()[g].size(), 0);
    for (int i = 0; i < 6000; ++i) {
        const Architecture arch = space.sample(rng);
        for (std::size_t g = 0; g < 28; ++g) ++counts[g][arch[g]];
    }
    for (std::size_t g = 0; g < 28; ++g) {
        INFO(space.dimensions()[g].name);
        CHECK(hwnas::test::chi_square(counts[g]) < hwnas::test::chi_square_critical_p001(counts[g].size() - 1));
    }
}

TEST_CASE("mnasnet network of EfficientNet-B0", "[mnasnet]") {
    const auto space = make_space();
    const auto net = space.network(b0_genes);
    CHECK(net.input_size == 224);
    CHECK(net.num_classes == 1000);
    REQUIRE(net.layers.size() == 1 + 2 + 15 + 3);
    const auto& stem = net.layers[0];
    CHECK((stem.op == LayerOp::conv && stem.kernel == 3 && stem.stride == 2 && stem.out_channels == 32 &&
           stem.activation == "swish" && stem.batch_norm));
    // Block 0 has expansion 1: depthwise conv with SE, then a 1x1 conv, no residual (32 -> 16).
    const auto& depthwise = net.layers[1];
    CHECK((depthwise.op == LayerOp::conv && depthwise.kernel == 3 && depthwise.groups == 32 &&
           depthwise.in_channels == 32 && depthwise.out_channels == 32 && depthwise.input_size == 112 &&
           depthwise.squeeze_excite && depthwise.activation == "swish"));
    CHECK(depthwise.key == "MBConv_H112_W112_Cin32_Cout16_exp1_kernel3_stride1_se1_swish");
    const auto& pointwise = net.layers[2];
    CHECK((pointwise.op == LayerOp::conv && pointwise.kernel == 1 && pointwise.in_channels == 32 &&
           pointwise.out_channels == 16 && pointwise.activation.empty() && pointwise.key.empty()));
    // Per MBConv layer of blocks 1..6: input size, Cin, Cout, stride.
    const std::array<std::array<int, 4>, 15> shapes{{
        {112, 16, 24, 2}, {56, 24, 24, 1},
        {56, 24, 40, 2}, {28, 40, 40, 1},
        {28, 40, 80, 2}, {14, 80, 80, 1}, {14, 80, 80, 1},
        {14, 80, 112, 1}, {14, 112, 112, 1}, {14, 112, 112, 1},
        {14, 112, 192, 2}, {7, 192, 192, 1}, {7, 192, 192, 1}, {7, 192, 192, 1},
        {7, 192, 320, 1},
    }};
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const auto& l = net.layers[3 + i];
        INFO("layer " << i);
        CHECK(l.op == LayerOp::mbconv);
        CHECK(l.input_size == shapes[i][0]);
        CHECK(l.in_channels == shapes[i][1]);
        CHECK(l.out_channels == shapes[i][2]);
        CHECK(l.stride == shapes[i][3]);
        CHECK(l.squeeze_excite);
        CHECK(l.residual == (shapes[i][1] == shapes[i][2] && shapes[i][3] == 1));
    }
    CHECK((net.layers[3].expand == 6 && net.layers[5].kernel == 5 && net.layers[7].kernel == 3));
    CHECK(net.layers[3].key == "MBConv_H112_W112_Cin16_Cout24_exp6_kernel3_stride2_se1_swish");
    const auto& head = net.layers[18];
    CHECK((head.op == LayerOp::conv && head.kernel == 1 && head.in_channels == 320 && head.out_channels == 1280 &&
           head.input_size == 7));
    CHECK((net.layers[19].op == LayerOp::avg_pool && net.layers[19].kernel == 7));
    CHECK((net.layers[20].op == LayerOp::fully_connected && net.layers[20].in_channels == 1280));
    // torchvision's efficientnet_b0 has 5288548 parameters.
    CHECK(thop_counts(net).params == 5288548);
}

TEST_CASE("mnasnet parameters set resolution and activation", "[mnasnet]") {
    const auto space = make_space({{"input_size", 192}, {"activation", "relu"}});
    const auto net = space.network(b0_genes);
    CHECK(net.input_size == 192);
    CHECK(net.layers[0].activation == "relu");
    CHECK(net.layers[1].input_size == 96);
    CHECK(net.layers.back().in_channels == 1280);
    CHECK(net.layers[19].kernel == 6);
    CHECK_THROWS_WITH(make_space({{"activation", "gelu"}}), Contains("'activation' must be \"swish\" or \"relu\""));
    CHECK_THROWS_WITH(make_space({{"input_size", 8}}), Contains("'input_size' must be an integer 32..1024"));
    CHECK_THROWS_WITH(space.network(Architecture{0, 0}), Contains("28 genes"));
}

TEST_CASE("mnasnet expansion-1 layers are depthwise, pointwise and a residual add", "[mnasnet]") {
    const auto space = make_space();
    const auto net = space.network(space.parse(row0_native));
    // stem, 1 + 2 + 3 + 3 + 2 MBConvs, block 5: (dw, pw) + (dw, pw, add), block 6 the same, head, pool, fc.
    REQUIRE(net.layers.size() == 1 + 11 + 5 + 5 + 3);
    const auto& dw = net.layers[12];
    CHECK((dw.op == LayerOp::conv && dw.groups == 112 && dw.in_channels == 112 && dw.out_channels == 112 &&
           dw.stride == 2 && dw.input_size == 14 && dw.kernel == 3 && !dw.squeeze_excite));
    CHECK(dw.key == "MBConv_H14_W14_Cin112_Cout192_exp1_kernel3_stride2_se0_swish");
    CHECK((net.layers[13].op == LayerOp::conv && net.layers[13].in_channels == 112 &&
           net.layers[13].out_channels == 192 && net.layers[13].input_size == 7));
    CHECK((net.layers[14].op == LayerOp::conv && net.layers[14].groups == 192 && net.layers[14].stride == 1));
    const auto& add = net.layers[16];
    CHECK((add.op == LayerOp::add && add.inputs == std::vector<int>{13, 15} && add.out_channels == 192 &&
           add.input_size == 7 && add.key.empty()));
    CHECK((net.layers[17].op == LayerOp::conv && net.layers[17].inputs.empty() && net.layers[17].groups == 192));
    CHECK((net.layers[21].op == LayerOp::add && net.layers[21].inputs == std::vector<int>{18, 20}));
    CHECK((net.layers[22].op == LayerOp::conv && net.layers[22].in_channels == 320));
}
