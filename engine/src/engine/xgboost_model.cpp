#include "engine/xgboost_model.hpp"

#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>
#include <xgboost/c_api.h>

#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

/// The XGBoost C API, loaded on first use. Most hwnas commands never train or
/// predict, and linking libxgboost (with libdmlc and libgomp) cost every one
/// of them about 4 MB of resident memory and its start-up relocations.
struct XgboostApi {
    boost::dll::shared_library library;

    explicit XgboostApi(const char* name) : library(load(name)) {}

    static boost::dll::shared_library load(const char* name) {
        try {
            return boost::dll::shared_library(name, boost::dll::load_mode::search_system_folders);
        } catch (const std::exception& e) {
            throw Error(fmt::format("cannot load XGBoost ({}): {}; install libxgboost-dev", name, e.what()));
        }
    }

    /// The function `name` of type `Pointer`; only its type is taken from the
    /// header (decltype), so nothing links against libxgboost.
    template <typename Pointer>
    Pointer get(const char* name) const {
        return &library.get<std::remove_pointer_t<Pointer>>(name);
    }

// One member per function used, named and typed as in <xgboost/c_api.h>.
#define HWNAS_XGBOOST_FUNCTION(name) decltype(&::name) name = get<decltype(&::name)>(#name);
    HWNAS_XGBOOST_FUNCTION(XGBGetLastError)
    HWNAS_XGBOOST_FUNCTION(XGDMatrixCreateFromMat)
    HWNAS_XGBOOST_FUNCTION(XGDMatrixSetFloatInfo)
    HWNAS_XGBOOST_FUNCTION(XGDMatrixFree)
    HWNAS_XGBOOST_FUNCTION(XGBoosterCreate)
    HWNAS_XGBOOST_FUNCTION(XGBoosterFree)
    HWNAS_XGBOOST_FUNCTION(XGBoosterSetParam)
    HWNAS_XGBOOST_FUNCTION(XGBoosterUpdateOneIter)
    HWNAS_XGBOOST_FUNCTION(XGBoosterEvalOneIter)
    HWNAS_XGBOOST_FUNCTION(XGBoosterSlice)
    HWNAS_XGBOOST_FUNCTION(XGBoosterBoostedRounds)
    HWNAS_XGBOOST_FUNCTION(XGBoosterLoadModelFromBuffer)
    HWNAS_XGBOOST_FUNCTION(XGBoosterSaveModelToBuffer)
    HWNAS_XGBOOST_FUNCTION(XGBoosterGetNumFeature)
    HWNAS_XGBOOST_FUNCTION(XGBoosterPredictFromDense)
#undef HWNAS_XGBOOST_FUNCTION
};

/// Loaded once per process, on the first call (thread-safe); immutable after.
const XgboostApi& xgb() {
    static const XgboostApi api(HWNAS_XGBOOST_LIBRARY);
    return api;
}

void check(int status, std::string_view what) {
    if (status != 0) throw Error(fmt::format("XGBoost: {}: {}", what, xgb().XGBGetLastError()));
}

/// Owns a DMatrix for the length of one training call.
class DMatrix {
public:
    DMatrix(const FeatureMatrix& x, std::span<const float> y) {
        check(xgb().XGDMatrixCreateFromMat(x.values.data(), x.rows, x.cols, std::numeric_limits<float>::quiet_NaN(), &handle_),
              "creating a data matrix");
        check(xgb().XGDMatrixSetFloatInfo(handle_, "label", y.data(), y.size()), "setting labels");
    }
    DMatrix(const DMatrix&) = delete;
    DMatrix& operator=(const DMatrix&) = delete;
    ~DMatrix() { xgb().XGDMatrixFree(handle_); }
    [[nodiscard]] DMatrixHandle get() const noexcept { return handle_; }

private:
    DMatrixHandle handle_ = nullptr;
};

/// XGBoost takes every parameter as a string; JSON strings go in unquoted.
std::string param_text(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

/// The RMSE in an evaluation line such as "[12]\tvalid-rmse:0.3141".
double rmse_of(std::string_view line) {
    const auto colon = line.rfind(':');
    if (colon == std::string_view::npos) throw Error(fmt::format("XGBoost: unexpected evaluation line '{}'", line));
    return std::stod(std::string(line.substr(colon + 1)));
}

void check_shape(const FeatureMatrix& x, std::span<const float> y, std::string_view what) {
    if (x.values.size() != x.rows * x.cols || y.size() != x.rows) {
        throw Error(fmt::format("{}: {} rows x {} features need {} values and {} targets, found {} and {}", what,
                                x.rows, x.cols, x.rows * x.cols, x.rows, x.values.size(), y.size()));
    }
}

}  // namespace

XgboostModel::XgboostModel(void* booster, std::size_t features) : booster_(booster), features_(features) {
    // XGBoost configures a booster on first use; doing it here, on one thread,
    // keeps later concurrent predictions from racing on that step.
    try {
        int rounds = 0;
        check(xgb().XGBoosterBoostedRounds(booster_, &rounds), "counting rounds");
        rounds_ = static_cast<std::size_t>(rounds);
        (void)predict(FeatureMatrix{1, features_, std::vector<float>(features_, 0.0f)});
    } catch (...) {
        xgb().XGBoosterFree(std::exchange(booster_, nullptr));
        throw;
    }
}

XgboostModel::XgboostModel(XgboostModel&& other) noexcept
    : booster_(std::exchange(other.booster_, nullptr)), features_(other.features_), rounds_(other.rounds_) {}

XgboostModel& XgboostModel::operator=(XgboostModel&& other) noexcept {
    if (this != &other) {
        if (booster_ != nullptr) xgb().XGBoosterFree(booster_);
        booster_ = std::exchange(other.booster_, nullptr);
        features_ = other.features_;
        rounds_ = other.rounds_;
    }
    return *this;
}

XgboostModel::~XgboostModel() {
    if (booster_ != nullptr) xgb().XGBoosterFree(booster_);
}

XgboostModel XgboostModel::train(const FeatureMatrix& train, std::span<const float> train_y, const FeatureMatrix& valid,
                                 std::span<const float> valid_y, const BoostingParams& params) {
    check_shape(train, train_y, "training set");
    check_shape(valid, valid_y, "validation set");
    if (train.rows == 0) throw Error("XGBoost: no training rows");
    const DMatrix dtrain(train, train_y);
    const bool validate = valid.rows > 0;
    const DMatrix dvalid(validate ? valid : train, validate ? valid_y : train_y);

    BoosterHandle booster = nullptr;
    DMatrixHandle cache[] = {dtrain.get(), dvalid.get()};
    check(xgb().XGBoosterCreate(cache, 2, &booster), "creating a booster");
    try {
        for (const auto& [name, value] : params.booster.items()) {
            check(xgb().XGBoosterSetParam(booster, name.c_str(), param_text(value).c_str()),
                  fmt::format("parameter '{}' = {}", name, value.dump()));
        }
        DMatrixHandle evals[] = {dvalid.get()};
        const char* names[] = {"valid"};
        double best = std::numeric_limits<double>::infinity();
        int best_round = -1;
        for (int round = 0; round < static_cast<int>(params.num_rounds); ++round) {
            check(xgb().XGBoosterUpdateOneIter(booster, round, dtrain.get()), "boosting");
            if (!validate) {
                best_round = round;
                continue;
            }
            const char* line = nullptr;
            check(xgb().XGBoosterEvalOneIter(booster, round, evals, names, 1, &line), "evaluating");
            const double rmse = rmse_of(line);
            if (rmse < best) {
                best = rmse;
                best_round = round;
            } else if (round - best_round >= static_cast<int>(params.early_stopping_rounds)) {
                break;
            }
        }
        if (best_round < 0) throw Error("XGBoost: no boosting round was run (num_rounds is 0)");
        BoosterHandle kept = nullptr;
        check(xgb().XGBoosterSlice(booster, 0, best_round + 1, 1, &kept), "keeping the best rounds");
        xgb().XGBoosterFree(std::exchange(booster, nullptr));
        return XgboostModel(kept, train.cols);
    } catch (...) {
        if (booster != nullptr) xgb().XGBoosterFree(booster);
        throw;
    }
}

XgboostModel XgboostModel::from_json(const nlohmann::json& model, const std::string& origin) {
    const std::string text = model.dump();
    BoosterHandle booster = nullptr;
    check(xgb().XGBoosterCreate(nullptr, 0, &booster), "creating a booster");
    if (xgb().XGBoosterLoadModelFromBuffer(booster, text.data(), text.size()) != 0) {
        const std::string why = xgb().XGBGetLastError();
        xgb().XGBoosterFree(booster);
        throw Error(origin + ": not an XGBoost JSON model: " + why);
    }
    bst_ulong features = 0;
    if (xgb().XGBoosterGetNumFeature(booster, &features) != 0) {
        xgb().XGBoosterFree(booster);
        throw Error(origin + ": cannot read the model's number of features: " + xgb().XGBGetLastError());
    }
    return XgboostModel(booster, static_cast<std::size_t>(features));
}

nlohmann::json XgboostModel::to_json() const {
    bst_ulong length = 0;
    const char* bytes = nullptr;
    check(xgb().XGBoosterSaveModelToBuffer(booster_, R"({"format": "json"})", &length, &bytes), "saving the model");
    return nlohmann::json::parse(std::string_view(bytes, length));
}

std::vector<float> XgboostModel::predict(const FeatureMatrix& rows) const {
    if (rows.cols != features_ || rows.values.size() != rows.rows * rows.cols) {
        throw Error(fmt::format("XGBoost: the model takes {} features, found rows of {}", features_, rows.cols));
    }
    if (rows.rows == 0) return {};
    // NumPy's __array_interface__, which is how the C API takes dense input.
    const std::string array = fmt::format(R"({{"data": [{}, true], "shape": [{}, {}], "typestr": "<f4", "version": 3}})",
                                          reinterpret_cast<std::uintptr_t>(rows.values.data()), rows.rows, rows.cols);
    const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
                         R"("strict_shape": false, "missing": NaN, "cache_id": 0})";
    const bst_ulong* shape = nullptr;
    bst_ulong dims = 0;
    const float* result = nullptr;
    check(xgb().XGBoosterPredictFromDense(booster_, array.c_str(), config, nullptr, &shape, &dims, &result), "predicting");
    return {result, result + rows.rows};
}

}  // namespace hwnas::engine
