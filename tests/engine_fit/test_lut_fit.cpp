// `hwnas lut fit`'s engine: a LUT with random entries over a toy space is
// recovered (sums exactly, entries up to the documented gauge), and the real
// HW-NAS-Bench FBNet sums are reproduced, held-out and official records alike.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "block_lut_provider.hpp"
#include "engine/lut_fit.hpp"
#include "engine/measurements.hpp"
#include "fbnet_space.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/rng.hpp"
#include "test_support.hpp"

namespace {

using hwnas::Architecture;
using hwnas::engine::FittedLut;
using hwnas::engine::Measurements;
using Catch::Contains;
using Json = nlohmann::json;

/// Genes 0..4 choose one of 4 blocks per layer; layer 0 has its own keys
/// "P0_b*", layers 1-2 share "P1_b*", layers 3-4 share "P2_b*" (like FBNet's
/// stages). "stem" and "head" are in every network; gene 5 adds an optional
/// "extra" layer. One unkeyed layer is never priced.
class PositionSpace : public hwnas::SearchSpace {
public:
    PositionSpace() {
        for (int g = 0; g < 5; ++g) dims_.push_back({"layer " + std::to_string(g), {"b0", "b1", "b2", "b3"}});
        dims_.push_back({"extra", {"no", "yes"}});
    }
    [[nodiscard]] std::string_view name() const override { return "positions"; }
    [[nodiscard]] std::span<const hwnas::Dimension> dimensions() const override { return dims_; }
    [[nodiscard]] hwnas::Network network(const Architecture& arch) const override {
        hwnas::Network net;
        const auto add = [&](std::string key) {
            hwnas::Layer l;
            l.key = std::move(key);
            net.layers.push_back(std::move(l));
        };
        add("stem");
        for (int layer = 0; layer < 5; ++layer) add(position_key(layer) + std::to_string(arch[layer]));
        if (arch[5] == 1) add("extra");
        add("");
        add("head");
        return net;
    }
    static std::string position_key(int layer) { return layer == 0 ? "P0_b" : layer <= 2 ? "P1_b" : "P2_b"; }

private:
    std::vector<hwnas::Dimension> dims_;
};

struct SyntheticLut {
    std::unordered_map<std::string, double> lat;
    std::unordered_map<std::string, double> energy;
};

SyntheticLut random_lut(hwnas::Rng& rng) {
    SyntheticLut lut;
    std::vector<std::string> keys{"stem", "head", "extra"};
    for (const char* p : {"P0_b", "P1_b", "P2_b"}) {
        for (int b = 0; b < 4; ++b) keys.push_back(p + std::to_string(b));
    }
    for (const auto& k : keys) {
        lut.lat[k] = 0.1 + 5.0 * rng.uniform();
        lut.energy[k] = 10.0 + 100.0 * rng.uniform();
    }
    return lut;
}

/// Sums in layer order from 0.0, the way a benchmark would have computed them.
std::pair<double, double> true_sums(const hwnas::SearchSpace& space, const SyntheticLut& lut, const Architecture& arch) {
    double lat = 0.0;
    double energy = 0.0;
    for (const auto& layer : space.network(arch).layers) {
        if (layer.key.empty()) continue;
        lat += lut.lat.at(layer.key);
        energy += lut.energy.at(layer.key);
    }
    return {lat, energy};
}

Measurements synthetic_measurements(const hwnas::SearchSpace& space, const SyntheticLut& lut, std::size_t n,
                                    hwnas::Rng& rng) {
    Measurements m;
    m.metrics = {"lat", "energy"};
    m.source = "synthetic";
    std::unordered_set<Architecture> seen;
    while (m.size() < n) {
        const Architecture arch = space.sample(rng);
        if (!seen.insert(arch).second) continue;
        const auto [lat, energy] = true_sums(space, lut, arch);
        m.archs.push_back(arch);
        m.values.insert(m.values.end(), {lat, energy});
        m.origins.push_back("row " + std::to_string(m.size()));
    }
    return m;
}

double entry(const FittedLut& lut, const std::string& key, std::size_t metric) {
    return lut.entries[lut.rows.at(key) * lut.metrics.size() + metric];
}

}  // namespace

TEST_CASE("a random LUT is recovered: every sum exactly, entries up to the minimum-norm gauge") {
    const PositionSpace space;
    hwnas::Rng rng(2024);
    const SyntheticLut truth = random_lut(rng);
    const Measurements data = synthetic_measurements(space, truth, 400, rng);
    const FittedLut lut = hwnas::engine::fit_lut(space, "toy", data, {0.25, 7, 1e-9});

    CHECK(lut.train_count == 300);
    CHECK(lut.heldout_count == 100);
    CHECK(lut.heldout_unpriced == 0);
    REQUIRE(lut.keys.size() == 15);
    // 12 position keys in 3 groups that always sum to a fixed count, 2 keys in
    // every network, 1 optional key: rank 12 - 3 + 1 (the common constant) + 1.
    CHECK(lut.rank == 11);
    CHECK(lut.nullity == 4);
    CHECK(lut.identifiable == 1);  // only "extra"
    CHECK(lut.constant_keys == std::vector<std::string>{"head", "stem"});

    for (std::size_t m = 0; m < 2; ++m) {
        INFO("metric " << lut.metrics[m]);
        CHECK(lut.train[m].max_rel_error < 1e-12);
        REQUIRE(lut.heldout.size() == 2);
        CHECK(lut.heldout[m].count == 100);
        CHECK(lut.heldout[m].max_rel_error < 1e-12);
        CHECK(lut.heldout[m].pearson == Approx(1.0));
        // Not exactly 1: blocks permuted between layers sharing keys give equal sums up to
        // rounding, and the fitted entries round differently from the true ones.
        CHECK(lut.heldout[m].kendall > 0.999);
    }

    // Every architecture of the space, seen or not, is priced exactly.
    for (int i = 0; i < 200; ++i) {
        const Architecture arch = space.sample(rng);
        std::vector<double> summed(2);
        REQUIRE(hwnas::engine::summed_lut(space, lut, arch, summed));
        const auto [lat, energy] = true_sums(space, truth, arch);
        CHECK(summed[0] == Approx(lat).epsilon(1e-12));
        CHECK(summed[1] == Approx(energy).epsilon(1e-12));
    }

    // Entries: "extra" exactly; within a position group, the same shift for every block;
    // the shifts cancel in any network (c_g = layers per group, constant keys count once).
    const auto& t = truth.lat;
    CHECK(entry(lut, "extra", 0) == Approx(t.at("extra")).epsilon(1e-12));
    double total_shift = (entry(lut, "stem", 0) - t.at("stem")) + (entry(lut, "head", 0) - t.at("head"));
    const std::pair<const char*, int> groups[] = {{"P0_b", 1}, {"P1_b", 2}, {"P2_b", 2}};
    for (const auto& [group, layers] : groups) {
        const std::string first = std::string(group) + "0";
        const double shift = entry(lut, first, 0) - t.at(first);
        for (int b = 1; b < 4; ++b) {
            const std::string key = group + std::to_string(b);
            CHECK(entry(lut, key, 0) - t.at(key) == Approx(shift).margin(1e-10));
        }
        total_shift += layers * shift;
    }
    CHECK(total_shift == Approx(0.0).margin(1e-10));
    // Minimum norm: no component along the null space. Null vectors: a group's
    // keys (+1 each) minus c_g times "stem", and "stem" minus "head".
    CHECK(entry(lut, "stem", 0) == Approx(entry(lut, "head", 0)).epsilon(1e-10));
    for (const auto& [group, layers] : groups) {
        double sum = 0.0;
        for (int b = 0; b < 4; ++b) sum += entry(lut, group + std::to_string(b), 0);
        CHECK(sum == Approx(layers * entry(lut, "stem", 0)).epsilon(1e-10));
    }
}

TEST_CASE("a fitted LUT file is read back by the block_lut provider with the same sums") {
    const PositionSpace space;
    hwnas::Rng rng(5);
    const SyntheticLut truth = random_lut(rng);
    const FittedLut lut = hwnas::engine::fit_lut(space, "toy", synthetic_measurements(space, truth, 150, rng), {0.0, 1, 1e-9});
    CHECK(lut.heldout.empty());
    const auto dir = hwnas::test::temp_dir("lut-fit");
    hwnas::test::write_file(dir / "lut.json", hwnas::engine::lut_document(lut, "ms", {{"test", true}}).dump(1));

    const Json params = {{"file", (dir / "lut.json").string()}};
    const hwnas::block_lut::BlockLutProvider provider(hwnas::PluginContext{params, dir, dir, "toy", &space});
    REQUIRE(provider.metrics().size() == 2);
    CHECK(provider.metrics()[1].name == "energy");
    for (int i = 0; i < 50; ++i) {
        const Architecture arch = space.sample(rng);
        std::vector<double> expected(2);
        std::vector<double> read_back(2);
        REQUIRE(hwnas::engine::summed_lut(space, lut, arch, expected));
        provider.evaluate(arch, std::vector<std::size_t>{0, 1}, read_back);
        CHECK(read_back == expected);  // the JSON numbers round-trip exactly
    }
}

TEST_CASE("bad fits are refused with clear errors") {
    const PositionSpace space;
    hwnas::Rng rng(9);
    const Measurements data = synthetic_measurements(space, random_lut(rng), 10, rng);
    CHECK_THROWS_WITH(hwnas::engine::fit_lut(space, "", data, {1.0, 0, 1e-9}), Contains("--holdout must be in [0, 1)"));
    CHECK_THROWS_WITH(hwnas::engine::fit_lut(space, "", data, {0.97, 0, 1e-9}), Contains("leaves no measurement to fit"));

    class Unkeyed : public PositionSpace {
        [[nodiscard]] hwnas::Network network(const Architecture&) const override { return hwnas::Network{}; }
    };
    CHECK_THROWS_WITH(hwnas::engine::fit_lut(Unkeyed(), "", data, {0.0, 0, 1e-9}),
                      Contains("has no layer with a LUT key"));
}

TEST_CASE("measurements are read from CSV tables and JSON records") {
    const PositionSpace space;
    const auto dir = hwnas::test::temp_dir("measurements");
    hwnas::test::write_file(dir / "m.csv", "arch,lat,energy\n0-1-2-3-0-1,1.5,10\n3-3-3-3-3-0,2.5,20\n");
    const auto csv = hwnas::engine::read_measurements(space, {dir / "m.csv", "", "arch", {"energy"}, ""});
    REQUIRE(csv.size() == 2);
    CHECK(csv.archs[1] == Architecture{3, 3, 3, 3, 3, 0});
    CHECK(csv.values == std::vector<double>{10, 20});
    CHECK(csv.origins[1] == (dir / "m.csv").string() + ":3");

    hwnas::test::write_file(dir / "bad.csv", "arch,lat\n0-1-2-3-0-1,1.5\n0-1-2-9-0-1,2\n");
    CHECK_THROWS_WITH(hwnas::engine::read_measurements(space, {dir / "bad.csv", "", "arch", {"lat"}, ""}),
                      Contains("bad.csv:3: column 'arch'") && Contains("out of range"));
    CHECK_THROWS_WITH(hwnas::engine::read_measurements(space, {dir / "m.csv", "", "arch", {"power"}, ""}),
                      Contains("no column 'power'"));

    const Json records = {
        {"group", {{"records", {{{"genes", {0, 1, 2, 3, 0, 1}}, {"dataset", "a"}, {"lat", 1.0}},
                                {{"genes", {1, 1, 1, 1, 1, 1}}, {"dataset", "b"}, {"lat", 2.0}},
                                {{"genes", "2-2-2-2-2-0"}, {"dataset", "a"}, {"metrics", {{"lat", 3.0}}}}}}}}};
    hwnas::test::write_file(dir / "r.json", records.dump());
    const auto json = hwnas::engine::read_measurements(space, {dir / "r.json", "group", "genes", {"lat"}, "a"});
    REQUIRE(json.size() == 2);
    CHECK(json.skipped_other_dataset == 1);
    CHECK(json.values == std::vector<double>{1.0, 3.0});
    CHECK(json.archs[1] == Architecture{2, 2, 2, 2, 2, 0});
    CHECK_THROWS_WITH(hwnas::engine::read_measurements(space, {dir / "r.json", "grup", "genes", {"lat"}, "a"}),
                      Contains("no record group 'grup'; the top-level keys are group"));
    CHECK_THROWS_WITH(hwnas::engine::read_measurements(space, {dir / "r.json", "group", "genes", {"energy"}, "a"}),
                      Contains("/group/records/0: no value for metric 'energy'"));
    CHECK_THROWS_WITH(hwnas::engine::read_measurements(space, {dir / "r.json", "group", "genes", {"lat"}, "c"}),
                      Contains("no measurements for dataset 'c' (3 records of other datasets)"));
}

TEST_CASE("FBNet: a LUT fitted to HW-NAS-Bench sums reproduces held-out and official records") {
    const Json space_params = Json::object();
    const hwnas::fbnet::FbnetSpace space(hwnas::PluginContext{space_params, hwnas::test::data_dir(), {}, "cifar100"});
    const auto samples = hwnas::test::data_dir() / "hw-nas-bench" / "fbnet_samples.json";
    const std::vector<std::string> devices{"raspi4_latency", "pixel3_latency", "eyeriss_latency", "fpga_latency"};
    const auto data = hwnas::engine::read_measurements(space, {samples, "help_cifar100", "op_idx_list", devices, "cifar100"});
    REQUIRE(data.size() == 5000);

    const FittedLut lut = hwnas::engine::fit_lut(space, "cifar100", data, {0.2, 1, 1e-9});
    CHECK(lut.keys.size() == 112);  // every key the API reads for cifar100 (fbnet_lut_keys.json)
    CHECK(lut.constant_keys.size() == 4);  // stem, header, pooling, classifier
    // 12 position groups of 9 blocks, each summing to a fixed count, plus the shared constant.
    CHECK(lut.rank == 108 - 12 + 1);
    CHECK(lut.nullity == 15);
    CHECK(lut.heldout_unpriced == 0);
    for (std::size_t m = 0; m < devices.size(); ++m) {
        INFO(devices[m]);
        CHECK(lut.heldout[m].count == 1000);
        CHECK(lut.heldout[m].max_rel_error < 1e-6);
        CHECK(lut.heldout[m].kendall > 0.999);
    }

    // The authors' own API outputs (example.ipynb), through the block_lut provider.
    const auto dir = hwnas::test::temp_dir("lut-fit-fbnet");
    hwnas::test::write_file(dir / "fbnet_cifar100.json", hwnas::engine::lut_document(lut, "ms", {}).dump());
    const Json params = {{"file", (dir / "fbnet_cifar100.json").string()}};
    const hwnas::block_lut::BlockLutProvider provider(hwnas::PluginContext{params, dir, dir, "cifar100", &space});
    const auto official =
        hwnas::engine::read_measurements(space, {samples, "official_notebook", "op_idx_list", devices, "cifar100"});
    REQUIRE(official.size() == 3);  // the cifar100 records; the ImageNet ones are skipped
    CHECK(official.skipped_other_dataset == 3);
    const std::vector<std::size_t> ids{0, 1, 2, 3};
    for (std::size_t row = 0; row < official.size(); ++row) {
        std::vector<double> summed(4);
        provider.evaluate(official.archs[row], ids, summed);
        for (std::size_t m = 0; m < devices.size(); ++m) {
            INFO(official.origins[row] << " " << devices[m]);
            const double measured = official.value(row, m);
            CHECK(std::abs(summed[m] - measured) / measured < 1e-6);
        }
    }
}
