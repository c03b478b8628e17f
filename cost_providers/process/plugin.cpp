#include "process_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::process::ProcessProvider>(
    "process", "1.0.0", "Metrics printed by a user command run once per architecture (JSON in, JSON out)",
    hwnas::process::ProcessProvider::parameters))
