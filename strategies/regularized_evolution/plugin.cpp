#include "hwnas/plugin.hpp"
#include "regularized_evolution.hpp"

HWNAS_PLUGIN(hwnas::strategy_plugin<hwnas::strategies::RegularizedEvolution>(
    "regularized_evolution", "1.0.0", "Regularized (aging) evolution, Real et al. 2019", R"json({
  "population": {"type": "integer", "default": 50, "minimum": 1,
                 "description": "members alive at once; the first this many evaluations are random samples"},
  "sample_size": {"type": "integer", "default": 10, "minimum": 1,
                  "description": "members drawn (with replacement) per tournament; the best becomes the parent"}
})json"))
