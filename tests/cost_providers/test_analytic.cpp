// The analytic provider: FLOPs (multiply-accumulates) and parameters of single
// layers and of a small network, computed by hand here, and NAS-Bench-201's
// own published extremes through the nb201 space.
#include <catch2/catch.hpp>

#include <vector>

#include <nlohmann/json.hpp>

#include "analytic_provider.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/csv.hpp"
#include "layer_cost.hpp"
#include "mnasnet_space.hpp"
#include "nb201_space.hpp"
#include "test_support.hpp"

namespace {

using hwnas::Architecture;
using hwnas::Layer;
using hwnas::LayerOp;
using hwnas::analytic::AnalyticProvider;
using hwnas::analytic::layer_cost;

Layer conv(int in, int out, int size, int kernel, int stride, int groups = 1, bool batch_norm = true) {
    Layer l;
    l.op = LayerOp::conv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.groups = groups;
    l.batch_norm = batch_norm;
    return l;
}

Layer mbconv(int in, int out, int size, int kernel, int stride, int expand, bool se, int groups = 1) {
    Layer l = conv(in, out, size, kernel, stride, groups);
    l.op = LayerOp::mbconv;
    l.expand = expand;
    l.squeeze_excite = se;
    return l;
}

Layer simple(LayerOp op, int channels, int size) {
    Layer l;
    l.op = op;
    l.in_channels = channels;
    l.out_channels = channels;
    l.input_size = size;
    return l;
}

/// Gene 0: the middle block (conv 3x3 | MBConv e3 | MBConv e3 + SE); gene 1:
/// the skip after it (identity | 1x1 conv). Stem conv 3x3 3->8 on 8x8, then
/// those two layers (8 -> 16 channels, stride 2), global pool, FC 16 -> 10.
class TinyNetSpace : public hwnas::SearchSpace {
public:
    TinyNetSpace() : dims_{{"block", {"conv", "mb", "mb_se"}}, {"skip", {"id", "conv1x1"}}} {}
    [[nodiscard]] std::string_view name() const override { return "tinynet"; }
    [[nodiscard]] std::span<const hwnas::Dimension> dimensions() const override { return dims_; }
    [[nodiscard]] hwnas::Network network(const Architecture& arch) const override {
        hwnas::Network net;
        net.layers.push_back(conv(3, 8, 8, 3, 1));
        net.layers.push_back(arch[0] == 0 ? conv(8, 16, 8, 3, 2) : mbconv(8, 16, 8, 3, 2, 3, arch[0] == 2));
        net.layers.push_back(arch[1] == 0 ? simple(LayerOp::identity, 16, 4) : conv(16, 16, 4, 1, 1));
        net.layers.push_back(simple(LayerOp::add, 16, 4));
        Layer pool = simple(LayerOp::avg_pool, 16, 4);
        pool.kernel = 4;
        net.layers.push_back(pool);
        Layer fc = simple(LayerOp::fully_connected, 16, 1);
        fc.out_channels = 10;
        net.layers.push_back(fc);
        return net;
    }

private:
    std::vector<hwnas::Dimension> dims_;
};

std::vector<double> evaluate(const AnalyticProvider& provider, const Architecture& arch) {
    std::vector<double> out(2);
    const std::vector<std::size_t> ids{AnalyticProvider::flops, AnalyticProvider::params};
    provider.evaluate(arch, ids, out);
    return out;
}

}  // namespace

TEST_CASE("a single convolution: MACs of the weights, BN affine as parameters") {
    // 3x3, 16 -> 32 on 32x32, stride 1: 32*32 outputs x 32 channels x 16*9 MACs.
    const auto c = layer_cost(conv(16, 32, 32, 3, 1));
    CHECK(c.macs == 32 * 32 * 32 * 16 * 9);
    CHECK(c.params == 32 * 16 * 9 + 2 * 32);
    // Stride 2 on an odd map: ceil(7 / 2) = 4 outputs per side; no BN, no bias.
    const auto s = layer_cost(conv(8, 8, 7, 3, 2, 1, false));
    CHECK(s.macs == 4 * 4 * 8 * 8 * 9);
    CHECK(s.params == 8 * 8 * 9);
}

TEST_CASE("a depthwise convolution: one input channel per output") {
    // 5x5 depthwise on 32 channels, 16x16 -> 8x8.
    const auto c = layer_cost(conv(32, 32, 16, 5, 2, 32));
    CHECK(c.macs == 8 * 8 * 32 * 25);
    CHECK(c.params == 32 * 25 + 2 * 32);
    CHECK_THROWS_WITH(layer_cost(conv(30, 32, 16, 3, 1, 4)), Catch::Contains("in_channels 30 is not divisible by groups 4"));
}

TEST_CASE("an MBConv layer: expand, depthwise, optional SE, project") {
    // 16 -> 24, e6 (96 channels), 3x3 stride 2 on 32x32 (16x16 out).
    const std::int64_t expand = 32 * 32 * 16 * 96;  // 1x1 on the input map
    const std::int64_t depthwise = 16 * 16 * 96 * 9;
    const std::int64_t project = 16 * 16 * 96 * 24;
    const std::int64_t params = (16 * 96 + 2 * 96) + (96 * 9 + 2 * 96) + (96 * 24 + 2 * 24);
    const auto plain = layer_cost(mbconv(16, 24, 32, 3, 2, 6, false));
    CHECK(plain.macs == expand + depthwise + project);
    CHECK(plain.params == params);

    // SE on 96 channels: hidden make_divisible(96 / 4, 8) = 24; two biased 1x1 convs on a 1x1 map.
    CHECK(hwnas::analytic::se_channels(mbconv(16, 24, 32, 3, 2, 6, true), 96) == 24);
    const std::int64_t se = 96 * 24 + 24 + 24 * 96 + 96;
    const auto with_se = layer_cost(mbconv(16, 24, 32, 3, 2, 6, true));
    CHECK(with_se.macs == expand + depthwise + project + se);
    CHECK(with_se.params == params + se);

    // FBNet's e1 block with grouped 1x1 convs keeps its expansion conv: 16 -> 16, g2, 32x32.
    const auto grouped = layer_cost(mbconv(16, 16, 32, 3, 1, 1, false, 2));
    CHECK(grouped.macs == 32 * 32 * 16 * 8 + 32 * 32 * 16 * 9 + 32 * 32 * 16 * 8);
    CHECK(grouped.params == (16 * 8 + 32) + (16 * 9 + 32) + (16 * 8 + 32));
}

TEST_CASE("SE width: the layer's se_channels, else OFA's make_divisible(C / 4, 8)") {
    using hwnas::analytic::se_channels;
    const Layer unset = mbconv(24, 24, 8, 3, 1, 3, true);
    CHECK(se_channels(unset, 72) == 24);   // 18 -> 16 loses > 10%, so 24 (MobileNetV3's 72 -> 24)
    CHECK(se_channels(unset, 120) == 32);  // 30 -> 32
    CHECK(se_channels(unset, 16) == 8);    // at least the divisor

    // MnasNet's width, max(1, Cin / 4), given by the space: 16 -> 24, e6, hidden 4.
    Layer given = mbconv(16, 24, 32, 3, 2, 6, true);
    given.se_channels = 4;
    CHECK(se_channels(given, 96) == 4);
    const auto plain = layer_cost(mbconv(16, 24, 32, 3, 2, 6, false));
    CHECK(layer_cost(given).macs - plain.macs == 2 * 96 * 4 + 4 + 96);
    CHECK(layer_cost(given).params - plain.params == 2 * 96 * 4 + 4 + 96);

    // SE on a depthwise conv's output (MnasNet's expansion-1 block): 32 channels, hidden 8.
    Layer depthwise = conv(32, 32, 16, 3, 1, 32);
    depthwise.squeeze_excite = true;
    depthwise.se_channels = 8;
    const auto c = layer_cost(depthwise);
    CHECK(c.macs == 16 * 16 * 32 * 9 + (2 * 32 * 8 + 8 + 32));
    CHECK(c.params == 32 * 9 + 64 + (2 * 32 * 8 + 8 + 32));
}

TEST_CASE("free layers, skips that resample, FC with bias") {
    for (const auto op : {LayerOp::avg_pool, LayerOp::max_pool, LayerOp::zero, LayerOp::add, LayerOp::activation}) {
        const auto c = layer_cost(simple(op, 64, 8));
        CHECK(c.macs == 0);
        CHECK(c.params == 0);
    }
    CHECK(layer_cost(simple(LayerOp::batch_norm, 64, 8)).params == 128);
    CHECK(layer_cost(simple(LayerOp::batch_norm, 64, 8)).macs == 0);
    CHECK(layer_cost(simple(LayerOp::identity, 16, 32)).macs == 0);

    Layer resample = simple(LayerOp::identity, 16, 32);
    resample.out_channels = 32;
    resample.stride = 2;
    resample.batch_norm = true;
    CHECK(layer_cost(resample).macs == 16 * 16 * 32 * 16);
    CHECK(layer_cost(resample).params == 32 * 16 + 64);

    Layer fc = simple(LayerOp::fully_connected, 64, 1);
    fc.out_channels = 10;
    CHECK(layer_cost(fc).macs == 64 * 10 + 10);
    CHECK(layer_cost(fc).params == 64 * 10 + 10);
}

TEST_CASE("a full small network through the provider") {
    const TinyNetSpace space;
    const nlohmann::json params = nlohmann::json::object();
    const AnalyticProvider provider(hwnas::PluginContext{params, {}, {}, "", &space});
    REQUIRE(provider.metrics().size() == 2);
    CHECK(provider.metrics()[0].name == "flops");
    CHECK(provider.metrics()[0].unit == "MFLOPs");
    CHECK(provider.metrics()[1].name == "params");

    const double stem_macs = 8 * 8 * 8 * 3 * 9;
    const double stem_params = 8 * 3 * 9 + 16;
    const double fc = 16 * 10 + 10;
    // conv 3x3 8 -> 16 stride 2 (4x4 out) + identity.
    const auto a = evaluate(provider, {0, 0});
    CHECK(a[0] == Approx((stem_macs + 4 * 4 * 16 * 8 * 9 + fc) / 1e6).epsilon(1e-12));
    CHECK(a[1] == Approx((stem_params + (16 * 8 * 9 + 32) + fc) / 1e6).epsilon(1e-12));
    // MBConv e3 with SE (24 channels, SE hidden 8) + 1x1 conv 16 -> 16.
    const double mb_macs = 8 * 8 * 8 * 24 + 4 * 4 * 24 * 9 + (24 * 8 + 8 + 8 * 24 + 24) + 4 * 4 * 24 * 16;
    const double mb_params = (8 * 24 + 48) + (24 * 9 + 48) + (24 * 8 + 8 + 8 * 24 + 24) + (24 * 16 + 32);
    const double skip_macs = 4 * 4 * 16 * 16;
    const double skip_params = 16 * 16 + 32;
    const auto b = evaluate(provider, {2, 1});
    CHECK(b[0] == Approx((stem_macs + mb_macs + skip_macs + fc) / 1e6).epsilon(1e-12));
    CHECK(b[1] == Approx((stem_params + mb_params + skip_params + fc) / 1e6).epsilon(1e-12));

    // Only the asked metric, in the asked order.
    std::vector<double> one(1);
    provider.evaluate({2, 1}, std::vector<std::size_t>{AnalyticProvider::params}, one);
    CHECK(one[0] == b[1]);
}

TEST_CASE("NAS-Bench-201's published FLOPs/params extremes are reproduced") {
    // NB201 API bounds over all 15625 cells: the all-none cell is the minimum
    // and the all-conv3x3 cell the maximum of both (e.g. automl/MO-HPOBenchExperimentUtils README).
    struct Expected {
        const char* dataset;
        double min_flops, max_flops, min_params, max_params;
    };
    const Expected expected[] = {{"cifar10", 7.78305, 220.11969, 0.073306, 1.531546},
                                 {"cifar100", 7.7889, 220.12554, 0.079156, 1.537396},
                                 {"ImageNet16-120", 1.9534, 55.03756, 0.080456, 1.538696}};
    const nlohmann::json space_params = {{"index_order", "lexicographic"}, {"index_file", ""}};
    const nlohmann::json no_params = nlohmann::json::object();
    for (const auto& e : expected) {
        INFO(e.dataset);
        const hwnas::nb201::Nb201Space space(hwnas::PluginContext{space_params, hwnas::test::data_dir(), {}, e.dataset});
        const AnalyticProvider provider(hwnas::PluginContext{no_params, {}, {}, e.dataset, &space});
        const auto none = evaluate(provider, {0, 0, 0, 0, 0, 0});
        const auto conv3x3 = evaluate(provider, {3, 3, 3, 3, 3, 3});
        CHECK(none[0] == Approx(e.min_flops).epsilon(1e-12));
        CHECK(none[1] == Approx(e.min_params).epsilon(1e-12));
        CHECK(conv3x3[0] == Approx(e.max_flops).epsilon(1e-12));
        CHECK(conv3x3[1] == Approx(e.max_params).epsilon(1e-12));
    }
}

TEST_CASE("MnasNet: parameters of every Accel-NASBench architecture, and EfficientNet-B0's") {
    const nlohmann::json no_params = nlohmann::json::object();
    const hwnas::mnasnet::MnasnetSpace space(hwnas::PluginContext{no_params, hwnas::test::data_dir(), {}, "imagenet"});
    const AnalyticProvider provider(hwnas::PluginContext{no_params, {}, {}, "imagenet", &space});

    // Accel-NASBench's params_M counts all parameters (thop), as params does; the
    // space gives its squeeze-excite width (max(1, Cin / 4)) in Layer::se_channels.
    const hwnas::CsvFile csv(hwnas::test::data_dir() / "accel-nasbench" / "anb_dataset.csv");
    std::vector<std::size_t> columns;
    for (int b = 0; b < 7; ++b) {
        for (const char* field : {"_e", "_k", "_l", "_se"}) columns.push_back(csv.column("block" + std::to_string(b) + field));
    }
    const std::size_t params_column = csv.column("params_M");
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        std::string key;
        for (const auto c : columns) {
            if (!key.empty()) key += ',';
            key += csv.text(row, c);
        }
        INFO("line " << csv.line(row) << ": " << key);
        REQUIRE(evaluate(provider, space.parse(key))[1] == Approx(csv.number(row, params_column)).epsilon(1e-12));
    }
    // EfficientNet-B0 (torchvision: 5288548 parameters).
    const auto b0 = evaluate(provider, space.parse("e1_k3_l1_se1|e6_k3_l2_se1|e6_k5_l2_se1|e6_k3_l3_se1|e6_k5_l3_se1|"
                                                   "e6_k5_l4_se1|e6_k3_l1_se1"));
    CHECK(b0[1] == Approx(5.288548).epsilon(1e-12));
}

TEST_CASE("inconsistent layers are errors naming the layer and the architecture") {
    class Broken : public TinyNetSpace {
    public:
        [[nodiscard]] hwnas::Network network(const Architecture&) const override {
            hwnas::Network net;
            net.layers.push_back(conv(3, 8, 8, 3, 1));
            Layer bad = conv(8, 16, 8, 3, 1, 3);
            bad.key = "bad_block";
            net.layers.push_back(bad);
            return net;
        }
    };
    const Broken space;
    const nlohmann::json params = nlohmann::json::object();
    const AnalyticProvider provider(hwnas::PluginContext{params, {}, {}, "", &space});
    CHECK_THROWS_WITH(evaluate(provider, {1, 0}),
                      Catch::Contains("tinynet:1-0") && Catch::Contains("layer 1 (conv, key bad_block)") &&
                          Catch::Contains("not divisible by groups 3"));
}
