// Layer order (width multiplier 1.0; `r` is the resolution gene):
//
//   0  first conv: conv 3x3, 3 -> 16, stride 2, BN, hswish (input r x r)
//   1  first block, which has no expansion conv (expand 1), so it is not an hwnas mbconv
//      (whose 1x1 expansion is always there) but three layers: depthwise conv 3x3, 16 groups,
//      BN, ReLU (keyed with the block's MBConv key); 1x1 conv 16 -> 16, BN, no activation;
//      add of the block input (layer 0) and layer 2. The last two have empty keys: block
//      LUTs price the whole block under layer 1's key.
//   then per stage s = 0..4 its first depth(s) layers, mbconv with the layer's kernel and
//   expansion; stage widths 24/40/80/112/160, strides 2/2/2/1/2 (first layer of the stage),
//   activations relu/relu/hswish/hswish/hswish, squeeze-excite in stages 1, 3, 4
//   (the 40, 112 and 160 channel stages); residual when stride 1 and Cin == Cout
//   final expand: conv 1x1, 160 -> 960, BN, hswish
//   global average pool
//   feature mix: conv 1x1, 960 -> 1280, no BN, hswish (on the 1x1 pooled map)
//   classifier: fully connected 1280 -> 1000
// Convolutions pad k/2, so a stride-2 layer maps H to ceil(H/2).
#include "ofa_network.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace hwnas::ofa {
namespace {

constexpr std::array<int, num_stages> base_stage_widths{24, 40, 80, 112, 160};
constexpr std::array<int, num_stages> stage_strides{2, 2, 2, 1, 2};
constexpr std::array<std::string_view, num_stages> stage_activations{"relu", "relu", "hswish", "hswish", "hswish"};
constexpr std::array<bool, num_stages> stage_se{false, true, false, true, true};

/// OFA's make_divisible(v, 8): round to the nearest multiple of 8, at least 8,
/// and never more than 10 % below v.
int make_divisible(double v) {
    constexpr int divisor = 8;
    int rounded = std::max(divisor, static_cast<int>(v + divisor / 2.0) / divisor * divisor);
    if (rounded < 0.9 * v) rounded += divisor;
    return rounded;
}

std::string hw(int size) { return "_H" + std::to_string(size) + "_W" + std::to_string(size); }

std::string channels(int in, int out) { return "_Cin" + std::to_string(in) + "_Cout" + std::to_string(out); }

std::string activation_name(std::string_view activation) {
    return activation.empty() ? "none" : std::string(activation);
}

Layer conv(int size, int in, int out, int kernel, int stride, bool batch_norm, std::string_view activation) {
    Layer l;
    l.op = LayerOp::conv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.batch_norm = batch_norm;
    l.activation = std::string(activation);
    l.key = "Conv" + hw(size) + channels(in, out) + "_kernel" + std::to_string(kernel) + "_stride" +
            std::to_string(stride) + "_group1_bn" + (batch_norm ? "1_" : "0_") + activation_name(activation);
    return l;
}

Layer mbconv(int size, int in, int out, int kernel, int stride, int expand, bool se, std::string_view activation) {
    Layer l;
    l.op = LayerOp::mbconv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.expand = expand;
    l.squeeze_excite = se;
    l.batch_norm = true;
    l.residual = stride == 1 && in == out;
    l.activation = std::string(activation);
    l.key = "MBConv" + hw(size) + channels(in, out) + "_exp" + std::to_string(expand) + "_kernel" +
            std::to_string(kernel) + "_stride" + std::to_string(stride) + "_se" + (se ? "1_" : "0_") +
            activation_name(activation);
    return l;
}

int after_stride(int size, int stride) { return (size + stride - 1) / stride; }

/// The fixed first block (see the layer order above); reads the layer before it.
void add_first_block(Network& net, int size, int width) {
    const int block_input = static_cast<int>(net.layers.size()) - 1;
    Layer depthwise = conv(size, width, width, 3, 1, true, "relu");
    depthwise.groups = width;
    depthwise.key = mbconv(size, width, width, 3, 1, 1, false, "relu").key;
    net.layers.push_back(std::move(depthwise));
    Layer pointwise = conv(size, width, width, 1, 1, true, "");
    pointwise.key.clear();
    net.layers.push_back(std::move(pointwise));
    Layer add;
    add.op = LayerOp::add;
    add.in_channels = width;
    add.out_channels = width;
    add.input_size = size;
    add.inputs = {block_input, static_cast<int>(net.layers.size()) - 1};
    net.layers.push_back(std::move(add));
}

}  // namespace

Widths widths_for(double width_mult) {
    Widths w;
    w.stem = make_divisible(16 * width_mult);
    for (std::size_t s = 0; s < num_stages; ++s) w.stages[s] = make_divisible(base_stage_widths[s] * width_mult);
    w.final_expand = make_divisible(960 * width_mult);
    w.feature_mix = make_divisible(1280 * width_mult);
    return w;
}

Network build_network(const Architecture& arch, const Widths& widths) {
    Network net;
    net.input_channels = 3;
    net.input_size = resolution_of(arch);
    net.num_classes = num_classes;
    net.layers.reserve(4 + num_layers + 4);

    int size = net.input_size;
    net.layers.push_back(conv(size, 3, widths.stem, 3, 2, true, "hswish"));
    size = after_stride(size, 2);
    add_first_block(net, size, widths.stem);

    int in = widths.stem;
    for (std::size_t s = 0; s < num_stages; ++s) {
        const int out = widths.stages[s];
        for (int b = 0; b < depth_of(arch, s); ++b) {
            const std::size_t layer = s * max_depth + static_cast<std::size_t>(b);
            const int stride = b == 0 ? stage_strides[s] : 1;
            net.layers.push_back(mbconv(size, in, out, kernel_of(arch, layer), stride, expand_of(arch, layer),
                                        stage_se[s], stage_activations[s]));
            size = after_stride(size, stride);
            in = out;
        }
    }

    net.layers.push_back(conv(size, in, widths.final_expand, 1, 1, true, "hswish"));
    Layer pool;
    pool.op = LayerOp::avg_pool;
    pool.in_channels = widths.final_expand;
    pool.out_channels = widths.final_expand;
    pool.input_size = size;
    pool.kernel = size;
    pool.key = "AvgP" + hw(size) + channels(pool.in_channels, pool.out_channels) + "_kernel" +
               std::to_string(size) + "_stride1";
    net.layers.push_back(std::move(pool));
    net.layers.push_back(conv(1, widths.final_expand, widths.feature_mix, 1, 1, false, "hswish"));

    Layer fc;
    fc.op = LayerOp::fully_connected;
    fc.in_channels = widths.feature_mix;
    fc.out_channels = num_classes;
    fc.input_size = 1;
    fc.key = "FC" + channels(fc.in_channels, fc.out_channels);
    net.layers.push_back(std::move(fc));
    return net;
}

}  // namespace hwnas::ofa
