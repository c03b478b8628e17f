#pragma once
// The FBNet space of HW-NAS-Bench: its 9 candidate blocks, the two
// macro-architectures (cifar100 and ImageNet settings of the API's
// FBNet_Infer) and the network an architecture stands for, with every layer
// keyed exactly as the API keys its look-up tables.
#include <array>
#include <string>
#include <string_view>

#include "hwnas/architecture.hpp"
#include "hwnas/network.hpp"

namespace hwnas::fbnet {

inline constexpr std::size_t num_layers = 22;
inline constexpr std::size_t num_blocks = 9;
inline constexpr std::size_t num_stages = 7;

/// One candidate block. ConvBlocks are 1x1 conv (groups `group`) -> k x k
/// depthwise -> 1x1 conv (groups `group`); `skip` has kernel 0.
struct BlockSpec {
    std::string_view name;
    int kernel;
    int expand;
    int group;
};

/// In the API's order (PRIMITIVES): the index is the gene.
inline constexpr std::array<BlockSpec, num_blocks> blocks{{
    {"k3_e1", 3, 1, 1},
    {"k3_e1_g2", 3, 1, 2},
    {"k3_e3", 3, 3, 1},
    {"k3_e6", 3, 6, 1},
    {"k5_e1", 5, 1, 1},
    {"k5_e1_g2", 5, 1, 2},
    {"k5_e3", 5, 3, 1},
    {"k5_e6", 5, 6, 1},
    {"skip", 0, 0, 0},
}};
inline constexpr std::size_t skip_block = 8;

/// What the dataset changes in FBNet_Infer.
struct MacroConfig {
    std::string_view name;  ///< "cifar100" or "ImageNet", as in fbnet_lut_keys.json
    int input_size;
    int stem_stride;
    std::array<int, num_stages> stage_strides;
    int header_channels;
    int num_classes;
};

inline constexpr MacroConfig cifar100_macro{"cifar100", 32, 1, {1, 1, 2, 2, 1, 2, 1}, 1504, 100};
inline constexpr MacroConfig imagenet_macro{"ImageNet", 224, 2, {1, 2, 2, 2, 1, 2, 1}, 1984, 1000};

/// The macro for parameter `dataset_macro` ("auto", "cifar100", "ImageNet")
/// and the experiment's dataset; throws hwnas::Error for other values.
const MacroConfig& select_macro(std::string_view dataset_macro, std::string_view dataset);

/// Shape of searchable layer `layer` (0..21), the same whatever block it holds.
struct LayerShape {
    int stage;
    int input_size;
    int in_channels;
    int out_channels;
    int stride;
};

std::array<LayerShape, num_layers> layer_shapes(const MacroConfig& macro);

/// The API's LUT key of `block` placed in a layer of this shape, e.g.
/// "ConvBlock_H32_W32_Cin16_Cout16_exp1_kernel3_stride1_group1".
std::string block_key(const LayerShape& shape, std::size_t block);

/// stem ConvNorm, the 22 blocks, header ConvNorm 1x1, AvgP, FC (26 layers).
Network build_network(const Architecture& arch, const MacroConfig& macro);

}  // namespace hwnas::fbnet
