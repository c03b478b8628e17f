// The ofa space: canonical genomes (inactive layers), string forms including
// HELP's ofa_latency.csv columns, operators that keep genomes canonical and
// change the network, sampling uniformity, and the MobileNetV3 network of
// known subnets.
#include <array>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hwnas/csv.hpp"
#include "ofa_space.hpp"
#include "chi_square.hpp"
#include "test_support.hpp"

namespace {

using Catch::Contains;
using hwnas::Architecture;
using hwnas::LayerOp;
using hwnas::ofa::OfaSpace;

OfaSpace make_space(double width_mult = 1.0) {
    const nlohmann::json params = {{"width_mult", width_mult}};
    return OfaSpace(hwnas::PluginContext{params, hwnas::test::data_dir(), hwnas::test::data_dir(), "imagenet"});
}

// HELP ofa_latency.csv row 0: d = 2-2-2-2-3, so 9 of the 20 layers are inactive.
const std::string help_row0_columns =
    "7-5-5-5-7-7-5-7-5-7-3-7-5-3-7-3-5-3-5-3,6-4-4-6-6-3-4-3-3-6-3-3-3-6-3-4-6-4-3-6,2-2-2-2-3,204";
const std::string help_row0_native =
    "ks=7-5-3-3-7-7-3-3-5-7-3-3-5-3-3-3-5-3-5-3;e=6-4-3-3-6-3-3-3-3-6-3-3-3-6-3-3-6-4-3-3;d=2-2-2-2-3;r=204";

/// The native string as HELP's columns: "ks=A;e=B;d=C;r=D" -> "A,B,C,D".
std::string help_columns(const std::string& native) {
    std::string out;
    for (const char c : native) {
        if (c == ';') out.push_back(',');
        else if (c != '=' && c != 'k' && c != 's' && c != 'e' && c != 'd' && c != 'r') out.push_back(c);
    }
    return out;
}

/// What distinguishes networks: every layer's key plus the input size.
std::vector<std::string> fingerprint(const hwnas::Network& net) {
    std::vector<std::string> out{std::to_string(net.input_size)};
    for (const auto& l : net.layers) out.push_back(l.key);
    return out;
}

}  // namespace

TEST_CASE("ofa has 46 genes: 20 kernels, 20 expansions, 5 depths, the resolution", "[ofa]") {
    const auto space = make_space();
    CHECK(space.name() == "ofa");
    const auto dims = space.dimensions();
    REQUIRE(dims.size() == 46);
    CHECK(dims[0].name == "stage 0 layer 0 kernel");
    CHECK(dims[0].labels == std::vector<std::string>{"3", "5", "7"});
    CHECK(dims[19].name == "stage 4 layer 3 kernel");
    CHECK(dims[20].name == "stage 0 layer 0 expand");
    CHECK(dims[20].labels == std::vector<std::string>{"3", "4", "6"});
    CHECK(dims[40].name == "stage 0 depth");
    CHECK(dims[40].labels == std::vector<std::string>{"2", "3", "4"});
    CHECK(dims[45].name == "resolution");
    REQUIRE(dims[45].size() == 25);
    CHECK((dims[45].labels.front() == "128" && dims[45].labels[1] == "132" && dims[45].labels.back() == "224"));
    // 25 * (3^4 + 3^6 + 3^8)^5 ~ 5.4e20 distinct networks: more than 64 bits hold.
    CHECK_FALSE(space.size().has_value());
    CHECK_THROWS_WITH(space.from_index(0), Contains("too large to enumerate"));
    CHECK(space.encoding_size(hwnas::Encoding::one_hot) == 45 * 3 + 25);
    CHECK(space.encoding_size(hwnas::Encoding::features) == 46);
}

TEST_CASE("ofa genomes that differ only in inactive layers canonicalize equal", "[ofa]") {
    const auto space = make_space();
    const Architecture canonical = space.parse(help_row0_native);
    Architecture other = canonical;
    other[2] = 2;        // stage 0 layer 2 kernel 7: inactive at depth 2
    other[20 + 3] = 1;   // stage 0 layer 3 expand 4: inactive
    other[19] = 1;       // stage 4 layer 3 kernel 5: inactive at depth 3
    CHECK_FALSE(other == canonical);
    CHECK_FALSE(space.is_valid(other));
    CHECK(space.is_valid(canonical));
    Architecture copy = other;
    space.canonicalize(copy);
    CHECK(copy == canonical);
    space.canonicalize(copy);
    CHECK(copy == canonical);
    // An active gene is kept.
    Architecture active = canonical;
    active[18] = 2;  // stage 4 layer 2 kernel 7: active at depth 3
    Architecture active_copy = active;
    space.canonicalize(active_copy);
    CHECK(active_copy == active);
    CHECK(space.is_valid(active));
    CHECK_FALSE(space.is_valid(Architecture::zeros(45)));
    Architecture bad_resolution = canonical;
    bad_resolution[45] = 25;
    CHECK_FALSE(space.is_valid(bad_resolution));
}

TEST_CASE("ofa string forms round trip", "[ofa]") {
    const auto space = make_space();
    hwnas::Rng rng(3);
    for (int i = 0; i < 2000; ++i) {
        const Architecture arch = space.sample(rng);
        REQUIRE(space.is_valid(arch));
        const std::string native = space.to_string(arch);
        const std::string genes = hwnas::to_genes_string(arch);
        INFO(native);
        REQUIRE(space.parse(native) == arch);
        REQUIRE(space.parse("ofa:" + native) == arch);
        REQUIRE(space.parse(genes) == arch);
        REQUIRE(space.parse("ofa:" + genes) == arch);
        REQUIRE(space.parse(help_columns(native)) == arch);
    }
    CHECK(space.parse("r=204;d=2-2-2-2-3;e=6-4-3-3-6-3-3-3-3-6-3-3-3-6-3-3-6-4-3-3;"
                      "ks=7-5-3-3-7-7-3-3-5-7-3-3-5-3-3-3-5-3-5-3") == space.parse(help_row0_native));
}

TEST_CASE("ofa parses every row of HELP's ofa_latency.csv", "[ofa]") {
    const auto space = make_space();
    const hwnas::CsvFile csv(hwnas::test::data_dir() / "help" / "ofa_latency.csv");
    REQUIRE(csv.rows() == 5000);
    const std::array<std::size_t, 4> cols{csv.column("ks"), csv.column("e"), csv.column("d"), csv.column("r")};
    std::set<Architecture> distinct;
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        std::string key;
        for (const auto c : cols) {
            if (!key.empty()) key += ',';
            key += csv.text(row, c);
        }
        INFO("line " << csv.line(row) << ": " << key);
        const Architecture arch = space.parse(key);
        REQUIRE(space.is_valid(arch));
        REQUIRE(std::to_string(hwnas::ofa::resolution_of(arch)) == csv.text(row, cols[3]));
        const std::string native = space.to_string(arch);
        REQUIRE(native.substr(native.find(";d=")) == ";d=" + std::string(csv.text(row, cols[2])) + ";r=" +
                                                         std::string(csv.text(row, cols[3])));
        distinct.insert(arch);
    }
    CHECK(distinct.size() == 5000);  // the README says all 5000 are distinct subnets
    const Architecture row0 = space.parse(help_row0_columns);
    CHECK(space.to_string(row0) == help_row0_native);
    CHECK(hwnas::ofa::depth_of(row0, 4) == 3);
    CHECK(hwnas::ofa::kernel_of(row0, 0) == 7);
    CHECK(hwnas::ofa::expand_of(row0, 17) == 4);
}

TEST_CASE("ofa parse errors say what was expected", "[ofa]") {
    const auto space = make_space();
    CHECK_THROWS_WITH(space.parse("ks=7-5;e=6;d=2-2-2-2-3;r=204"),
                      Contains("'ks' needs 20 kernel sizes joined by '-', found 2"));
    std::string bad_kernel = help_row0_native;
    bad_kernel.replace(3, 1, "9");
    CHECK_THROWS_WITH(space.parse(bad_kernel), Contains("'ks' entry 0 is '9'; expected one of 3, 5, 7"));
    std::string bad_depth = help_row0_native;
    bad_depth.replace(bad_depth.find(";d=2") + 3, 1, "5");
    CHECK_THROWS_WITH(space.parse(bad_depth), Contains("'d' entry 0 is '5'; expected one of 2, 3, 4"));
    std::string bad_resolution = help_row0_native;
    bad_resolution.replace(bad_resolution.size() - 3, 3, "130");
    CHECK_THROWS_WITH(space.parse(bad_resolution), Contains("'r' is '130'") && Contains("128..224 in steps of 4"));
    CHECK_THROWS_WITH(space.parse(help_row0_native.substr(0, help_row0_native.find(";r="))),
                      Contains("'r=' is missing"));
    CHECK_THROWS_WITH(space.parse(help_row0_native + ";r=204"), Contains("'r' is given twice"));
    CHECK_THROWS_WITH(space.parse("ks=3;x=1"), Contains("'x=1' is not one of ks=..., e=..., d=..., r=..."));
    CHECK_THROWS_WITH(space.parse("7-5,6-4,204"), Contains("4 columns ks,e,d,r") && Contains("found 3 fields"));
    CHECK_THROWS_WITH(space.parse("1-2-3"), Contains("has 3 choices") && Contains("46"));
    CHECK_THROWS_WITH(space.parse("resnet"), Contains("expected 'ks=<20 kernels>"));
    // The genes form must be canonical and says which layer is inactive.
    Architecture non_canonical = space.parse(help_row0_native);
    non_canonical[2] = 1;
    CHECK_THROWS_WITH(space.parse(hwnas::to_genes_string(non_canonical)),
                      Contains("stage 0 layer 2 is inactive (depth 2)") && Contains("genes (2 and 22) must be 0"));
}

TEST_CASE("ofa mutation keeps genomes canonical and always changes the network", "[ofa]") {
    const auto space = make_space();
    hwnas::Rng rng(17);
    std::array<int, 46> changed{};
    for (int i = 0; i < 3000; ++i) {
        const Architecture parent = space.sample(rng);
        const Architecture child = space.mutate(parent, rng);
        REQUIRE(space.is_valid(child));
        REQUIRE(fingerprint(space.network(child)) != fingerprint(space.network(parent)));
        std::size_t active_changes = 0;
        for (std::size_t g = 0; g < 46; ++g) {
            if (parent[g] == child[g]) continue;
            ++changed[g];
            const bool layer_gene = g < 40;
            const bool kept_layer = hwnas::ofa::is_active(parent, g % 20) && hwnas::ofa::is_active(child, g % 20);
            if (!layer_gene || kept_layer) ++active_changes;
        }
        REQUIRE(active_changes == 1);  // one decision that matters (a shallower stage also resets its dropped layers)
    }
    for (std::size_t g = 40; g < 46; ++g) CHECK(changed[g] > 0);
    CHECK(changed[3] > 0);  // a last layer's kernel changes when its stage is deep enough
}

TEST_CASE("ofa crossover yields canonical genomes built from the parents", "[ofa]") {
    const auto space = make_space();
    hwnas::Rng rng(23);
    for (int i = 0; i < 2000; ++i) {
        const Architecture a = space.sample(rng);
        const Architecture b = space.sample(rng);
        const Architecture child = space.crossover(a, b, rng);
        REQUIRE(space.is_valid(child));
        for (std::size_t g = 0; g < 46; ++g) REQUIRE((child[g] == a[g] || child[g] == b[g] || child[g] == 0));
    }
}

TEST_CASE("ofa sampling is uniform per decision over active genes", "[ofa]") {
    const auto space = make_space();
    hwnas::Rng rng(99);
    std::vector<std::vector<int>> counts(46);
    for (std::size_t g = 0; g < 46; ++g) counts[g].assign(space.dimensions()[g].size(), 0);
    for (int i = 0; i < 6000; ++i) {
        const Architecture arch = space.sample(rng);
        for (std::size_t g = 0; g < 46; ++g) {
            if (g < 40 && !hwnas::ofa::is_active(arch, g % 20)) continue;
            ++counts[g][arch[g]];
        }
    }
    for (std::size_t g = 0; g < 46; ++g) {
        INFO(space.dimensions()[g].name << " " << hwnas::test::chi_square(counts[g]));
        CHECK(hwnas::test::chi_square(counts[g]) < hwnas::test::chi_square_critical_p001(counts[g].size() - 1));
    }
    // Depth 4 is drawn a third of the time, so the 4th layer of a stage is active in ~1/3 of samples.
    int fourth_layer_seen = 0;
    for (const int c : counts[3]) fourth_layer_seen += c;
    CHECK((fourth_layer_seen > 1800 && fourth_layer_seen < 2200));
}

TEST_CASE("ofa network of HELP row 0 (width 1.0)", "[ofa]") {
    const auto space = make_space();
    const auto net = space.network(space.parse(help_row0_columns));
    CHECK(net.input_size == 204);
    CHECK(net.num_classes == 1000);
    REQUIRE(net.layers.size() == 4 + 11 + 4);
    const auto& stem = net.layers[0];
    CHECK((stem.op == LayerOp::conv && stem.kernel == 3 && stem.stride == 2 && stem.in_channels == 3 &&
           stem.out_channels == 16 && stem.activation == "hswish" && stem.batch_norm && stem.input_size == 204));
    // The first block has no expansion conv: depthwise, pointwise, residual add.
    const auto& depthwise = net.layers[1];
    CHECK((depthwise.op == LayerOp::conv && depthwise.kernel == 3 && depthwise.groups == 16 &&
           depthwise.in_channels == 16 && depthwise.out_channels == 16 && depthwise.input_size == 102 &&
           depthwise.activation == "relu" && depthwise.batch_norm));
    CHECK(depthwise.key == "MBConv_H102_W102_Cin16_Cout16_exp1_kernel3_stride1_se0_relu");
    const auto& pointwise = net.layers[2];
    CHECK((pointwise.op == LayerOp::conv && pointwise.kernel == 1 && pointwise.groups == 1 &&
           pointwise.activation.empty() && pointwise.batch_norm && pointwise.key.empty()));
    const auto& add = net.layers[3];
    CHECK((add.op == LayerOp::add && add.inputs == std::vector<int>{0, 2} && add.out_channels == 16 &&
           add.key.empty()));
    struct Expected {
        int size, in, out, kernel, expand, stride;
        bool se, residual;
        const char* activation;
    };
    const std::array<Expected, 11> blocks{{
        {102, 16, 24, 7, 6, 2, false, false, "relu"},
        {51, 24, 24, 5, 4, 1, false, true, "relu"},
        {51, 24, 40, 7, 6, 2, true, false, "relu"},
        {26, 40, 40, 7, 3, 1, true, true, "relu"},
        {26, 40, 80, 5, 3, 2, false, false, "hswish"},
        {13, 80, 80, 7, 6, 1, false, true, "hswish"},
        {13, 80, 112, 5, 3, 1, true, false, "hswish"},
        {13, 112, 112, 3, 6, 1, true, true, "hswish"},
        {13, 112, 160, 5, 6, 2, true, false, "hswish"},
        {7, 160, 160, 3, 4, 1, true, true, "hswish"},
        {7, 160, 160, 5, 3, 1, true, true, "hswish"},
    }};
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto& l = net.layers[4 + i];
        const auto& e = blocks[i];
        INFO("block " << i);
        CHECK(l.op == LayerOp::mbconv);
        CHECK(l.input_size == e.size);
        CHECK(l.in_channels == e.in);
        CHECK(l.out_channels == e.out);
        CHECK(l.kernel == e.kernel);
        CHECK(l.expand == e.expand);
        CHECK(l.stride == e.stride);
        CHECK(l.squeeze_excite == e.se);
        CHECK(l.residual == e.residual);
        CHECK(l.activation == e.activation);
    }
    CHECK(net.layers[6].key == "MBConv_H51_W51_Cin24_Cout40_exp6_kernel7_stride2_se1_relu");
    const auto& final_expand = net.layers[15];
    CHECK((final_expand.op == LayerOp::conv && final_expand.kernel == 1 && final_expand.in_channels == 160 &&
           final_expand.out_channels == 960 && final_expand.input_size == 7 && final_expand.batch_norm));
    CHECK((net.layers[16].op == LayerOp::avg_pool && net.layers[16].kernel == 7));
    const auto& mix = net.layers[17];
    CHECK((mix.op == LayerOp::conv && mix.in_channels == 960 && mix.out_channels == 1280 && mix.input_size == 1 &&
           !mix.batch_norm && mix.activation == "hswish"));
    CHECK(mix.key == "Conv_H1_W1_Cin960_Cout1280_kernel1_stride1_group1_bn0_hswish");
    CHECK((net.layers[18].op == LayerOp::fully_connected && net.layers[18].in_channels == 1280 &&
           net.layers[18].out_channels == 1000));
}

TEST_CASE("ofa largest subnet has 20 MBConv layers ending at 7x7", "[ofa]") {
    const auto space = make_space();
    Architecture max = Architecture::zeros(46);
    for (std::size_t g = 0; g < 45; ++g) max[g] = 2;
    max[45] = 24;
    REQUIRE(space.to_string(max) ==
            "ks=7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7;e=6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6;d=4-4-4-4-4;r=224");
    const auto net = space.network(max);
    REQUIRE(net.layers.size() == 4 + 20 + 4);
    CHECK(net.layers[1].input_size == 112);
    // First layer of each stage: 112 -> 56 -> 28 -> 14 -> 14 (stride 1) -> 7.
    CHECK(net.layers[4].input_size == 112);
    CHECK(net.layers[5].input_size == 56);
    CHECK(net.layers[8].input_size == 56);
    CHECK(net.layers[12].input_size == 28);
    CHECK(net.layers[16].input_size == 14);
    CHECK(net.layers[20].input_size == 14);
    CHECK(net.layers[23].input_size == 7);
    CHECK((net.layers[24].op == LayerOp::conv && net.layers[24].input_size == 7));
}

TEST_CASE("ofa width multiplier 1.2 follows OFA's make_divisible", "[ofa]") {
    const auto w = make_space(1.2).widths();
    CHECK(w.stem == 24);
    CHECK(w.stages == std::array<int, 5>{32, 48, 96, 136, 192});
    CHECK(w.final_expand == 1152);
    CHECK(w.feature_mix == 1536);
    const auto w1 = make_space(1.0).widths();
    CHECK((w1.stem == 16 && w1.stages == std::array<int, 5>{24, 40, 80, 112, 160} && w1.final_expand == 960 &&
           w1.feature_mix == 1280));
    CHECK_THROWS_WITH(make_space(1.5), Contains("'width_mult' must be 1.0 or 1.2, found 1.5"));
}

TEST_CASE("ofa encodings ignore inactive layers", "[ofa]") {
    const auto space = make_space();
    const Architecture arch = space.parse(help_row0_columns);
    std::vector<double> features(space.encoding_size(hwnas::Encoding::features));
    space.encode(arch, hwnas::Encoding::features, features);
    CHECK(std::vector<double>(features.begin(), features.begin() + 4) == std::vector<double>{7, 5, 0, 0});
    CHECK(std::vector<double>(features.begin() + 16, features.begin() + 24) ==
          std::vector<double>{5, 3, 5, 0, 6, 4, 0, 0});
    CHECK(std::vector<double>(features.begin() + 40, features.end()) == std::vector<double>{2, 2, 2, 2, 3, 204});
    std::vector<double> one_hot(space.encoding_size(hwnas::Encoding::one_hot));
    space.encode(arch, hwnas::Encoding::one_hot, one_hot);
    double total = 0.0;
    for (const double x : one_hot) total += x;
    CHECK(total == 11 * 2 + 5 + 1);  // 11 active layers x (kernel, expand), 5 depths, resolution
    CHECK(one_hot[0 * 3 + 2] == 1.0);  // layer 0 kernel 7
    CHECK(one_hot[2 * 3 + 0] == 0.0);  // layer 2 inactive: no "kernel 3"
    CHECK(one_hot[45 * 3 + 19] == 1.0);  // resolution 204 = 128 + 4 * 19
}
