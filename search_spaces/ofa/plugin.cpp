#include "hwnas/plugin.hpp"
#include "ofa_space.hpp"

HWNAS_PLUGIN(hwnas::space_plugin<hwnas::ofa::OfaSpace>(
    "ofa", "1.0.0", "Once-for-All MobileNetV3: 5 stages of 2-4 MBConv layers, kernel 3/5/7, expansion 3/4/6, resolution 128-224 (5.4e20 networks)", R"json({
  "width_mult": {"type": "number", "default": 1.0, "enum": [1.0, 1.2],
                 "description": "Width multiplier of the supernet in network(): 1.0 (ofa_mbv3_d234_e346_k357_w1.0) or 1.2 (..._w1.2, likely the one HELP measured)"}
})json"))
