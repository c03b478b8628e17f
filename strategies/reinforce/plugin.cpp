#include "hwnas/plugin.hpp"
#include "reinforce.hpp"

HWNAS_PLUGIN(hwnas::strategy_plugin<hwnas::strategies::Reinforce>(
    "reinforce", "1.0.0", "REINFORCE policy gradient with one categorical policy per gene", R"json({
  "learning_rate": {"type": "number", "default": 0.05, "minimum": 0,
                    "description": "step size of the logit update (rewards are used unscaled: mind their range)"},
  "baseline_decay": {"type": "number", "default": 0.9, "minimum": 0, "maximum": 1,
                     "description": "factor of the exponential moving average of rewards used as baseline"},
  "batch": {"type": "integer", "default": 1, "minimum": 1,
            "description": "evaluations averaged per policy update"}
})json"))
