#pragma once
// The OFA MobileNetV3 supernet (OFAMobileNetV3 of mit-han-lab/once-for-all)
// with one subnet active, as an hwnas::Network.
#include <array>

#include "hwnas/architecture.hpp"
#include "hwnas/network.hpp"
#include "ofa_genome.hpp"

namespace hwnas::ofa {

/// Channel widths after OFA's make_divisible(width * width_mult, 8).
struct Widths {
    int stem = 0;         ///< first conv and first (fixed) block
    std::array<int, num_stages> stages{};
    int final_expand = 0;
    int feature_mix = 0;
};

/// Widths for a width multiplier (OFA publishes supernets for 1.0 and 1.2).
Widths widths_for(double width_mult);

inline constexpr int num_classes = 1000;

/// stem, first block, the active MBConv layers, final expand, pool, feature
/// mix, classifier (see the .cpp for every layer's settings).
Network build_network(const Architecture& arch, const Widths& widths);

}  // namespace hwnas::ofa
