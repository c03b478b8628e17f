#include "hwnas/plugin.hpp"
#include "nsga2.hpp"

HWNAS_PLUGIN(hwnas::strategy_plugin<hwnas::strategies::Nsga2>(
    "nsga2", "1.0.0", "NSGA-II multi-objective search with constraint-domination, Deb et al. 2002", R"json({
  "population": {"type": "integer", "default": 50, "minimum": 1,
                 "description": "parents kept per generation and children bred per generation"},
  "crossover_rate": {"type": "number", "default": 0.9, "minimum": 0, "maximum": 1,
                     "description": "probability a child is a crossover of two tournament winners, else a copy of one"},
  "mutation_rate": {"type": "number", "default": 1.0, "minimum": 0, "maximum": 1,
                    "description": "probability a child is then mutated (space.mutate)"}
})json"))
