#include "block_lut_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::block_lut::BlockLutProvider>(
    "block_lut", "1.0.0", "Latency/energy as the sum of per-block look-up-table entries over a network's layers",
    R"json({
  "file": {"type": "string",
           "description": "Block LUT in hwnas's JSON format, docs/block-lut-format.md (./x relative to the config file, else under the data directory)"}
})json"))
