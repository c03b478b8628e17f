#pragma once
// NetworkBuilder: turns each Layer of a hwnas::Network into oneDNN primitives
// with seeded random weights and appends them to a DnnlNetwork (conv with
// folded batch norm and fused activations, MBConv, squeeze-excite, pooling,
// fully connected, sums). The runner is in dnnl_network.cpp.
#include <cstdint>

#include "dnnl_network.hpp"

namespace hwnas::live_cpu {

/// Builds `network` for `batch` images into `net`; weights are drawn from `seed`.
void build_network(DnnlNetwork& net, const Network& network, int batch, std::uint64_t seed);

}  // namespace hwnas::live_cpu
