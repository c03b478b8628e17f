#include "hwnas/plugin.hpp"
#include "random_search.hpp"

HWNAS_PLUGIN(hwnas::strategy_plugin<hwnas::strategies::RandomSearch>(
    "random", "1.0.0", "Random search: independent uniform samples of the space", "{}"))
