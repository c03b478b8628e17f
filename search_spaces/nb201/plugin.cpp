#include "hwnas/plugin.hpp"
#include "nb201_space.hpp"

HWNAS_PLUGIN(hwnas::space_plugin<hwnas::nb201::Nb201Space>(
    "nb201", "1.0.0", "NAS-Bench-201 cells: 6 edges x 5 operations (15625 architectures)", R"json({
  "index_order": {"type": "string", "default": "official", "enum": ["official", "lexicographic"],
                  "description": "Numbering of index()/from_index(): NAS-Bench-201's own order, or base-5 with edge 0->1 most significant"},
  "index_file": {"type": "string", "default": "hw-nas-bench/nb201.csv",
                 "description": "Table with columns index, arch_str giving the official order (./x relative to the config file, else under the data directory)"}
})json"))
