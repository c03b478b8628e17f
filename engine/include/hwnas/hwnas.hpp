#pragma once
// The hwnas plugin SDK in one include.
#include "hwnas/architecture.hpp"
#include "hwnas/cost_provider.hpp"
#include "hwnas/csv.hpp"
#include "hwnas/error.hpp"
#include "hwnas/evaluation.hpp"
#include "hwnas/metric.hpp"
#include "hwnas/network.hpp"
#include "hwnas/objective.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/rng.hpp"
#include "hwnas/search_space.hpp"
#include "hwnas/strategy.hpp"
