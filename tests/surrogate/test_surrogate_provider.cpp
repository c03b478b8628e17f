// The surrogate provider: it predicts exactly what `hwnas fit` trained (after
// a save and load), from several threads at once, and refuses models of
// another space or encoding with a message that says which.
#include <catch2/catch.hpp>

#include <atomic>

#include <tbb/parallel_for.h>

#include "engine/results.hpp"
#include "engine/surrogate_fit.hpp"
#include "hwnas/plugin.hpp"
#include "surrogate_provider.hpp"
#include "test_support.hpp"
#include "toy_space.hpp"

namespace {

using namespace hwnas;

struct SavedModel {
    std::filesystem::path file;
    engine::FitData data;
    std::vector<float> predicted;  ///< the trained model's predictions of data
};

SavedModel save_toy_model(const SearchSpace& space, const std::filesystem::path& dir, Encoding encoding) {
    SavedModel saved{dir / "toy.json", {}, {}};
    for (std::uint64_t i = 0; i < 4096; i += 5) {
        saved.data.archs.push_back(space.from_index(i));
        saved.data.values.push_back(test::toy_metric(saved.data.archs.back()));
    }
    const auto fit = engine::fit_surrogate(space, saved.data, engine::random_split(saved.data.size(), 0.1, 0.1, 2), encoding,
                                           engine::boosting_params({{"num_rounds", 300}}, 2, "test"));
    const MetricInfo info{"toy_latency", "ms", Direction::lower_is_better, "toy formula"};
    engine::write_file_atomically(saved.file, engine::surrogate_document(space, encoding, info, fit, {}).dump() + "\n");
    saved.predicted = fit.model.predict(engine::encode_rows(space, saved.data.archs, encoding));
    return saved;
}

surrogate::SurrogateProvider make_provider(const SearchSpace& space, const std::filesystem::path& file) {
    const nlohmann::json params = {{"models", {file.string()}}};
    return surrogate::SurrogateProvider(PluginContext{params, {}, {}, "", &space});
}

}  // namespace

TEST_CASE("save -> load -> predict gives the trained model's values, batched and from many threads", "[surrogate]") {
    const test::ToySpace space;
    const auto dir = test::temp_dir("surrogate");
    const auto saved = save_toy_model(space, dir, Encoding::one_hot);
    const auto provider = make_provider(space, saved.file);

    REQUIRE(provider.metrics().size() == 1);
    CHECK(provider.metrics()[0].name == "toy_latency");
    CHECK(provider.metrics()[0].unit == "ms");
    const auto batch = provider.predict(saved.data.archs, 0);
    for (std::size_t i = 0; i < batch.size(); ++i) REQUIRE(batch[i] == static_cast<double>(saved.predicted[i]));

    std::atomic<std::size_t> differing{0};
    tbb::parallel_for(std::size_t{0}, saved.data.size(), [&](std::size_t i) {
        const std::size_t ids[] = {0};
        double out[] = {0.0};
        provider.evaluate(saved.data.archs[i], ids, out);
        if (out[0] != static_cast<double>(saved.predicted[i])) ++differing;
    });
    CHECK(differing == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a model of another space, other choices or another encoding is refused", "[surrogate]") {
    const test::ToySpace space;
    const auto dir = test::temp_dir("surrogate-mismatch");
    const auto saved = save_toy_model(space, dir, Encoding::features);

    const test::ToySpace other_name("other");
    CHECK_THROWS_WITH(make_provider(other_name, saved.file),
                      Catch::Contains("/space: this model was trained for space 'toy', the experiment has space 'other'"));

    const test::ToySpace other_labels("toy", "choice");
    CHECK_THROWS_WITH(make_provider(other_labels, saved.file), Catch::Contains("/space_signature") &&
                                                                   Catch::Contains("dimensions or choices differ"));

    auto doc = nlohmann::json::parse(test::read_file(saved.file));
    doc["encoding_size"] = 7;
    test::write_file(dir / "resized.json", doc.dump());
    CHECK_THROWS_WITH(make_provider(space, dir / "resized.json"),
                      Catch::Contains("/encoding_size: this model was trained for 7 inputs, the experiment has 6 features inputs"));

    doc["encoding"] = "graph";
    test::write_file(dir / "graph.json", doc.dump());
    CHECK_THROWS_WITH(make_provider(space, dir / "graph.json"),
                      Catch::Contains("/encoding: expected \"one_hot\" or \"features\", found \"graph\""));

    test::write_file(dir / "not_a_model.json", R"({"learner": {}})");
    CHECK_THROWS_WITH(make_provider(space, dir / "not_a_model.json"), Catch::Contains("/format: expected \"hwnas-surrogate\""));
    std::filesystem::remove_all(dir);
}

TEST_CASE("the provider's signature of a space is the engine's", "[surrogate]") {
    const test::ToySpace space;
    CHECK(surrogate::space_signature(space) == engine::space_signature(space));
    CHECK(surrogate::space_signature(space) != surrogate::space_signature(test::ToySpace("toy", "x")));
}
