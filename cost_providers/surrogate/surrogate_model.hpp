#pragma once
// One surrogate file (docs/surrogate-format.md): its metadata, checked
// against the experiment's space, and its XGBoost booster for prediction.
//
// Prediction goes through XGBoosterPredictFromDense (inplace prediction),
// which keeps no per-booster cache; since XGBoost 1.4 (dmlc/xgboost PR
// #6648) gbtree prediction is safe from several threads at once, each thread
// getting its own result buffer from the C API. XGBoost configures a booster
// lazily on first use, so the constructor predicts once before any sharing.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/metric.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::surrogate {

class SurrogateModel {
public:
    /// Reads `file`; throws hwnas::Error naming the file and JSON pointer when
    /// it is not a surrogate or was trained for another space or encoding.
    SurrogateModel(const std::filesystem::path& file, const SearchSpace& space);
    SurrogateModel(SurrogateModel&& other) noexcept;
    SurrogateModel(const SurrogateModel&) = delete;
    SurrogateModel& operator=(const SurrogateModel&) = delete;
    SurrogateModel& operator=(SurrogateModel&&) = delete;
    ~SurrogateModel();

    [[nodiscard]] const MetricInfo& metric() const noexcept { return metric_; }
    [[nodiscard]] Encoding encoding() const noexcept { return encoding_; }

    /// One prediction per architecture, in one call to XGBoost.
    [[nodiscard]] std::vector<double> predict(const SearchSpace& space, std::span<const Architecture> archs) const;

private:
    std::string file_;
    MetricInfo metric_;
    Encoding encoding_ = Encoding::one_hot;
    std::size_t features_ = 0;
    void* booster_ = nullptr;  ///< BoosterHandle
};

/// The space signature of docs/surrogate-format.md (FNV-1a over its dimensions).
std::string space_signature(const SearchSpace& space);

}  // namespace hwnas::surrogate
