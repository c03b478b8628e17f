#include "table_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::TableProvider>(
    "table", "1.0.0", "Metrics looked up in per-architecture CSV tables (one row lookup per query)", R"json({
  "tables": {"type": "array", "default": [],
             "description": "Tables to read: [{\"file\", \"key\", \"columns\", \"units\", \"prefix\", \"suffix\", \"cost_seconds_column\"}], see cost_providers/table/README.md"},
  "preset": {"type": "string", "default": "auto",
             "description": "Built-in tables: \"auto\" (the space's preset when no tables are given), \"none\", or a preset name (nb201)"}
})json"))
