#include "hwnas/plugin.hpp"
#include "rejection_sampling.hpp"

HWNAS_PLUGIN(hwnas::strategy_plugin<hwnas::strategies::RejectionSampling>(
    "rejection_sampling", "1.0.0", "Uniform samples kept only when every constraint holds (HW-EvRSNAS baseline)",
    R"json({
  "population": {"type": "integer", "default": 50, "minimum": 1,
                 "description": "feasible samples to keep; the run ends when this many are kept"},
  "max_samples": {"type": "integer", "default": 1000000, "minimum": 1,
                  "description": "most samples drawn before giving up (info says how many were kept)"}
})json"))
