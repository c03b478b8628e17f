// The block_lut provider on LUT files written by the test, over a toy space
// whose layers carry keys the test chooses.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "block_lut_provider.hpp"
#include "hwnas/plugin.hpp"
#include "test_support.hpp"

namespace {

using hwnas::Architecture;
using hwnas::block_lut::BlockLutProvider;
using Catch::Contains;
using Json = nlohmann::json;
namespace fs = std::filesystem;

/// 3 genes of 3 choices. Network: "stem", layer 0 keyed "A_b<gene0>", layers
/// 1 and 2 sharing the key set "B_b<gene>" (as FBNet's later layers of a
/// stage do), an unkeyed add, then "head". With keys = false no layer has a key.
class KeyedSpace : public hwnas::SearchSpace {
public:
    explicit KeyedSpace(bool keys = true) : keys_(keys) {
        for (int g = 0; g < 3; ++g) dims_.push_back({"layer " + std::to_string(g), {"b0", "b1", "b2"}});
    }
    [[nodiscard]] std::string_view name() const override { return "keyed"; }
    [[nodiscard]] std::span<const hwnas::Dimension> dimensions() const override { return dims_; }
    [[nodiscard]] hwnas::Network network(const Architecture& arch) const override {
        hwnas::Network net;
        const auto add = [&](std::string key) {
            hwnas::Layer l;
            if (keys_) l.key = std::move(key);
            net.layers.push_back(l);
        };
        add("stem");
        add("A_b" + std::to_string(arch[0]));
        add("B_b" + std::to_string(arch[1]));
        add("B_b" + std::to_string(arch[2]));
        add("");
        add("head");
        return net;
    }

private:
    bool keys_;
    std::vector<hwnas::Dimension> dims_;
};

Json lut_json() {
    Json entries;
    entries["stem"] = {{"lat", 0.1}, {"energy", 1.0}};
    entries["head"] = {{"lat", 0.3}, {"energy", 3.0}};
    for (int b = 0; b < 3; ++b) {
        entries["A_b" + std::to_string(b)] = {{"lat", 0.2 + b}, {"energy", 10.0 * b}};
        entries["B_b" + std::to_string(b)] = {{"lat", 0.5 * b}, {"energy", 100.0 + b}};
    }
    return {{"format", "hwnas-block-lut"},
            {"version", 1},
            {"space", "keyed"},
            {"dataset", "cifar100"},
            {"metrics", {{{"name", "lat"}, {"unit", "ms"}, {"better", "lower"}, {"description", "latency"}},
                         {{"name", "energy"}, {"unit", "mJ"}}}},
            {"entries", entries},
            {"provenance", {{"made_by", "test_block_lut"}}}};
}

struct Fixture {
    fs::path dir = hwnas::test::temp_dir("block-lut");
    KeyedSpace space;

    BlockLutProvider make(const Json& lut, const std::string& dataset = "cifar100") const {
        hwnas::test::write_file(dir / "lut.json", lut.dump(1));
        const Json params = {{"file", "lut.json"}};
        // "lut.json" is resolved under the data directory.
        return BlockLutProvider(hwnas::PluginContext{params, dir, "/nonexistent", dataset, &space});
    }
};

std::vector<double> evaluate(const BlockLutProvider& p, const Architecture& arch, std::vector<std::size_t> ids) {
    std::vector<double> out(ids.size(), -1.0);
    p.evaluate(arch, ids, out);
    return out;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "block_lut sums the entries of the network's keys in layer order") {
    const auto provider = make(lut_json());
    REQUIRE(provider.metrics().size() == 2);
    CHECK(provider.metrics()[0].name == "lat");
    CHECK(provider.metrics()[0].unit == "ms");
    CHECK(provider.metrics()[1].unit == "mJ");
    CHECK(provider.metrics()[1].better == hwnas::Direction::lower_is_better);

    // stem + A_b1 + B_b2 + B_b2 + head, added left to right from 0.0.
    const double lat = (((0.0 + 0.1) + 1.2) + 1.0) + 1.0 + 0.3;
    const double energy = 1.0 + 10.0 + 102.0 + 102.0 + 3.0;
    CHECK(evaluate(provider, {1, 2, 2}, {0, 1}) == std::vector<double>{lat, energy});
    CHECK(evaluate(provider, {1, 2, 2}, {1}) == std::vector<double>{energy});
    // Order matters in floating point: 0.1 + 0.2 (+ 0 + 0) + 0.3 is not 0.6.
    const double first = evaluate(provider, {0, 0, 0}, {0})[0];
    CHECK(first == 0.1 + 0.2 + 0.0 + 0.0 + 0.3);
    CHECK(first != 0.6);
}

TEST_CASE_METHOD(Fixture, "a constant offset is added after the layers") {
    Json lut = lut_json();
    lut["offset"] = {{"lat", 5.0}};
    const auto provider = make(lut);
    const double lat = 0.1 + 0.2 + 0.0 + 0.0 + 0.3 + 5.0;
    CHECK(evaluate(provider, {0, 0, 0}, {0, 1}) == std::vector<double>{lat, 1.0 + 0.0 + 100.0 + 100.0 + 3.0});
}

TEST_CASE_METHOD(Fixture, "a key missing from the LUT names the key, the architecture and the file") {
    Json lut = lut_json();
    lut["entries"].erase("B_b2");
    const auto provider = make(lut);
    CHECK(evaluate(provider, {0, 1, 1}, {0}).size() == 1);
    CHECK_THROWS_WITH(evaluate(provider, {0, 1, 2}, {0}),
                      Contains("no entry for key 'B_b2'") && Contains("layer 3") && Contains("keyed:0-1-2") &&
                          Contains((dir / "lut.json").string()));
}

TEST_CASE_METHOD(Fixture, "the LUT must match the space and the dataset") {
    Json other_space = lut_json();
    other_space["space"] = "fbnet";
    CHECK_THROWS_WITH(make(other_space), Contains("/space: the LUT is for space 'fbnet'") && Contains("'keyed'"));
    CHECK_THROWS_WITH(make(lut_json(), "ImageNet"), Contains("/dataset: the LUT is for dataset 'cifar100'"));
    Json any_dataset = lut_json();
    any_dataset.erase("dataset");
    CHECK_NOTHROW(make(any_dataset, "ImageNet"));
}

TEST_CASE_METHOD(Fixture, "format errors name the file and the JSON pointer") {
    Json wrong_format = lut_json();
    wrong_format["format"] = "csv";
    CHECK_THROWS_WITH(make(wrong_format), Contains("lut.json: /format: expected \"hwnas-block-lut\""));
    Json wrong_version = lut_json();
    wrong_version["version"] = 2;
    CHECK_THROWS_WITH(make(wrong_version), Contains("/version: expected version 1"));
    Json missing_value = lut_json();
    missing_value["entries"]["stem"].erase("energy");
    CHECK_THROWS_WITH(make(missing_value), Contains("/entries/stem: no value for metric 'energy'"));
    Json unknown_metric = lut_json();
    unknown_metric["entries"]["stem"]["power"] = 1.0;
    CHECK_THROWS_WITH(make(unknown_metric), Contains("/entries/stem/power: 'power' is not one of the file's metrics"));
    Json not_number = lut_json();
    not_number["entries"]["head"]["lat"] = "fast";
    CHECK_THROWS_WITH(make(not_number), Contains("/entries/head/lat: expected a number, found the string \"fast\""));
    Json bad_direction = lut_json();
    bad_direction["metrics"][0]["better"] = "smaller";
    CHECK_THROWS_WITH(make(bad_direction), Contains("/metrics/0/better: expected \"lower\" or \"higher\""));

    hwnas::test::write_file(dir / "broken.json", "{\n  \"format\": \"hwnas-block-lut\",\n  \"version\": 1,,\n}");
    const Json params = {{"file", (dir / "broken.json").string()}};
    CHECK_THROWS_WITH(BlockLutProvider(hwnas::PluginContext{params, "/nowhere", "/nowhere", "", &space}),
                      Contains("broken.json:3:") && Contains("invalid JSON"));
    const Json missing = {{"file", "absent.json"}};
    CHECK_THROWS_WITH(BlockLutProvider(hwnas::PluginContext{missing, dir, dir, "", &space}),
                      Contains("absent.json: cannot open the block LUT file"));
}

TEST_CASE("a space that keys no layer cannot be priced by a block LUT") {
    const auto dir = hwnas::test::temp_dir("block-lut-unkeyed");
    hwnas::test::write_file(dir / "lut.json", lut_json().dump());
    const KeyedSpace unkeyed(false);
    const Json params = {{"file", (dir / "lut.json").string()}};
    const BlockLutProvider provider(hwnas::PluginContext{params, dir, dir, "", &unkeyed});
    std::vector<double> out(1);
    CHECK_THROWS_WITH(provider.evaluate({0, 0, 0}, std::vector<std::size_t>{0}, out),
                      Contains("has no layer with a LUT key"));
}
