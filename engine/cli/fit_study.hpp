#pragma once
// `hwnas fit --study transfer|predictors`: the device-transfer and predictor
// comparison studies of docs/surrogates.md, over a space a provider values.
#include <cstdint>
#include <string>
#include <vector>

#include "common.hpp"
#include "engine/environment.hpp"

namespace hwnas::cli {

struct FitStudyOptions {
    std::string study;                 ///< "transfer" or "predictors"
    std::vector<std::string> metrics;  ///< one latency metric per device
    std::vector<std::size_t> samples{20, 40, 60, 80};  ///< transfer: target samples
    std::vector<double> fractions{0.01, 0.05, 0.20};  ///< predictors: training fractions
    std::size_t monotonicity_samples = 1000;
    double threshold = 0.9;            ///< transfer: adapt when Spearman is below this
    double lambda = 1e-3;
    std::size_t repeats = 5;
    std::uint64_t seed = 0;
    std::string params = "{}";         ///< predictors: XGBoost hyperparameters
    std::string output;                ///< folder for CSV + JSON
};

void run_fit_study(const FitStudyOptions& study, const SearchSpace& space, const CostProvider& provider);

}  // namespace hwnas::cli
