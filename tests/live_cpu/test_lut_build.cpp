// `hwnas lut build` measures every block of a space once; the LUT it writes
// is read back by the block_lut provider, whose sums equal the entries'.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "block_lut_provider.hpp"
#include "dnnl_network.hpp"
#include "engine/agent.hpp"
#include "engine/lut_build.hpp"
#include "engine/params.hpp"
#include "fbnet_space.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/rng.hpp"
#include "live_cpu_provider.hpp"
#include "measurement_cache.hpp"
#include "ofa_space.hpp"
#include "test_support.hpp"

using hwnas::Architecture;
using Catch::Contains;
using Json = nlohmann::json;

namespace {

/// Quick measurements: the test checks the bookkeeping, not the latencies.
const std::string quick = R"( --provider-params '{"warmup": 0, "repeats": 1}' )";

Json build_lut(const std::string& args, const std::filesystem::path& file) {
    const auto r = hwnas::test::run_hwnas("lut build " + args + quick + "-o '" + file.string() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains("LUT written to"));
    return Json::parse(hwnas::test::read_file(file));
}

/// Sum of the entries of the keyed layers, in layer order from 0.0 (docs/block-lut-format.md).
double summed_entries(const Json& lut, const hwnas::Network& net) {
    double sum = 0.0;
    for (const auto& layer : net.layers) {
        if (!layer.key.empty()) sum += lut.at("entries").at(layer.key).at("latency").get<double>();
    }
    return sum;
}

void check_read_back(const hwnas::SearchSpace& space, const Json& doc, const std::filesystem::path& file,
                     const std::string& dataset) {
    const Json params{{"file", file.string()}};
    const hwnas::block_lut::BlockLutProvider provider({params, hwnas::test::data_dir(), ".", dataset, &space});
    hwnas::Rng rng(3);
    for (int i = 0; i < 20; ++i) {
        const Architecture arch = space.sample(rng);
        const std::size_t ids[] = {0};
        double value = 0.0;
        provider.evaluate(arch, ids, std::span<double>(&value, 1));
        REQUIRE(value == summed_entries(doc, space.network(arch)));
        REQUIRE(value > 0.0);
    }
}

}  // namespace

TEST_CASE("live_cpu: lut build measures every FBNet block once and block_lut sums its entries", "[live_cpu][lut]") {
    const auto dir = hwnas::test::temp_dir("lut-build");
    const auto file = dir / "fbnet.json";
    const Json doc = build_lut("--space fbnet --dataset cifar100 --stall 2", file);
    REQUIRE(doc.at("format") == "hwnas-block-lut");
    REQUIRE(doc.at("space") == "fbnet");
    REQUIRE(doc.at("metrics").at(0).at("name") == "latency");
    REQUIRE(doc.at("metrics").at(0).at("unit") == "ms");
    REQUIRE(doc.at("provenance").at("provider") == "live_cpu");

    const Json space_params{{"dataset_macro", "cifar100"}};
    const hwnas::fbnet::FbnetSpace space({space_params, hwnas::test::data_dir(), ".", "cifar100"});
    // Every key any FBNet network uses: 4 fixed layers + the 9 blocks of each of the 22 positions.
    std::set<std::string> keys;
    for (std::size_t layer = 0; layer < 22; ++layer) {
        for (Architecture::Gene block = 0; block < 9; ++block) {
            Architecture arch = Architecture::zeros(22);
            arch[layer] = block;
            for (const auto& l : space.network(arch).layers) keys.insert(l.key);
        }
    }
    REQUIRE(doc.at("entries").size() == keys.size());
    for (const auto& key : keys) {
        INFO(key);
        REQUIRE(doc.at("entries").contains(key));
        REQUIRE(doc.at("entries").at(key).at("latency").get<double>() > 0.0);
    }
    check_read_back(space, doc, file, "cifar100");

    const auto check = hwnas::test::run_hwnas("lut check --space fbnet --dataset cifar100 --samples 4 --lut '" +
                                              file.string() + "'" + quick);
    INFO(check.err);
    REQUIRE(check.exit_code == 0);
    REQUIRE_THAT(check.out, Contains("summed LUT vs pass 1:  Pearson") && Contains("architectures/s"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("live_cpu: an OFA block network keeps the unkeyed layers of its block and runs", "[live_cpu][lut]") {
    const Json space_params{{"width_mult", 1.0}};
    const hwnas::ofa::OfaSpace space({space_params, hwnas::test::data_dir(), ".", "ImageNet"});
    hwnas::Rng rng(1);
    const hwnas::Network net = space.network(space.sample(rng));
    // Layer 1 is the first block's keyed depthwise conv; its pointwise conv and add are unkeyed.
    const hwnas::Network block = hwnas::engine::block_network(net, 1);
    REQUIRE(block.layers.size() == 3);
    REQUIRE(block.layers[0].key == net.layers[1].key);
    REQUIRE(block.layers[2].op == hwnas::LayerOp::add);
    REQUIRE(block.layers[2].inputs == std::vector<int>{-1, 1});
    REQUIRE(block.input_channels == net.layers[1].in_channels);
    hwnas::live_cpu::DnnlNetwork built(block, 1);
    built.run();
    REQUIRE(built.output_dims() == std::vector<std::int64_t>{1, 16, net.layers[1].input_size, net.layers[1].input_size});
    // A keyed layer followed by a keyed layer is a block of one.
    REQUIRE(hwnas::engine::block_network(net, 4).layers.size() == 1);

    const auto found = hwnas::engine::collect_blocks(space, {0, 1, 100000});
    for (const auto& b : found.blocks) REQUIRE(!b.key.empty());
    REQUIRE(found.blocks.size() > 100);
}

TEST_CASE("live_cpu: lut build refuses a space without keys and a metric the provider lacks", "[live_cpu][lut]") {
    const auto dir = hwnas::test::temp_dir("lut-build-bad");
    const auto nb201 = hwnas::test::run_hwnas("lut build --space nb201 --dataset cifar10 -o '" +
                                              (dir / "x.json").string() + "'");
    REQUIRE(nb201.exit_code != 0);
    REQUIRE_THAT(nb201.err, Contains("does not key its layers"));
    const auto metric = hwnas::test::run_hwnas("lut build --space fbnet --dataset cifar100 --stall 1 --metric energy -o '" +
                                               (dir / "x.json").string() + "'");
    REQUIRE(metric.exit_code != 0);
    REQUIRE_THAT(metric.err, Contains("has no metric 'energy'"));
    const auto params = hwnas::test::run_hwnas("lut build --space fbnet --stall 1 --provider-params '{\"repeats\": 0}' -o '" +
                                               (dir / "x.json").string() + "'");
    REQUIRE(params.exit_code != 0);
    REQUIRE_THAT(params.err, Contains("repeats"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("live_cpu: its cache key is the key the remote provider gives an agent running live_cpu here", "[live_cpu][cache]") {
    // live_cpu computes the agent's device fingerprint and settings itself
    // (plugins do not link the engine): both must agree, or a local and an
    // agent measurement of this machine would not share cache entries.
    const hwnas::PluginContext fbnet_context{Json{{"dataset_macro", "cifar100"}}, HWNAS_TEST_DATA_DIR, ".", "cifar100"};
    auto space = std::make_shared<hwnas::fbnet::FbnetSpace>(fbnet_context);
    const Json given = {{"warmup", 0}, {"repeats", 1}, {"threads", 2}};
    const auto specs = hwnas::engine::parse_param_specs("live_cpu", hwnas::live_cpu::LiveCpuProvider::parameters);
    const Json validated = hwnas::engine::validate_params(specs, given, hwnas::engine::Location("test"));

    hwnas::engine::AgentSetup setup;
    setup.space = space;
    setup.provider = std::make_shared<hwnas::live_cpu::LiveCpuProvider>(
        hwnas::PluginContext{validated, HWNAS_TEST_DATA_DIR, ".", "cifar100", space.get()});
    setup.provider_name = "live_cpu";
    setup.provider_version = hwnas::live_cpu::plugin_version;
    setup.provider_params = validated;
    setup.dataset = "cifar100";
    const hwnas::engine::Agent agent(setup, {});
    const Json& d = agent.describe();

    // The local provider with a cache, otherwise as the agent's.
    const auto file = std::filesystem::temp_directory_path() / ("hwnas_live_cpu_key_" + std::to_string(::getpid()) + ".sqlite");
    Json local_params = validated;
    local_params["cache"] = file.string();
    {
        const hwnas::live_cpu::LiveCpuProvider local({local_params, HWNAS_TEST_DATA_DIR, ".", "cifar100", space.get()});
        const auto key = local.key(Architecture::zeros(22));
        CHECK(key.device == d.at("fingerprint").get<std::string>());
        CHECK(key.device == hwnas::engine::device_fingerprint(hwnas::engine::describe_host()));
        // As RemoteProvider::key builds it, with no extra `settings`.
        CHECK(key.settings == hwnas::MeasurementCache::canonical({{"agent", d.at("settings")}, {"extra", Json::object()}}));
        CHECK(key.space == d.at("space").get<std::string>());
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        std::filesystem::remove(file.string() + suffix, ec);
    }
}
