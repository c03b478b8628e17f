// Layer order of the network (indices are what `Layer::inputs` refer to):
//
//   0            stem: conv 3x3, 3 -> 16, BN, no activation (reads the image)
//   per stage s = 0, 1, 2 (C = 16, 32, 64; feature size H, H/2, H/4):
//     if s > 0   reduction block (NB201 ResNetBasicblock, stride 2), 5 layers:
//                  conv_a   ReLU-conv3x3(stride 2)-BN, C/2 -> C, reads the block input
//                  conv_b   ReLU-conv3x3-BN, C -> C
//                  avg_pool 2x2 stride 2 on the block input (shortcut)
//                  conv 1x1 C/2 -> C, no BN, no activation (shortcut)
//                  add      conv_b + shortcut
//     N = 5 cells of 9 layers each. Node 0 is the layer just before the cell;
//     for target node 1, 2, 3 in turn: its incoming edges in arch-string order
//     (from node 0, 1, ...), then the node's `add` over those edges:
//                  e(0->1) add1 | e(0->2) e(1->2) add2 | e(0->3) e(1->3) e(2->3) add3
//     so the cell output (node 3) is always the cell's last layer. Node 1 has
//     a one-input `add` too, to keep one rule for every node.
//   head: batch_norm, activation relu, global avg_pool (kernel = map size), fully_connected
//
// Edge layers always list their input node explicitly; layers of the
// reduction block and head that read the previous layer leave `inputs` empty.
// "none" edges stay in as `zero` layers (NB201 sums them in as zeros), so
// every network has 150 layers at the same positions whatever the cell.
// Convolutions with activation "relu" are ReLU-Conv-BN: the ReLU comes first.
#include "nb201_network.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "hwnas/error.hpp"
#include "nb201_cell.hpp"

namespace hwnas::nb201 {
namespace {

constexpr int stem_channels = 16;  // NB201 "C"
constexpr int cells_per_stage = 5;  // NB201 "N"
constexpr int num_stages = 3;

struct DatasetSetting {
    std::string_view name;
    MacroConfig config;
};

constexpr std::array<DatasetSetting, 4> dataset_settings{{
    {"cifar10", {32, 10}},
    {"cifar10-valid", {32, 10}},
    {"cifar100", {32, 100}},
    {"ImageNet16-120", {16, 120}},
}};

/// Appends layers and hands back their indices.
class NetworkBuilder {
public:
    explicit NetworkBuilder(Network& net) : net_(net) {}

    int add(Layer layer) {
        net_.layers.push_back(std::move(layer));
        return last();
    }
    [[nodiscard]] int last() const { return static_cast<int>(net_.layers.size()) - 1; }

private:
    Network& net_;
};

/// A plain convolution (no BN, no activation), e.g. the reduction shortcut.
Layer conv(int in, int out, int size, int kernel, int stride) {
    Layer l;
    l.op = LayerOp::conv;
    l.in_channels = in;
    l.out_channels = out;
    l.input_size = size;
    l.kernel = kernel;
    l.stride = stride;
    return l;
}

/// NB201's ReLUConvBN: ReLU, then the convolution, then batch normalisation.
Layer relu_conv_bn(int in, int out, int size, int kernel, int stride) {
    Layer l = conv(in, out, size, kernel, stride);
    l.activation = "relu";
    l.batch_norm = true;
    return l;
}

/// A layer that keeps channels and size: pools, identity, zero, add, BN.
Layer same_shape(LayerOp op, int channels, int size, std::vector<int> inputs = {}) {
    Layer l;
    l.op = op;
    l.in_channels = channels;
    l.out_channels = channels;
    l.input_size = size;
    l.inputs = std::move(inputs);
    return l;
}

Layer edge_layer(Op op, int channels, int size, int input) {
    switch (op) {
        case Op::none: return same_shape(LayerOp::zero, channels, size, {input});
        case Op::skip_connect: return same_shape(LayerOp::identity, channels, size, {input});
        case Op::nor_conv_1x1:
        case Op::nor_conv_3x3: {
            Layer l = relu_conv_bn(channels, channels, size, op == Op::nor_conv_1x1 ? 1 : 3, 1);
            l.inputs = {input};
            return l;
        }
        case Op::avg_pool_3x3: {
            Layer l = same_shape(LayerOp::avg_pool, channels, size, {input});
            l.kernel = 3;
            return l;
        }
    }
    throw Error("NAS-Bench-201: operation " + std::to_string(static_cast<int>(op)) + " is out of range");
}

void add_cell(NetworkBuilder& b, const Architecture& cell, int channels, int size) {
    std::array<int, num_nodes> node_layer{};
    node_layer[0] = b.last();
    std::size_t e = 0;
    for (int node = 1; node < static_cast<int>(num_nodes); ++node) {
        std::vector<int> incoming;
        for (int from = 0; from < node; ++from, ++e) {
            incoming.push_back(b.add(edge_layer(static_cast<Op>(cell[e]), channels, size, node_layer[from])));
        }
        node_layer[node] = b.add(same_shape(LayerOp::add, channels, size, std::move(incoming)));
    }
}

void add_reduction(NetworkBuilder& b, int in_channels, int size) {
    const int block_input = b.last();
    const int out_channels = 2 * in_channels;
    Layer conv_a = relu_conv_bn(in_channels, out_channels, size, 3, 2);
    conv_a.inputs = {block_input};
    b.add(std::move(conv_a));
    const int conv_b = b.add(relu_conv_bn(out_channels, out_channels, size / 2, 3, 1));
    Layer pool = same_shape(LayerOp::avg_pool, in_channels, size, {block_input});
    pool.kernel = 2;
    pool.stride = 2;
    b.add(std::move(pool));
    const int shortcut = b.add(conv(in_channels, out_channels, size / 2, 1, 1));
    b.add(same_shape(LayerOp::add, out_channels, size / 2, {conv_b, shortcut}));
}

void add_head(NetworkBuilder& b, int channels, int size, int num_classes) {
    b.add(same_shape(LayerOp::batch_norm, channels, size));
    Layer relu = same_shape(LayerOp::activation, channels, size);
    relu.activation = "relu";
    b.add(std::move(relu));
    Layer pool = same_shape(LayerOp::avg_pool, channels, size);
    pool.kernel = size;
    b.add(std::move(pool));
    Layer fc;
    fc.op = LayerOp::fully_connected;
    fc.in_channels = channels;
    fc.out_channels = num_classes;
    fc.input_size = 1;
    b.add(std::move(fc));
}

}  // namespace

MacroConfig macro_config(std::string_view dataset) {
    if (dataset.empty()) return MacroConfig{};
    std::string known;
    for (const auto& s : dataset_settings) {
        if (s.name == dataset) return s.config;
        known += (known.empty() ? "'" : ", '") + std::string(s.name) + "'";
    }
    throw Error("space 'nb201' has no network for dataset '" + std::string(dataset) + "': expected one of " + known);
}

Network build_network(const Architecture& cell, const MacroConfig& config) {
    Network net;
    net.input_channels = 3;
    net.input_size = config.input_size;
    net.num_classes = config.num_classes;
    net.layers.reserve(150);
    NetworkBuilder b(net);

    Layer stem = conv(3, stem_channels, config.input_size, 3, 1);
    stem.batch_norm = true;
    b.add(std::move(stem));
    int channels = stem_channels;
    int size = config.input_size;
    for (int stage = 0; stage < num_stages; ++stage) {
        if (stage > 0) {
            add_reduction(b, channels, size);
            channels *= 2;
            size /= 2;
        }
        for (int i = 0; i < cells_per_stage; ++i) add_cell(b, cell, channels, size);
    }
    add_head(b, channels, size, config.num_classes);
    return net;
}

}  // namespace hwnas::nb201
