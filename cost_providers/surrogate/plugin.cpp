#include "surrogate_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::surrogate::SurrogateProvider>(
    "surrogate", "1.0.0", "Metrics predicted by XGBoost surrogates trained with `hwnas fit`",
    R"json({
  "models": {"type": "array",
             "description": "Surrogate files written by `hwnas fit`, one per metric (docs/surrogate-format.md); ./x relative to the config file, else under the data directory"}
})json"))
