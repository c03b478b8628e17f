// The live_cpu provider runs real networks: layer outputs match naive
// reference computations, whole space networks build and run, bad
// parameters are refused.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "dnnl_network.hpp"
#include "fbnet_space.hpp"
#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"
#include "live_cpu_provider.hpp"
#include "activation.hpp"
#include "measurement_cache.hpp"
#include "mnasnet_space.hpp"
#include "nb201_space.hpp"
#include "ofa_space.hpp"
#include "timing.hpp"

using namespace hwnas;
using namespace hwnas::live_cpu;

namespace {

Network single(const Layer& layer) {
    Network net;
    net.input_channels = layer.in_channels;
    net.input_size = layer.input_size;
    net.layers.push_back(layer);
    return net;
}

Layer conv_layer(int in, int out, int size, int kernel, int stride, int groups) {
    Layer l;
    l.op = LayerOp::conv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.groups = groups;
    return l;
}

std::vector<float> random_input(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<float> v(n);
    for (auto& x : v) x = static_cast<float>(rng.uniform() * 2.0 - 1.0);
    return v;
}

/// Naive grouped convolution, PyTorch "same" padding (k-1)/2 on the left, output ceil(H/s).
std::vector<float> reference_conv(const std::vector<float>& x, int n, int cin, int h, const Parameter& w,
                                  const std::vector<float>& bias, int cout, int k, int s, int groups,
                                  const std::string& activation) {
    const int ho = (h + s - 1) / s;
    const int pad = (k - 1) / 2;
    const int cin_g = cin / groups;
    const int cout_g = cout / groups;
    std::vector<float> y(static_cast<std::size_t>(n) * cout * ho * ho);
    for (int b = 0; b < n; ++b)
        for (int o = 0; o < cout; ++o) {
            const int g = o / cout_g;
            for (int oy = 0; oy < ho; ++oy)
                for (int ox = 0; ox < ho; ++ox) {
                    double acc = bias.empty() ? 0.0 : bias[o];
                    for (int ci = 0; ci < cin_g; ++ci)
                        for (int ky = 0; ky < k; ++ky)
                            for (int kx = 0; kx < k; ++kx) {
                                const int iy = oy * s - pad + ky;
                                const int ix = ox * s - pad + kx;
                                if (iy < 0 || ix < 0 || iy >= h || ix >= h) continue;
                                const int c = g * cin_g + ci;
                                // oihw and goihw list (output, input-of-group, ky, kx) in the same order.
                                const float wv = w.values[((static_cast<std::size_t>(o) * cin_g + ci) * k + ky) * k + kx];
                                acc += wv * x[((static_cast<std::size_t>(b) * cin + c) * h + iy) * h + ix];
                            }
                    y[((static_cast<std::size_t>(b) * cout + o) * ho + oy) * ho + ox] =
                        apply_activation(activation, static_cast<float>(acc));
                }
        }
    return y;
}

void require_close(const std::vector<float>& got, const std::vector<float>& want) {
    REQUIRE(got.size() == want.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(double(got[i]) - want[i]));
    INFO("max abs difference " << worst);
    REQUIRE(worst < 1e-4);
}

/// Runs `layer` alone on a random input and compares with the reference conv.
void check_conv(const Layer& layer, int batch) {
    DnnlNetwork net(single(layer), batch);
    const auto x = random_input(static_cast<std::size_t>(batch) * layer.in_channels * layer.input_size *
                                    layer.input_size, 7);
    net.set_input(x);
    net.run();
    const Parameter& w = net.parameter("L0.conv.weights");
    std::vector<float> bias;
    if (layer.batch_norm) bias = net.parameter("L0.conv.bias").values;
    const auto want = reference_conv(x, batch, layer.in_channels, layer.input_size, w, bias, layer.out_channels,
                                     layer.kernel, layer.stride, layer.groups, layer.activation);
    const int ho = (layer.input_size + layer.stride - 1) / layer.stride;
    REQUIRE(net.output_dims() == std::vector<std::int64_t>{batch, layer.out_channels, ho, ho});
    require_close(net.output(), want);
}

}  // namespace

TEST_CASE("live_cpu: a dense 3x3 convolution computes what a naive convolution computes", "[live_cpu]") {
    check_conv(conv_layer(3, 8, 9, 3, 1, 1), 2);
}

TEST_CASE("live_cpu: strided convolutions with folded batch norm and relu6/hswish match the reference", "[live_cpu]") {
    Layer l = conv_layer(5, 6, 11, 5, 2, 1);
    l.batch_norm = true;
    l.activation = "relu6";
    check_conv(l, 1);
    l.activation = "hswish";
    l.kernel = 3;
    l.input_size = 8;
    check_conv(l, 1);
}

TEST_CASE("live_cpu: depthwise and grouped convolutions match the reference", "[live_cpu]") {
    Layer depthwise = conv_layer(16, 16, 10, 3, 1, 16);
    depthwise.batch_norm = true;
    depthwise.activation = "relu";
    check_conv(depthwise, 1);
    check_conv(conv_layer(16, 16, 7, 7, 2, 16), 1);
    check_conv(conv_layer(8, 12, 6, 1, 1, 2), 1);
}

TEST_CASE("live_cpu: average and max pooling match the reference, padding excluded from averages", "[live_cpu]") {
    for (const LayerOp op : {LayerOp::avg_pool, LayerOp::max_pool}) {
        Layer pool = conv_layer(4, 4, 6, 3, 1, 1);
        pool.op = op;
        DnnlNetwork net(single(pool), 1);
        const auto x = random_input(4 * 6 * 6, 3);
        net.set_input(x);
        net.run();
        std::vector<float> want(x.size());
        for (int c = 0; c < 4; ++c)
            for (int y = 0; y < 6; ++y)
                for (int xx = 0; xx < 6; ++xx) {
                    double sum = 0.0;
                    float best = -1e30f;
                    int count = 0;
                    for (int dy = -1; dy <= 1; ++dy)
                        for (int dx = -1; dx <= 1; ++dx) {
                            const int iy = y + dy;
                            const int ix = xx + dx;
                            if (iy < 0 || ix < 0 || iy >= 6 || ix >= 6) continue;
                            const float v = x[(c * 6 + iy) * 6 + ix];
                            sum += v;
                            best = std::max(best, v);
                            ++count;
                        }
                    want[(c * 6 + y) * 6 + xx] = op == LayerOp::avg_pool ? static_cast<float>(sum / count) : best;
                }
        require_close(net.output(), want);
    }
}

TEST_CASE("live_cpu: global average pooling then a fully connected layer match the reference", "[live_cpu]") {
    Network net;
    net.input_channels = 6;
    net.input_size = 5;
    Layer pool = conv_layer(6, 6, 5, 5, 1, 1);
    pool.op = LayerOp::avg_pool;
    Layer fc;
    fc.op = LayerOp::fully_connected;
    fc.in_channels = 6;
    fc.out_channels = 3;
    fc.input_size = 1;
    net.layers = {pool, fc};
    DnnlNetwork built(net, 1);
    const auto x = random_input(6 * 25, 11);
    built.set_input(x);
    built.run();
    const Parameter& w = built.parameter("L1.fc.weights");
    const Parameter& b = built.parameter("L1.fc.bias");
    std::vector<float> want(3);
    for (int o = 0; o < 3; ++o) {
        double acc = b.values[o];
        for (int c = 0; c < 6; ++c) {
            double mean = 0.0;
            for (int i = 0; i < 25; ++i) mean += x[c * 25 + i];
            acc += w.values[o * 6 + c] * (mean / 25.0);
        }
        want[o] = static_cast<float>(acc);
    }
    REQUIRE(built.output_dims() == std::vector<std::int64_t>{1, 3});
    require_close(built.output(), want);
}

TEST_CASE("live_cpu: an mbconv with squeeze-excite and residual runs and keeps its shape", "[live_cpu]") {
    Layer mb = conv_layer(24, 24, 14, 5, 1, 1);
    mb.op = LayerOp::mbconv;
    mb.expand = 4;
    mb.squeeze_excite = true;
    mb.batch_norm = true;
    mb.residual = true;
    mb.activation = "hswish";
    DnnlNetwork net(single(mb), 1);
    net.run();
    REQUIRE(net.output_dims() == std::vector<std::int64_t>{1, 24, 14, 14});
    const auto y = net.output();
    REQUIRE(std::all_of(y.begin(), y.end(), [](float v) { return std::isfinite(v); }));
    REQUIRE(net.parameter("L0.se_reduce.weights").dims == std::vector<std::int64_t>{24, 96, 1, 1});
}

TEST_CASE("live_cpu: whole NB201, FBNet, OFA and MnasNet networks build, run and are timed", "[live_cpu]") {
    const auto check = [](const SearchSpace& space, std::size_t expected_classes) {
        Rng rng(5);
        const Architecture arch = space.sample(rng);
        const Network network = space.network(arch);
        DnnlNetwork net(network, 1);
        net.run();
        REQUIRE(net.output_dims() == std::vector<std::int64_t>{1, static_cast<std::int64_t>(expected_classes)});
        const Timing t = measure(network, {1, 3, 1, 1});
        REQUIRE(t.run_ms.size() == 3);
        REQUIRE(t.median_ms > 0.0);
        REQUIRE(t.iqr_ms >= 0.0);
        REQUIRE(t.min_ms <= t.median_ms);
    };
    const PluginContext nb201_context{nlohmann::json{{"index_order", "official"}, {"index_file", "hw-nas-bench/nb201.csv"}},
                                      HWNAS_TEST_DATA_DIR, ".", "cifar10"};
    check(nb201::Nb201Space(nb201_context), 10);
    const PluginContext fbnet_context{nlohmann::json{{"dataset_macro", "cifar100"}}, HWNAS_TEST_DATA_DIR, ".", "cifar100"};
    check(fbnet::FbnetSpace(fbnet_context), 100);
    const PluginContext ofa_context{nlohmann::json{{"width_mult", 1.0}}, HWNAS_TEST_DATA_DIR, ".", "ImageNet"};
    check(ofa::OfaSpace(ofa_context), 1000);
    const PluginContext mnasnet_context{nlohmann::json{{"input_size", 224}, {"activation", "swish"}},
                                        HWNAS_TEST_DATA_DIR, ".", "imagenet"};
    check(mnasnet::MnasnetSpace(mnasnet_context), 1000);
}

TEST_CASE("live_cpu: the provider measures a space's networks and refuses bad parameters", "[live_cpu]") {
    const PluginContext fbnet_context{nlohmann::json{{"dataset_macro", "cifar100"}}, HWNAS_TEST_DATA_DIR, ".", "cifar100"};
    const fbnet::FbnetSpace space(fbnet_context);
    const nlohmann::json params{{"warmup", 1}, {"repeats", 3}, {"threads", 1}, {"batch", 1}};
    const LiveCpuProvider provider({params, HWNAS_TEST_DATA_DIR, ".", "cifar100", &space});
    const Architecture arch = Architecture::zeros(22);
    std::vector<std::size_t> ids{0, 1, 2, 3};
    std::vector<double> out(4);
    REQUIRE(provider.query_cost_seconds(arch) == 0.0);
    provider.evaluate(arch, ids, out);
    REQUIRE(out[0] > 0.0);
    REQUIRE(out[1] >= 0.0);
    REQUIRE(out[2] <= out[0]);
    REQUIRE(out[3] > 0.0);
    REQUIRE(provider.query_cost_seconds(arch) > 0.0);

    nlohmann::json flushing = params;
    flushing["flush_bytes"] = 1 << 20;
    const LiveCpuProvider cold({flushing, HWNAS_TEST_DATA_DIR, ".", "cifar100", &space});
    REQUIRE(cold.options().flush_bytes == 1 << 20);
    cold.evaluate(arch, ids, out);
    REQUIRE(out[0] > 0.0);

    for (const auto& [name, value] : std::vector<std::pair<std::string, nlohmann::json>>{
             {"repeats", 0}, {"threads", 0}, {"batch", -1}, {"warmup", -2}, {"repeats", "ten"}, {"flush_bytes", -1}}) {
        nlohmann::json bad = params;
        bad[name] = value;
        REQUIRE_THROWS_WITH(LiveCpuProvider({bad, HWNAS_TEST_DATA_DIR, ".", "cifar100", &space}),
                            Catch::Contains("parameter '" + name + "'"));
    }
    REQUIRE_THROWS_WITH(LiveCpuProvider({params, HWNAS_TEST_DATA_DIR, ".", "cifar100", nullptr}),
                        Catch::Contains("needs the experiment's search space"));
}

namespace {

/// A fresh cache file name in the temporary folder, removed (with its WAL files) on destruction.
struct TempCache {
    std::filesystem::path dir = std::filesystem::temp_directory_path();
    std::string name;
    explicit TempCache(const std::string& tag) : name("hwnas_live_cpu_" + tag + "_" + std::to_string(::getpid()) + ".sqlite") {
        clean();
    }
    ~TempCache() { clean(); }
    [[nodiscard]] std::filesystem::path path() const { return dir / name; }
    void clean() const {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::error_code ec;
            std::filesystem::remove(dir / (name + suffix), ec);
        }
    }
};

nlohmann::json cheap_params(const std::string& cache) {
    return {{"warmup", 0}, {"repeats", 2}, {"threads", 1}, {"batch", 1}, {"flush_bytes", 0}, {"cache", cache}};
}

}  // namespace

TEST_CASE("live_cpu: with a cache file each architecture is measured once and stored once", "[live_cpu][cache]") {
    const PluginContext nb201_context{nlohmann::json{{"index_order", "official"}, {"index_file", "hw-nas-bench/nb201.csv"}},
                                      HWNAS_TEST_DATA_DIR, ".", "cifar10"};
    const nb201::Nb201Space space(nb201_context);
    const TempCache file("once");
    const nlohmann::json params = cheap_params(file.path().string());
    const LiveCpuProvider provider({params, HWNAS_TEST_DATA_DIR, ".", "cifar10", &space});
    REQUIRE(provider.cache() != nullptr);
    Rng rng(11);
    const Architecture a = space.sample(rng);
    Architecture b = space.sample(rng);
    while (space.to_string(b) == space.to_string(a)) b = space.sample(rng);

    const std::vector<std::size_t> ids{0, 1, 2, 3};
    std::vector<double> first(4), second(4), other(4);
    provider.evaluate(a, ids, first);
    REQUIRE(provider.measured() == 1);
    REQUIRE(first[0] > 0.0);
    REQUIRE(provider.query_cost_seconds(a) > 0.0);

    provider.evaluate(a, ids, second);
    REQUIRE(provider.measured() == 1);  // the second call is answered from the cache
    REQUIRE(second == first);
    REQUIRE(provider.query_cost_seconds(a) == 0.0);

    // A subset of the metrics, in another order, from the cache too.
    std::vector<double> some(2);
    provider.evaluate(a, std::vector<std::size_t>{3, 0}, some);
    REQUIRE(provider.measured() == 1);
    REQUIRE(some == std::vector<double>{first[3], first[0]});

    provider.evaluate(b, ids, other);
    REQUIRE(provider.measured() == 2);

    const MeasurementCache reopened(file.path());
    REQUIRE(reopened.size() == 2);
    const MeasurementKey key = provider.key(a);
    REQUIRE(key.device == host_fingerprint());
    REQUIRE(key.device.size() == 16);
    REQUIRE(key.space == std::string(space.name()));
    REQUIRE(key.arch == space.to_string(a));
    REQUIRE_THAT(key.settings, Catch::Contains("\"repeats\":2") && Catch::Contains("\"dataset\":\"cifar10\"") &&
                                   Catch::Contains("\"provider\":\"live_cpu\""));
    const auto stored = reopened.find(key);
    REQUIRE(stored.has_value());
    REQUIRE(stored->at("latency").get<double>() == first[0]);
    REQUIRE(stored->at("latency_spread").get<double>() == first[1]);
    REQUIRE(stored->at("latency_min").get<double>() == first[2]);
    REQUIRE(stored->at("cpu_time").get<double>() == first[3]);
}

TEST_CASE("live_cpu: a second provider on the same cache file answers from it without measuring", "[live_cpu][cache]") {
    const PluginContext nb201_context{nlohmann::json{{"index_order", "official"}, {"index_file", "hw-nas-bench/nb201.csv"}},
                                      HWNAS_TEST_DATA_DIR, ".", "cifar10"};
    const nb201::Nb201Space space(nb201_context);
    const TempCache file("shared");
    Rng rng(12);
    const Architecture arch = space.sample(rng);
    const std::vector<std::size_t> ids{0, 1, 2, 3};
    std::vector<double> measured(4), recalled(4);
    {
        const LiveCpuProvider first({cheap_params(file.path().string()), HWNAS_TEST_DATA_DIR, ".", "cifar10", &space});
        first.evaluate(arch, ids, measured);
        REQUIRE(first.measured() == 1);
    }
    // A relative path is relative to the config folder, as for the remote provider.
    const LiveCpuProvider second({cheap_params(file.name), HWNAS_TEST_DATA_DIR, file.dir, "cifar10", &space});
    REQUIRE(second.cache()->file() == file.path());
    REQUIRE(second.query_cost_seconds(arch) == 0.0);
    second.evaluate(arch, ids, recalled);
    REQUIRE(second.measured() == 0);
    REQUIRE(recalled == measured);
    REQUIRE(second.query_cost_seconds(arch) == 0.0);

    // Other settings are another key: measured again, stored next to the first.
    nlohmann::json more = cheap_params(file.path().string());
    more["repeats"] = 1;
    const LiveCpuProvider third({more, HWNAS_TEST_DATA_DIR, ".", "cifar10", &space});
    third.evaluate(arch, ids, recalled);
    REQUIRE(third.measured() == 1);
    REQUIRE(MeasurementCache(file.path()).size() == 2);

    // Without the parameter (or empty) there is no cache.
    const LiveCpuProvider none({cheap_params(""), HWNAS_TEST_DATA_DIR, ".", "cifar10", &space});
    REQUIRE(none.cache() == nullptr);
    none.evaluate(arch, ids, recalled);
    none.evaluate(arch, ids, recalled);
    REQUIRE(none.measured() == 2);
}

TEST_CASE("live_cpu: malformed layers are refused with the layer named", "[live_cpu]") {
    Layer wrong = conv_layer(8, 8, 6, 3, 1, 3);
    REQUIRE_THROWS_WITH(DnnlNetwork(single(wrong), 1), Catch::Contains("layer 0 (conv)") &&
                                                           Catch::Contains("groups 3"));
    Layer act = conv_layer(4, 4, 6, 3, 1, 1);
    act.activation = "gelu9";
    REQUIRE_THROWS_WITH(DnnlNetwork(single(act), 1), Catch::Contains("unknown activation 'gelu9'"));
    Network chain;
    chain.input_channels = 4;
    chain.input_size = 6;
    chain.layers = {conv_layer(4, 8, 6, 3, 1, 1), conv_layer(4, 8, 6, 3, 1, 1)};
    REQUIRE_THROWS_WITH(DnnlNetwork(chain, 1), Catch::Contains("layer 1 (conv)") &&
                                                   Catch::Contains("its input has 8 channels"));
}
