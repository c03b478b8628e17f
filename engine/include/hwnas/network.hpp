#pragma once
// Network: the layers an architecture stands for, with their shapes.
//
// One description serves every consumer that needs more than genes: analytic
// FLOPs/params counts, block look-up tables (a layer's `key` is its LUT key)
// and live measurement, which builds real kernels from it.
#include <string>
#include <vector>

namespace hwnas {

/// Operation of one layer. Composite blocks (MBConv, ConvBlock) are one layer
/// with expand/kernel/groups/se set, so that block LUTs can key on them.
enum class LayerOp {
    conv,        ///< k x k convolution (groups == in_channels for depthwise)
    mbconv,      ///< inverted residual: 1x1 expand, k x k depthwise, [SE], 1x1 project
    avg_pool,    ///< k x k average pooling (k == input size for global pooling)
    max_pool,
    fully_connected,
    identity,    ///< skip connection (may resample with stride/channels)
    zero,        ///< contributes nothing (NB201 "none")
    add,         ///< elementwise sum of `inputs`
    batch_norm,
    activation,  ///< standalone activation
};

/// The op's name as written in messages and in the JSON a process provider sends.
[[nodiscard]] inline std::string op_name(LayerOp op) {
    switch (op) {
        case LayerOp::conv: return "conv";
        case LayerOp::mbconv: return "mbconv";
        case LayerOp::avg_pool: return "avg_pool";
        case LayerOp::max_pool: return "max_pool";
        case LayerOp::fully_connected: return "fully_connected";
        case LayerOp::identity: return "identity";
        case LayerOp::zero: return "zero";
        case LayerOp::add: return "add";
        case LayerOp::batch_norm: return "batch_norm";
        case LayerOp::activation: return "activation";
    }
    return "op " + std::to_string(static_cast<int>(op));
}

struct Layer {
    LayerOp op = LayerOp::conv;
    int in_channels = 0;
    int out_channels = 0;
    int input_size = 0;      ///< H == W of the input feature map
    int kernel = 1;
    int stride = 1;
    int groups = 1;
    int expand = 1;          ///< expansion ratio of an mbconv
    bool squeeze_excite = false;
    int se_channels = 0;      ///< squeeze-excite hidden width; 0: make_divisible(expanded / 4, 8) as in MobileNetV3
    bool batch_norm = false;  ///< followed (conv) by batch normalisation
    bool residual = false;    ///< mbconv/conv block adds its input to its output
    std::string activation;   ///< "relu", "relu6", "hswish", "" for none
    std::vector<int> inputs;  ///< indices of producing layers; empty = previous layer
    std::string key;          ///< block identity for look-up tables, e.g. "ConvBlock_H32_..."
};

struct Network {
    int input_channels = 3;
    int input_size = 0;   ///< input resolution (H == W)
    int num_classes = 0;
    std::vector<Layer> layers;
};

}  // namespace hwnas
