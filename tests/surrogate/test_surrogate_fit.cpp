// `hwnas fit`'s engine code: an XGBoost surrogate of a metric with a known
// formula predicts it closely, its JSON round trip predicts identically, and
// the split and hyperparameters behave as documented.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "engine/surrogate_fit.hpp"
#include "hwnas/rng.hpp"
#include "toy_space.hpp"

namespace {

using namespace hwnas;

engine::FitData toy_data(const SearchSpace& space, std::size_t count) {
    engine::FitData data;
    data.metric = "toy";
    data.source = "toy formula";
    for (std::size_t i = 0; i < count; ++i) {
        data.archs.push_back(space.from_index(i * 4096 / count));
        data.values.push_back(test::toy_metric(data.archs.back()));
    }
    return data;
}

}  // namespace

TEST_CASE("a surrogate of a known formula predicts held-out architectures closely", "[surrogate]") {
    const test::ToySpace space;
    const auto data = toy_data(space, 4096);
    const auto split = engine::random_split(data.size(), 0.1, 0.2, 7);
    const auto params = engine::boosting_params({{"learning_rate", 0.1}}, 7, "test");
    const auto fit = engine::fit_surrogate(space, data, split, Encoding::one_hot, params);

    // The metric spans 0..31; an RMSE of 0.3 is 1% of that range.
    CHECK(fit.test.count == 819);
    CHECK(fit.test.r2 > 0.995);
    CHECK(fit.test.rmse < 0.3);
    CHECK(fit.test.kendall > 0.95);
    CHECK(fit.model.rounds() < params.num_rounds);  // early stopping ended training
}

TEST_CASE("a surrogate saved to JSON and loaded again predicts identical values", "[surrogate]") {
    const test::ToySpace space;
    const auto data = toy_data(space, 1024);
    const auto fit = engine::fit_surrogate(space, data, engine::random_split(data.size(), 0.2, 0.0, 1), Encoding::features,
                                           engine::boosting_params({{"num_rounds", 200}}, 1, "test"));
    const auto loaded = engine::XgboostModel::from_json(nlohmann::json::parse(fit.model.to_json().dump()), "round trip");
    const auto rows = engine::encode_rows(space, data.archs, Encoding::features);
    CHECK(loaded.predict(rows) == fit.model.predict(rows));
    CHECK(loaded.rounds() == fit.model.rounds());
}

TEST_CASE("the same seed gives the same model, another seed another split", "[surrogate]") {
    const test::ToySpace space;
    const auto data = toy_data(space, 512);
    const auto params = engine::boosting_params({{"num_rounds", 50}}, 3, "test");
    const auto a = engine::fit_surrogate(space, data, engine::random_split(data.size(), 0.2, 0.2, 3), Encoding::one_hot, params);
    const auto b = engine::fit_surrogate(space, data, engine::random_split(data.size(), 0.2, 0.2, 3), Encoding::one_hot, params);
    CHECK(a.model.to_json() == b.model.to_json());
    CHECK(engine::random_split(data.size(), 0.2, 0.2, 3).test != engine::random_split(data.size(), 0.2, 0.2, 4).test);
}

TEST_CASE("hyperparameters: defaults, overrides and clear refusals", "[surrogate]") {
    const auto p = engine::boosting_params({{"max_depth", 3}, {"num_rounds", 20000}}, 5, "hp.json");
    CHECK(p.booster.at("max_depth") == 3);
    CHECK(p.num_rounds == 20000);
    CHECK(p.early_stopping_rounds == 100);
    CHECK(p.booster.at("eval_metric") == "rmse");
    CHECK_THROWS_WITH(engine::boosting_params({{"num_rounds", -1}}, 0, "hp.json"),
                      Catch::Contains("hp.json: /num_rounds: expected a non-negative integer, found -1"));
    CHECK_THROWS_WITH(engine::boosting_params({{"eval_metric", "mae"}}, 0, "hp.json"), Catch::Contains("/eval_metric"));
}

TEST_CASE("scores: R^2, RMSE and rank correlations of a known prediction", "[surrogate]") {
    const std::vector<double> measured{1, 2, 3, 4};
    const std::vector<double> predicted{1, 2, 3, 5};
    const auto s = engine::score(predicted, measured);
    CHECK(s.rmse == Approx(0.5));
    CHECK(s.r2 == Approx(1.0 - 1.0 / 5.0));
    CHECK(s.kendall == Approx(1.0));
    CHECK(s.spearman == Approx(1.0));
}
