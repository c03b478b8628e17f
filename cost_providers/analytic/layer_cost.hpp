#pragma once
// What one layer of an hwnas::Network costs: multiply-accumulates and
// parameters, under the convention stated in README.md (NAS-Bench-201's
// counter: convolutions and fully connected layers only, bias additions
// counted, batch-norm affine weights counted as parameters).
#include <cstdint>

#include "hwnas/network.hpp"

namespace hwnas::analytic {

struct LayerCost {
    std::int64_t macs = 0;    ///< multiply-accumulates, plus one addition per output of a biased layer
    std::int64_t params = 0;  ///< trainable weights (running BN statistics are not parameters)

    LayerCost& operator+=(const LayerCost& other) noexcept {
        macs += other.macs;
        params += other.params;
        return *this;
    }
};

/// Squeeze-and-excite reduction when the layer gives no width (MobileNetV3/OFA):
/// the hidden width is make_divisible(gated channels / 4, 8).
inline constexpr int se_reduction = 4;
inline constexpr int se_divisor = 8;

/// Output side of a "same"-padded layer: ceil(input / stride).
int output_size(int input_size, int stride);

/// OFA's make_divisible: `value` rounded to the nearest multiple of
/// `divisor` (at least `divisor`), raised by one `divisor` if rounding lost more than 10%.
int make_divisible(int value, int divisor);

/// Hidden width of the squeeze-and-excite module of `layer` gating
/// `gated_channels`: layer.se_channels when set (MnasNet: max(1, Cin / 4)),
/// else make_divisible(gated_channels / 4, 8).
int se_channels(const Layer& layer, int gated_channels);

/// Cost of one layer. Throws hwnas::Error naming the field that is
/// inconsistent (e.g. channels not divisible by groups).
LayerCost layer_cost(const Layer& layer);

}  // namespace hwnas::analytic
