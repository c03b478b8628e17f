#include "hwnas/plugin.hpp"
#include "mnasnet_space.hpp"

HWNAS_PLUGIN(hwnas::space_plugin<hwnas::mnasnet::MnasnetSpace>(
    "mnasnet", "1.0.0", "Accel-NASBench MnasNet/EfficientNet-B0 space: 7 blocks x expansion, kernel, layers, squeeze-excite (36^6 x 48 architectures)", R"json({
  "input_size": {"type": "integer", "default": 224, "minimum": 32, "maximum": 1024,
                 "description": "Input resolution of network() (the dataset's MACs are counted at 224)"},
  "activation": {"type": "string", "default": "swish", "enum": ["swish", "relu"],
                 "description": "Activation of every layer in network(): swish (SiLU, the GPU/TPU models) or relu (the FPGA models)"}
})json"))
