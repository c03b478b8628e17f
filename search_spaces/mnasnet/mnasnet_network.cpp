// Layer order:
//
//   0  stem: conv 3x3, 3 -> 32, stride 2, BN, activation
//   then for block b = 0..6 its layers(b) MBConv layers (input channels 32, 16, 24, 40, 80,
//   112, 192; output channels 16, 24, 40, 80, 112, 192, 320; the first layer of block b has
//   stride 1, 2, 2, 2, 1, 2, 1, the others stride 1 and input = output channels):
//        expand > 1: one mbconv layer: 1x1 expansion conv, BN, act; k x k depthwise, BN, act;
//                    squeeze-excite on the expanded channels with max(1, Cin / 4) squeeze
//                    channels (if on); 1x1 projection, BN; residual when stride 1 and Cin == Cout
//        expand = 1: no expansion conv, so not an hwnas mbconv (whose 1x1 expansion is always
//                    there) but: depthwise conv k x k (Cin groups, BN, act, squeeze-excite flag
//                    as above: the SE acts on its output), keyed with the block's MBConv key;
//                    1x1 conv Cin -> Cout, BN, no activation; if residual, an add of the
//                    layer's input and the 1x1 conv. These two have empty keys: block LUTs
//                    price the whole MBConv under the depthwise layer's key.
//   head: conv 1x1, 320 -> 1280, BN, activation
//   global average pool (kernel = feature map size)
//   classifier: fully connected 1280 -> 1000
// Every layer uses the one activation of the config: SiLU ("swish") in the models measured on
// GPUs and TPUs, ReLU in the FPGA models. Convolutions pad (k-1)/2: stride 2 maps H to ceil(H/2).
#include "mnasnet_network.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "mnasnet_genome.hpp"

namespace hwnas::mnasnet {
namespace {

constexpr int stem_channels = 32;
constexpr int head_channels = 1280;
constexpr std::array<int, num_blocks> block_strides{1, 2, 2, 2, 1, 2, 1};
constexpr std::array<int, num_blocks> block_out_channels{16, 24, 40, 80, 112, 192, 320};

std::string hw(int size) { return "_H" + std::to_string(size) + "_W" + std::to_string(size); }

std::string channels(int in, int out) { return "_Cin" + std::to_string(in) + "_Cout" + std::to_string(out); }

int after_stride(int size, int stride) { return (size + stride - 1) / stride; }

Layer conv_bn_act(int size, int in, int out, int kernel, int stride, const std::string& activation) {
    Layer l;
    l.op = LayerOp::conv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.batch_norm = true;
    l.activation = activation;
    l.key = "Conv" + hw(size) + channels(in, out) + "_kernel" + std::to_string(kernel) + "_stride" +
            std::to_string(stride) + "_group1_bn1_" + activation;
    return l;
}

Layer mbconv(int size, int in, int out, int kernel, int stride, int expand, bool se, const std::string& activation) {
    Layer l;
    l.op = LayerOp::mbconv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.expand = expand;
    l.squeeze_excite = se;
    l.se_channels = se ? std::max(1, in / 4) : 0;  // Accel-NASBench squeezes to Cin / 4, not expanded / 4
    l.batch_norm = true;
    l.residual = stride == 1 && in == out;
    l.activation = activation;
    l.key = "MBConv" + hw(size) + channels(in, out) + "_exp" + std::to_string(expand) + "_kernel" +
            std::to_string(kernel) + "_stride" + std::to_string(stride) + (se ? "_se1_" : "_se0_") + activation;
    return l;
}

/// An expand-1 MBConv as depthwise conv, pointwise conv and (if residual) add.
void add_unexpanded(Network& net, const Layer& block) {
    const int block_input = static_cast<int>(net.layers.size()) - 1;
    Layer depthwise = block;
    depthwise.op = LayerOp::conv;
    depthwise.out_channels = block.in_channels;
    depthwise.groups = block.in_channels;
    depthwise.residual = false;
    net.layers.push_back(depthwise);

    const int size = (block.input_size + block.stride - 1) / block.stride;
    Layer pointwise;
    pointwise.op = LayerOp::conv;
    pointwise.in_channels = block.in_channels;
    pointwise.out_channels = block.out_channels;
    pointwise.input_size = size;
    pointwise.batch_norm = true;
    net.layers.push_back(std::move(pointwise));
    if (!block.residual) return;

    Layer add;
    add.op = LayerOp::add;
    add.in_channels = block.out_channels;
    add.out_channels = block.out_channels;
    add.input_size = size;
    add.inputs = {block_input, static_cast<int>(net.layers.size()) - 1};
    net.layers.push_back(std::move(add));
}

}  // namespace

Network build_network(const Architecture& arch, const MacroConfig& config) {
    Network net;
    net.input_channels = 3;
    net.input_size = config.input_size;
    net.num_classes = num_classes;
    net.layers.reserve(1 + 3 * 22 + 3);

    int size = config.input_size;
    net.layers.push_back(conv_bn_act(size, 3, stem_channels, 3, 2, config.activation));
    size = after_stride(size, 2);

    int in = stem_channels;
    for (std::size_t b = 0; b < num_blocks; ++b) {
        const int out = block_out_channels[b];
        for (int i = 0; i < layers_of(arch, b); ++i) {
            const int stride = i == 0 ? block_strides[b] : 1;
            const Layer block = mbconv(size, in, out, kernel_of(arch, b), stride, expand_of(arch, b), se_of(arch, b),
                                       config.activation);
            if (block.expand == 1) {
                add_unexpanded(net, block);
            } else {
                net.layers.push_back(block);
            }
            size = after_stride(size, stride);
            in = out;
        }
    }

    net.layers.push_back(conv_bn_act(size, in, head_channels, 1, 1, config.activation));
    Layer pool;
    pool.op = LayerOp::avg_pool;
    pool.in_channels = head_channels;
    pool.out_channels = head_channels;
    pool.input_size = size;
    pool.kernel = size;
    pool.key = "AvgP" + hw(size) + channels(head_channels, head_channels) + "_kernel" + std::to_string(size) +
               "_stride1";
    net.layers.push_back(std::move(pool));

    Layer fc;
    fc.op = LayerOp::fully_connected;
    fc.in_channels = head_channels;
    fc.out_channels = num_classes;
    fc.input_size = 1;
    fc.key = "FC" + channels(head_channels, num_classes);
    net.layers.push_back(std::move(fc));
    return net;
}

}  // namespace hwnas::mnasnet
