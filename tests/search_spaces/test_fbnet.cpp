// The fbnet space: LUT keys of every layer and block against HW-NAS-Bench's
// key file for both macro-architectures, the string forms (native, genes,
// HELP's `arch` column, Python lists) and their errors, the operators, and
// the network shapes of a known architecture.
#include <array>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fbnet_space.hpp"
#include "hwnas/csv.hpp"
#include "chi_square.hpp"
#include "test_support.hpp"

namespace {

using Catch::Contains;
using hwnas::Architecture;
using hwnas::LayerOp;
using hwnas::fbnet::FbnetSpace;

FbnetSpace make_space(const std::string& dataset_macro = "auto", const std::string& dataset = "cifar100") {
    const nlohmann::json params = {{"dataset_macro", dataset_macro}};
    return FbnetSpace(hwnas::PluginContext{params, hwnas::test::data_dir(), hwnas::test::data_dir(), dataset});
}

nlohmann::json read_json(const std::string& relative) {
    std::ifstream in(hwnas::test::data_dir() / relative);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

Architecture uniform(Architecture::Gene block) {
    Architecture arch = Architecture::zeros(22);
    for (auto& g : arch.genes()) g = block;
    return arch;
}

std::vector<std::string> keys_of(const hwnas::Network& net) {
    std::vector<std::string> keys;
    for (const auto& l : net.layers) keys.push_back(l.key);
    return keys;
}

// First HELP / HW-NAS-Bench sample (fbnet_latency.csv row 0, fbnet_samples.json help record 0).
const std::string help_row0 = "7-8-1-8-4-8-8-8-7-4-1-4-7-3-2-7-3-2-4-2-4-5";
const Architecture help_row0_arch{7, 8, 1, 8, 4, 8, 8, 8, 7, 4, 1, 4, 7, 3, 2, 7, 3, 2, 4, 2, 4, 5};
const std::string help_row0_native =
    "k5_e6|skip|k3_e1_g2|skip|k5_e1|skip|skip|skip|k5_e6|k5_e1|k3_e1_g2|k5_e1|k5_e6|k3_e6|k3_e3|k5_e6|k3_e6|k3_e3|"
    "k5_e1|k3_e3|k5_e1|k5_e1_g2";

}  // namespace

TEST_CASE("fbnet has 22 layers of 9 blocks in HW-NAS-Bench order", "[fbnet]") {
    const auto space = make_space();
    const std::vector<std::string> blocks{"k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1",
                                          "k5_e1_g2", "k5_e3", "k5_e6", "skip"};
    CHECK(space.name() == "fbnet");
    REQUIRE(space.dimensions().size() == 22);
    for (const auto& d : space.dimensions()) CHECK(d.labels == blocks);
    CHECK(space.dimensions()[0].name == "layer 0");
    CHECK(space.dimensions()[21].name == "layer 21");
    CHECK_FALSE(space.size().has_value());  // 9^22 ~ 9.8e20 does not fit 64 bits
    CHECK(space.encoding_size(hwnas::Encoding::one_hot) == 22 * 9);
    CHECK(space.encoding_size(hwnas::Encoding::features) == 22 * 3);
    CHECK(read_json("hw-nas-bench/fbnet_lut_keys.json").at("blocks").get<std::vector<std::string>>() == blocks);
}

TEST_CASE("fbnet layer keys equal fbnet_lut_keys.json for every layer, block and dataset", "[fbnet]") {
    const auto doc = read_json("hw-nas-bench/fbnet_lut_keys.json");
    for (const std::string dataset : {"cifar100", "ImageNet"}) {
        INFO("dataset " << dataset);
        const auto& expected = doc.at("datasets").at(dataset);
        const auto space = make_space(dataset);
        std::set<std::string> seen;
        for (Architecture::Gene block = 0; block < 9; ++block) {
            INFO("block " << block);
            const auto net = space.network(uniform(block));
            REQUIRE(net.layers.size() == 26);
            CHECK(net.layers[0].key == expected.at("stem").get<std::string>());
            CHECK(net.layers[23].key == expected.at("header").get<std::string>());
            CHECK(net.layers[24].key == expected.at("avgpool").get<std::string>());
            CHECK(net.layers[25].key == expected.at("fc").get<std::string>());
            CHECK(net.layers[24].input_size == expected.at("final_hw").get<int>());
            for (std::size_t i = 0; i < 22; ++i) {
                const auto& layer = expected.at("layers").at(i);
                const auto& got = net.layers[1 + i];
                INFO("layer " << i);
                CHECK(got.key == layer.at("keys").at(block).get<std::string>());
                CHECK(got.input_size == layer.at("input_hw").get<int>());
                CHECK(got.in_channels == layer.at("cin").get<int>());
                CHECK(got.out_channels == layer.at("cout").get<int>());
                CHECK(got.stride == layer.at("stride").get<int>());
            }
            for (const auto& key : keys_of(net)) seen.insert(key);
        }
        const auto all = expected.at("all_keys").get<std::vector<std::string>>();
        CHECK(seen == std::set<std::string>(all.begin(), all.end()));
    }
}

TEST_CASE("fbnet dataset_macro auto follows the experiment's dataset", "[fbnet]") {
    CHECK(make_space("auto", "ImageNet").macro().name == "ImageNet");
    CHECK(make_space("auto", "imagenet").macro().name == "ImageNet");
    CHECK(make_space("auto", "cifar100").macro().name == "cifar100");
    CHECK(make_space("auto", "cifar10").macro().name == "cifar100");
    CHECK(make_space("auto", "").macro().name == "cifar100");
    CHECK(make_space("ImageNet", "cifar100").macro().name == "ImageNet");
    CHECK(make_space("cifar100", "ImageNet").macro().name == "cifar100");
    CHECK_THROWS_WITH(make_space("imagenet"), Contains("dataset_macro") && Contains("\"imagenet\""));
    CHECK(make_space("auto", "ImageNet").network(uniform(0)).num_classes == 1000);
    CHECK(make_space("auto", "cifar100").network(uniform(0)).num_classes == 100);
}

TEST_CASE("fbnet string forms round trip", "[fbnet]") {
    const auto space = make_space();
    hwnas::Rng rng(11);
    for (int i = 0; i < 2000; ++i) {
        const Architecture arch = space.sample(rng);
        const std::string genes = hwnas::to_genes_string(arch);
        std::string list = "[";
        for (std::size_t g = 0; g < arch.size(); ++g) list += (g ? ", " : "") + std::to_string(arch[g]);
        list += "]";
        INFO(genes);
        REQUIRE(space.parse(space.to_string(arch)) == arch);
        REQUIRE(space.parse("fbnet:" + space.to_string(arch)) == arch);
        REQUIRE(space.parse(genes) == arch);
        REQUIRE(space.parse("fbnet:" + genes) == arch);
        REQUIRE(space.parse(list) == arch);
    }
    CHECK(space.to_string(help_row0_arch) == help_row0_native);
    CHECK(space.parse(help_row0_native) == help_row0_arch);
    CHECK(space.to_string(uniform(8)).find("skip|skip|") == 0);
}

TEST_CASE("fbnet parses HELP's fbnet_latency.csv arch column as HW-NAS-Bench op_idx_list", "[fbnet]") {
    const auto space = make_space();
    const hwnas::CsvFile csv(hwnas::test::data_dir() / "help" / "fbnet_latency.csv");
    const auto samples = read_json("hw-nas-bench/fbnet_samples.json").at("help_cifar100").at("records");
    REQUIRE(csv.rows() == 5000);
    REQUIRE(samples.size() == 5000);
    const auto arch_col = csv.column("arch");
    CHECK(csv.text(0, arch_col) == help_row0);
    CHECK(space.parse(csv.text(0, arch_col)) == help_row0_arch);
    std::set<Architecture> distinct;
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        INFO("line " << csv.line(row));
        const Architecture arch = space.parse(csv.text(row, arch_col));
        const auto op_idx_list = samples.at(row).at("op_idx_list").get<std::vector<int>>();
        REQUIRE(std::vector<int>(arch.begin(), arch.end()) == op_idx_list);
        distinct.insert(arch);
    }
    CHECK(distinct.size() == 5000);
}

TEST_CASE("fbnet parse errors say what was expected", "[fbnet]") {
    const auto space = make_space();
    CHECK_THROWS_WITH(space.parse("1-2-3"), Contains("has 3 choices") && Contains("22"));
    CHECK_THROWS_WITH(space.parse(help_row0.substr(0, help_row0.size() - 1) + "9"),
                      Contains("layer 21") && Contains("out of range (0..8)"));
    std::string bad_name = help_row0_native;
    bad_name.replace(0, 5, "k7_e6");
    CHECK_THROWS_WITH(space.parse(bad_name), Contains("layer 0 block 'k7_e6'") && Contains("k3_e1_g2"));
    CHECK_THROWS_WITH(space.parse("k3_e1|skip"), Contains("has 2 blocks") && Contains("22 layers"));
    CHECK_THROWS_WITH(space.parse("[1, 2, 3]"), Contains("lists 3 blocks"));
    CHECK_THROWS_WITH(space.parse("[7, 8, 1, 8, 4, 8, 8, 8, 7, 4, 1, 4, 7, 3, 2, 7, 3, 2, 4, 2, 4, x]"),
                      Contains("item 21 ('x')") && Contains("0..8"));
    CHECK_THROWS_WITH(space.parse("[7, 8"), Contains("must end with ']'"));
    CHECK_THROWS_WITH(space.parse("7_8"), Contains("expected 22 block names joined by '|'"));
    CHECK_THROWS_WITH(space.parse(""), Contains("expected 22 block names"));
}

TEST_CASE("fbnet mutation changes one layer's block and the network", "[fbnet]") {
    const auto space = make_space();
    hwnas::Rng rng(5);
    for (int i = 0; i < 1000; ++i) {
        const Architecture parent = space.sample(rng);
        const Architecture child = space.mutate(parent, rng);
        REQUIRE(space.is_valid(child));
        std::size_t differing = 0;
        for (std::size_t g = 0; g < 22; ++g) differing += parent[g] != child[g] ? 1 : 0;
        REQUIRE(differing == 1);
        REQUIRE(keys_of(space.network(parent)) != keys_of(space.network(child)));
    }
}

TEST_CASE("fbnet crossover takes every layer from a parent", "[fbnet]") {
    const auto space = make_space();
    hwnas::Rng rng(6);
    for (int i = 0; i < 1000; ++i) {
        const Architecture a = space.sample(rng);
        const Architecture b = space.sample(rng);
        const Architecture child = space.crossover(a, b, rng);
        REQUIRE(space.is_valid(child));
        for (std::size_t g = 0; g < 22; ++g) REQUIRE((child[g] == a[g] || child[g] == b[g]));
    }
}

TEST_CASE("fbnet sampling is uniform over the blocks of every layer", "[fbnet]") {
    const auto space = make_space();
    hwnas::Rng rng(2024);
    constexpr int samples = 9000;
    std::array<std::array<int, 9>, 22> counts{};
    for (int i = 0; i < samples; ++i) {
        const Architecture arch = space.sample(rng);
        for (std::size_t g = 0; g < 22; ++g) ++counts[g][arch[g]];
    }
    for (std::size_t g = 0; g < 22; ++g) {
        INFO("layer " << g);
        CHECK(hwnas::test::chi_square(counts[g]) < hwnas::test::chi_square_critical_p001(8));
    }
}

TEST_CASE("fbnet network of a known architecture on cifar100", "[fbnet]") {
    const auto space = make_space("cifar100");
    const auto net = space.network(help_row0_arch);
    CHECK(net.input_size == 32);
    CHECK(net.input_channels == 3);
    REQUIRE(net.layers.size() == 26);
    const auto& stem = net.layers[0];
    CHECK((stem.op == LayerOp::conv && stem.kernel == 3 && stem.stride == 1 && stem.out_channels == 16));
    CHECK((stem.batch_norm && stem.activation == "relu"));
    // Layer input sizes and output channels, stage strides [1,1,2,2,1,2,1].
    const std::array<int, 22> sizes{32, 32, 32, 32, 32, 32, 16, 16, 16, 16, 8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4};
    const std::array<int, 22> outs{16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64,
                                   112, 112, 112, 112, 184, 184, 184, 184, 352};
    for (std::size_t i = 0; i < 22; ++i) {
        INFO("layer " << i);
        CHECK(net.layers[1 + i].input_size == sizes[i]);
        CHECK(net.layers[1 + i].out_channels == outs[i]);
    }
    // Layer 0 is k5_e6 on 16 -> 16: an inverted residual with its shortcut.
    const auto& l0 = net.layers[1];
    CHECK((l0.op == LayerOp::mbconv && l0.kernel == 5 && l0.expand == 6 && l0.groups == 1 && l0.residual));
    // Layer 1 is skip 16 -> 24: not an identity but FBNet's 1x1 conv + BN + ReLU.
    const auto& l1 = net.layers[2];
    CHECK((l1.op == LayerOp::conv && l1.kernel == 1 && l1.in_channels == 16 && l1.out_channels == 24));
    CHECK(l1.key == "Skip_H32_W32_Cin16_Cout24_stride1");
    // Layer 2 is k3_e1_g2 on 24 -> 24: grouped 1x1 convs, residual.
    const auto& l2 = net.layers[3];
    CHECK((l2.op == LayerOp::mbconv && l2.groups == 2 && l2.expand == 1 && l2.residual));
    // Layer 3 is skip 24 -> 24, stride 1: a plain identity.
    CHECK(net.layers[4].op == LayerOp::identity);
    // Layer 5 is skip 24 -> 32 with stride 2: a strided 1x1 conv.
    const auto& l5 = net.layers[6];
    CHECK((l5.op == LayerOp::conv && l5.stride == 2 && l5.key == "Skip_H32_W32_Cin24_Cout32_stride2"));
    // Layer 9 is k5_e1 on 32 -> 64 with stride 2: no shortcut.
    const auto& l9 = net.layers[10];
    CHECK((l9.op == LayerOp::mbconv && l9.stride == 2 && !l9.residual));
    CHECK(l9.key == "ConvBlock_H16_W16_Cin32_Cout64_exp1_kernel5_stride2_group1");
    const auto& header = net.layers[23];
    CHECK((header.op == LayerOp::conv && header.kernel == 1 && header.in_channels == 352 &&
           header.out_channels == 1504 && header.input_size == 4));
    CHECK((net.layers[24].op == LayerOp::avg_pool && net.layers[24].kernel == 4));
    CHECK((net.layers[25].op == LayerOp::fully_connected && net.layers[25].in_channels == 1504 &&
           net.layers[25].out_channels == 100));
}

TEST_CASE("fbnet features are kernel, expansion and groups per layer", "[fbnet]") {
    const auto space = make_space();
    std::vector<double> features(space.encoding_size(hwnas::Encoding::features));
    space.encode(help_row0_arch, hwnas::Encoding::features, features);
    CHECK(std::vector<double>(features.begin(), features.begin() + 9) ==
          std::vector<double>{5, 6, 1, 0, 0, 0, 3, 1, 2});
    CHECK(std::vector<double>(features.end() - 3, features.end()) == std::vector<double>{5, 1, 2});
    std::vector<double> one_hot(space.encoding_size(hwnas::Encoding::one_hot));
    space.encode(help_row0_arch, hwnas::Encoding::one_hot, one_hot);
    CHECK(one_hot[7] == 1.0);
    CHECK(one_hot[9 + 8] == 1.0);
    double total = 0.0;
    for (const double x : one_hot) total += x;
    CHECK(total == 22.0);
}

TEST_CASE("fbnet rejects malformed architectures in network()", "[fbnet]") {
    const auto space = make_space();
    CHECK_THROWS_WITH(space.network(Architecture{1, 2, 3}), Contains("22 genes in 0..8"));
    Architecture bad = uniform(0);
    bad[4] = 9;
    CHECK_THROWS_WITH(space.to_string(bad), Contains("22 genes in 0..8"));
}
