#include "layer_cost.hpp"

#include <algorithm>
#include <string>

#include "hwnas/error.hpp"

namespace hwnas::analytic {
namespace {

using Count = std::int64_t;

void require_positive(int value, const char* field) {
    if (value <= 0) throw Error(std::string(field) + " must be positive, found " + std::to_string(value));
}

void require_divisible(int channels, int groups, const char* field) {
    if (channels % groups != 0) {
        throw Error(std::string(field) + " " + std::to_string(channels) + " is not divisible by groups " +
                    std::to_string(groups));
    }
}

/// A bias-free k x k convolution of `groups` groups producing an out_size x out_size map,
/// optionally followed by batch normalisation (2 affine parameters per channel).
LayerCost convolution(int in, int out, int out_size, int kernel, int groups, bool batch_norm) {
    const Count weights = Count{out} * (in / groups) * kernel * kernel;
    LayerCost cost;
    cost.macs = weights * out_size * out_size;
    cost.params = weights + (batch_norm ? 2 * Count{out} : 0);
    return cost;
}

/// A fully connected layer with bias: one addition per output, as NAS-Bench-201 counts it.
LayerCost fully_connected(int in, int out) {
    const Count weights = Count{in} * out;
    return {weights + out, weights + out};
}

void check_conv_shape(const Layer& l) {
    require_positive(l.in_channels, "in_channels");
    require_positive(l.out_channels, "out_channels");
    require_positive(l.input_size, "input_size");
    require_positive(l.kernel, "kernel");
    require_positive(l.stride, "stride");
    require_positive(l.groups, "groups");
    require_divisible(l.in_channels, l.groups, "in_channels");
    require_divisible(l.out_channels, l.groups, "out_channels");
}

/// Squeeze-and-excite gating `channels`: global pooling (free), 1x1 reduce
/// and 1x1 expand convolutions, both with bias, on a 1x1 map, scaling (free).
LayerCost squeeze_excite(const Layer& layer, int channels) {
    const int hidden = se_channels(layer, channels);
    const Count weights = 2 * Count{channels} * hidden;
    const Count biases = Count{hidden} + channels;
    return {weights + biases, weights + biases};
}

/// A convolution; with `squeeze_excite` set, SE gates its output (MnasNet's
/// expansion-1 blocks are a depthwise conv with SE, then a 1x1 conv).
LayerCost conv_cost(const Layer& l) {
    check_conv_shape(l);
    LayerCost cost = convolution(l.in_channels, l.out_channels, output_size(l.input_size, l.stride), l.kernel,
                                 l.groups, l.batch_norm);
    if (l.squeeze_excite) cost += squeeze_excite(l, l.out_channels);
    return cost;
}

/// Inverted residual: 1x1 expand -> k x k depthwise (stride) -> [SE on the
/// expanded channels] -> 1x1 project, each convolution followed by batch normalisation. `groups`
/// applies to the two 1x1 convolutions. The expansion convolution is counted
/// even at expand == 1, as FBNet's ConvBlock builds it; a block without one
/// (MobileNetV2's t = 1, MnasNet's SepConv, OFA's first block) is two conv
/// layers, depthwise then 1x1. The residual add is free.
LayerCost mbconv_cost(const Layer& l) {
    check_conv_shape(l);
    require_positive(l.expand, "expand");
    const int expanded = l.in_channels * l.expand;
    const int out_size = output_size(l.input_size, l.stride);
    LayerCost cost;
    cost += convolution(l.in_channels, expanded, l.input_size, 1, l.groups, true);
    cost += convolution(expanded, expanded, out_size, l.kernel, expanded, true);
    if (l.squeeze_excite) cost += squeeze_excite(l, expanded);
    cost += convolution(expanded, l.out_channels, out_size, 1, l.groups, true);
    return cost;
}

/// A skip connection is free unless it resamples: then it is the 1x1
/// convolution (stride, groups as given; BN if batch_norm) that changes the shape.
LayerCost identity_cost(const Layer& l) {
    if (l.stride == 1 && l.in_channels == l.out_channels) return {};
    check_conv_shape(l);
    return convolution(l.in_channels, l.out_channels, output_size(l.input_size, l.stride), 1, l.groups, l.batch_norm);
}

}  // namespace

int output_size(int input_size, int stride) { return (input_size + stride - 1) / stride; }

int make_divisible(int value, int divisor) {
    int rounded = std::max(divisor, (value + divisor / 2) / divisor * divisor);
    if (10 * rounded < 9 * value) rounded += divisor;
    return rounded;
}

int se_channels(const Layer& layer, int gated_channels) {
    if (layer.se_channels > 0) return layer.se_channels;
    return make_divisible(gated_channels / se_reduction, se_divisor);
}

LayerCost layer_cost(const Layer& layer) {
    switch (layer.op) {
        case LayerOp::conv: return conv_cost(layer);
        case LayerOp::mbconv: return mbconv_cost(layer);
        case LayerOp::fully_connected:
            require_positive(layer.in_channels, "in_channels");
            require_positive(layer.out_channels, "out_channels");
            return fully_connected(layer.in_channels, layer.out_channels);
        case LayerOp::identity: return identity_cost(layer);
        case LayerOp::batch_norm: return {0, 2 * Count{layer.out_channels}};
        case LayerOp::avg_pool:
        case LayerOp::max_pool:
        case LayerOp::zero:
        case LayerOp::add:
        case LayerOp::activation: return {};
    }
    throw Error("unknown layer operation " + std::to_string(static_cast<int>(layer.op)));
}

}  // namespace hwnas::analytic
