#pragma once
// Learned cost models (`hwnas fit`, docs/surrogates.md): an XGBoost
// regressor of one metric from architecture encodings, trained with a seeded
// train / validation / test split and early stopping on validation RMSE, and
// its file (docs/surrogate-format.md), which the `surrogate` provider loads.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/fit_data.hpp"
#include "engine/xgboost_model.hpp"
#include "hwnas/metric.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

/// How well predictions match measured values on one set of rows.
struct Scores {
    std::size_t count = 0;
    double r2 = 0.0;        ///< 1 - SS_res / SS_tot
    double rmse = 0.0;
    double kendall = 0.0;   ///< Kendall's tau-b
    double spearman = 0.0;
};

Scores score(std::span<const double> predicted, std::span<const double> measured);

struct RowSplit {
    std::vector<std::size_t> train, valid, test;
};

/// A seeded split (stream "fit/split"): `valid` and `test` fractions, the rest trains.
RowSplit random_split(std::size_t rows, double valid, double test, std::uint64_t seed);
/// The split a dataset ships: tags "train", "val"/"valid", "test"; other tags are left out.
RowSplit tagged_split(const FitData& data);

/// XGBoost parameters from a JSON object: "num_rounds" and
/// "early_stopping_rounds" are ours, everything else goes to XGBoost over
/// hwnas's defaults (docs/surrogates.md). Throws naming `origin`.
BoostingParams boosting_params(const nlohmann::json& overrides, std::uint64_t seed, const std::string& origin);

/// The encodings of `archs`, one row each.
FeatureMatrix encode_rows(const SearchSpace& space, std::span<const Architecture> archs, Encoding encoding);

/// FNV-1a of the space's name and every dimension's name and labels: a model
/// trained on one space refuses another with the same name but other choices.
std::string space_signature(const SearchSpace& space);

std::string_view encoding_name(Encoding encoding);
Encoding parse_encoding(const std::string& name);

struct FittedSurrogate {
    XgboostModel model;
    RowSplit split;
    Scores train, valid, test;
};

FittedSurrogate fit_surrogate(const SearchSpace& space, const FitData& data, const RowSplit& split,
                              Encoding encoding, const BoostingParams& params);

/// Predictions of `model` for rows of `data`.
std::vector<double> predict_rows(const XgboostModel& model, const SearchSpace& space, const FitData& data,
                                 std::span<const std::size_t> rows, Encoding encoding);

/// The surrogate file: metadata (space, encoding, metric, training data,
/// scores, `training`) plus the XGBoost JSON model under "xgboost".
nlohmann::json surrogate_document(const SearchSpace& space, Encoding encoding, const MetricInfo& metric,
                                  const FittedSurrogate& fit, nlohmann::json training);

nlohmann::json scores_json(const Scores& s);

}  // namespace hwnas::engine
