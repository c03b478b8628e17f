#include "analytic_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::analytic::AnalyticProvider>(
    "analytic", "1.0.0", "FLOPs (multiply-accumulates) and parameter counts from the network a space describes"))
