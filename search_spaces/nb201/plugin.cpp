#include "hwnas/plugin.hpp"
#include "nb201_space.hpp"

HWNAS_PLUGIN(hwnas::space_plugin<hwnas::nb201::Nb201Space>(
    "nb201", "1.0.0", "NAS-Bench-201 cells: 6 edges x 5 operations (15625 architectures)", R"json({
  "index_order": {"type": "string", "default": "official", "enum": ["official", "lexicographic"],
    "description": "index() order: NAS-Bench-201's own, or base 5 with edge 0->1 most significant"},
  "index_file": {"type": "string", "default": "hw-nas-bench/nb201.csv",
    "description": "Table with columns index, arch_str; under --data-dir unless absolute or ./x"}
})json"))
