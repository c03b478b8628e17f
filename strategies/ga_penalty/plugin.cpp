#include "hwnas/plugin.hpp"
#include "ga_penalty.hpp"

HWNAS_PLUGIN(hwnas::strategy_plugin<hwnas::strategies::GaPenalty>(
    "ga_penalty", "1.0.0", "Generational GA maximising the (penalised) fitness, as in HW-EvRSNAS", R"json({
  "population": {"type": "integer", "default": 20, "minimum": 1,
                 "description": "members per generation; generation 0 is this many random samples"},
  "generations": {"type": "integer", "default": 100, "minimum": 0,
                  "description": "generations bred after the random generation 0"},
  "tournament_size": {"type": "integer", "default": 2, "minimum": 1,
                      "description": "members drawn (with replacement) per parent selection"},
  "crossover_rate": {"type": "number", "default": 0.9, "minimum": 0, "maximum": 1,
                     "description": "probability a child is a uniform crossover of two parents (else a copy of one)"},
  "mutation_rate": {"type": "number", "default": 0.2, "minimum": 0, "maximum": 1,
                    "description": "probability a child is then mutated (space.mutate)"},
  "elitism": {"type": "integer", "default": 1, "minimum": 0,
              "description": "best members carried into the next generation without re-evaluation"}
})json"))
