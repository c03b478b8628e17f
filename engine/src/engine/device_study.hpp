#pragma once
// Studies of latency predictors across devices over a whole enumerable space
// (`hwnas fit --study`, docs/surrogates.md): AdaProxy transfer between every
// pair of devices, and XGBoost / linear / AdaProxy predictors trained on a
// fraction of a device's table.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "engine/fit_data.hpp"
#include "engine/xgboost_model.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

/// Every architecture's latency on every device, and the features (one-hot plus a constant 1).
struct DeviceTable {
    std::vector<std::string> devices;
    std::vector<Architecture> archs;
    std::vector<Eigen::VectorXd> latency;  ///< per device, per architecture
    Eigen::MatrixXd features;              ///< rows: architectures
};

struct TransferRow {
    std::string proxy, target;
    double measured_spearman = 0.0;  ///< proxy vs target latency on sampled architectures
    bool adapt = false;              ///< measured_spearman below the threshold
    double proxy_model_spearman = 0.0;  ///< the proxy's linear predictor vs target latency, on all architectures
    std::vector<double> after;       ///< per sample count: AdaProxy Spearman on the unsampled architectures (mean of repeats)
};

struct TransferOptions {
    std::vector<std::size_t> samples;
    std::size_t monotonicity_samples = 1000;
    double threshold = 0.9;
    double lambda = 1e-3;
    std::size_t repeats = 5;
    std::uint64_t seed = 0;
};

std::vector<TransferRow> transfer_study(const DeviceTable& table, const TransferOptions& options);

struct PredictorRow {
    std::string device;
    double fraction = 0.0;
    std::size_t train = 0;
    std::string predictor;  ///< "xgboost", "linear_one_hot", "adaproxy"
    std::string detail;     ///< e.g. the proxy AdaProxy used
    double rmse = 0.0;      ///< on the rest of the table, mean of repeats
    double kendall = 0.0;
};

struct PredictorOptions {
    std::vector<double> fractions;
    double lambda = 1e-3;
    std::size_t repeats = 3;
    std::uint64_t seed = 0;
    BoostingParams boosting;
};

std::vector<PredictorRow> predictor_study(const SearchSpace& space, const DeviceTable& table,
                                          const PredictorOptions& options);

}  // namespace hwnas::engine
