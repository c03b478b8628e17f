// Layer order of the network (26 layers, the same positions for every architecture):
//
//   0        stem: ConvNorm 3x3, 3 -> 16, stride 1 (cifar100) / 2 (ImageNet), BN, ReLU
//   1 .. 22  the searchable layers, one layer per block:
//              ConvBlock -> mbconv: 1x1 conv (groups g), BN, ReLU, [channel shuffle],
//                           k x k depthwise (stride), BN, ReLU, 1x1 conv (groups g), BN;
//                           the 1x1 expansion conv is there even for e1 (FBNet_Infer builds
//                           it unconditionally); residual when Cin == Cout and stride 1
//              skip      -> identity when Cin == Cout and stride 1, else a 1x1 conv
//                           (stride s) + BN + ReLU, as FBNet_Infer's Skip module does
//   23       header: ConvNorm 1x1, 352 -> 1504 / 1984, BN, ReLU
//   24       global average pool (kernel = feature map size)
//   25       fully connected -> 100 / 1000 classes
#include "fbnet_macro.hpp"

#include "hwnas/error.hpp"

namespace hwnas::fbnet {
namespace {

constexpr int stem_channels = 16;
constexpr std::array<int, num_stages> layers_per_stage{1, 4, 4, 4, 4, 4, 1};
constexpr std::array<int, num_stages> stage_channels{16, 24, 32, 64, 112, 184, 352};

std::string hw(int size) { return "_H" + std::to_string(size) + "_W" + std::to_string(size); }

std::string channels(int in, int out) { return "_Cin" + std::to_string(in) + "_Cout" + std::to_string(out); }

/// ConvNorm_H{H}_W{W}_Cin{cin}_Cout{cout}_kernel{k}_stride{s}_group1 (stem and header).
std::string conv_norm_key(int size, int in, int out, int kernel, int stride) {
    return "ConvNorm" + hw(size) + channels(in, out) + "_kernel" + std::to_string(kernel) + "_stride" +
           std::to_string(stride) + "_group1";
}

Layer conv_norm(int size, int in, int out, int kernel, int stride) {
    Layer l;
    l.op = LayerOp::conv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    l.batch_norm = true;
    l.activation = "relu";
    l.key = conv_norm_key(size, in, out, kernel, stride);
    return l;
}

Layer block_layer(const LayerShape& shape, std::size_t block) {
    const BlockSpec& spec = blocks[block];
    const bool same_shape = shape.in_channels == shape.out_channels && shape.stride == 1;
    Layer l;
    l.in_channels = shape.in_channels;
    l.out_channels = shape.out_channels;
    l.input_size = shape.input_size;
    l.stride = shape.stride;
    l.key = block_key(shape, block);
    if (block == skip_block) {
        if (same_shape) {
            l.op = LayerOp::identity;
            return l;
        }
        l.op = LayerOp::conv;
        l.kernel = 1;
        l.batch_norm = true;
        l.activation = "relu";
        return l;
    }
    l.op = LayerOp::mbconv;
    l.kernel = spec.kernel;
    l.expand = spec.expand;
    l.groups = spec.group;
    l.batch_norm = true;
    l.activation = "relu";
    l.residual = same_shape;
    return l;
}

}  // namespace

const MacroConfig& select_macro(std::string_view dataset_macro, std::string_view dataset) {
    if (dataset_macro == "cifar100") return cifar100_macro;
    if (dataset_macro == "ImageNet") return imagenet_macro;
    if (dataset_macro == "auto") {
        return dataset == "ImageNet" || dataset == "imagenet" ? imagenet_macro : cifar100_macro;
    }
    throw Error("space 'fbnet': parameter 'dataset_macro' must be \"auto\", \"cifar100\" or \"ImageNet\", found \"" +
                std::string(dataset_macro) + "\"");
}

std::array<LayerShape, num_layers> layer_shapes(const MacroConfig& macro) {
    std::array<LayerShape, num_layers> shapes{};
    int size = macro.input_size / macro.stem_stride;
    int in = stem_channels;
    std::size_t layer = 0;
    for (int stage = 0; stage < static_cast<int>(num_stages); ++stage) {
        const int out = stage_channels[stage];
        for (int i = 0; i < layers_per_stage[stage]; ++i) {
            const int stride = i == 0 ? macro.stage_strides[stage] : 1;
            shapes[layer++] = {stage, size, in, out, stride};
            size /= stride;
            in = out;
        }
    }
    return shapes;
}

std::string block_key(const LayerShape& shape, std::size_t block) {
    const std::string common = hw(shape.input_size) + channels(shape.in_channels, shape.out_channels);
    if (block == skip_block) return "Skip" + common + "_stride" + std::to_string(shape.stride);
    const BlockSpec& spec = blocks[block];
    return "ConvBlock" + common + "_exp" + std::to_string(spec.expand) + "_kernel" + std::to_string(spec.kernel) +
           "_stride" + std::to_string(shape.stride) + "_group" + std::to_string(spec.group);
}

Network build_network(const Architecture& arch, const MacroConfig& macro) {
    Network net;
    net.input_channels = 3;
    net.input_size = macro.input_size;
    net.num_classes = macro.num_classes;
    net.layers.reserve(num_layers + 4);

    net.layers.push_back(conv_norm(macro.input_size, 3, stem_channels, 3, macro.stem_stride));
    const auto shapes = layer_shapes(macro);
    for (std::size_t i = 0; i < num_layers; ++i) net.layers.push_back(block_layer(shapes[i], arch[i]));

    const LayerShape& last = shapes.back();
    const int size = last.input_size / last.stride;
    const int header = macro.header_channels;
    net.layers.push_back(conv_norm(size, last.out_channels, header, 1, 1));

    Layer pool;
    pool.op = LayerOp::avg_pool;
    pool.in_channels = header;
    pool.out_channels = header;
    pool.input_size = size;
    pool.kernel = size;
    pool.key = "AvgP" + hw(size) + channels(header, header) + "_kernel" + std::to_string(size) + "_stride1";
    net.layers.push_back(std::move(pool));

    Layer fc;
    fc.op = LayerOp::fully_connected;
    fc.in_channels = header;
    fc.out_channels = macro.num_classes;
    fc.input_size = 1;
    fc.key = "FC" + channels(header, macro.num_classes);
    net.layers.push_back(std::move(fc));
    return net;
}

}  // namespace hwnas::fbnet
