#pragma once
// A gradient-boosted tree regressor through XGBoost's C API (1.7): training
// with early stopping on a validation set, the model as XGBoost's JSON, and
// batched prediction.
//
// Prediction uses XGBoosterPredictFromDense (inplace prediction): it keeps no
// per-booster prediction cache, and since XGBoost 1.4 (dmlc/xgboost PR #6648)
// predicting with a gbtree booster from several threads at once is safe; the
// C API hands each thread its own result buffer. The booster is configured
// once on construction (a first prediction), because XGBoost configures a
// booster lazily on first use and that step is not safe to race.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::engine {

/// Rows of features, row-major, as XGBoost reads them (float).
struct FeatureMatrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<float> values;  ///< values[row * cols + col]
};

struct BoostingParams {
    nlohmann::json booster = nlohmann::json::object();  ///< XGBoost parameters (eta, max_depth, ...)
    std::size_t num_rounds = 2000;
    std::size_t early_stopping_rounds = 50;  ///< stop when validation RMSE has not improved for this many rounds
};

class XgboostModel {
public:
    /// Trains on (train, train_y), keeping the trees up to the round of lowest
    /// RMSE on (valid, valid_y); without validation rows, all num_rounds.
    static XgboostModel train(const FeatureMatrix& train, std::span<const float> train_y, const FeatureMatrix& valid,
                              std::span<const float> valid_y, const BoostingParams& params);

    /// A model from XGBoost's JSON model document; throws hwnas::Error naming `origin`.
    static XgboostModel from_json(const nlohmann::json& model, const std::string& origin);

    XgboostModel(XgboostModel&& other) noexcept;
    XgboostModel& operator=(XgboostModel&& other) noexcept;
    XgboostModel(const XgboostModel&) = delete;
    XgboostModel& operator=(const XgboostModel&) = delete;
    ~XgboostModel();

    /// XGBoost's JSON model document.
    [[nodiscard]] nlohmann::json to_json() const;

    /// One prediction per row; safe to call from several threads at once.
    [[nodiscard]] std::vector<float> predict(const FeatureMatrix& rows) const;

    [[nodiscard]] std::size_t features() const noexcept { return features_; }
    /// Boosting rounds kept (the best validation round + 1).
    [[nodiscard]] std::size_t rounds() const noexcept { return rounds_; }

private:
    XgboostModel(void* booster, std::size_t features);

    void* booster_ = nullptr;  ///< BoosterHandle
    std::size_t features_ = 0;
    std::size_t rounds_ = 0;
};

}  // namespace hwnas::engine
