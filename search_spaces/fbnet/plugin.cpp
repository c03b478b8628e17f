#include "fbnet_space.hpp"
#include "hwnas/plugin.hpp"

HWNAS_PLUGIN(hwnas::space_plugin<hwnas::fbnet::FbnetSpace>(
    "fbnet", "1.0.0", "HW-NAS-Bench FBNet space: 22 layers x 9 blocks (9^22 architectures)", R"json({
  "dataset_macro": {"type": "string", "default": "auto", "enum": ["auto", "cifar100", "ImageNet"],
                    "description": "Macro-architecture of network(): HW-NAS-Bench's cifar100 (32 px) or ImageNet (224 px) setting; auto = ImageNet for dataset ImageNet/imagenet, else cifar100"}
})json"))
