#pragma once
// The Accel-NASBench network (AccelNASBenchNet of afzalxo/ANB-DatasetCollection,
// an EfficientNet-B0 skeleton) of an architecture, as an hwnas::Network.
#include <string>

#include "hwnas/architecture.hpp"
#include "hwnas/network.hpp"

namespace hwnas::mnasnet {

struct MacroConfig {
    int input_size = 224;            ///< resolution the dataset's MACs are counted at
    std::string activation = "swish";  ///< "swish" (SiLU, GPU/TPU models) or "relu" (FPGA models)
};

inline constexpr int num_classes = 1000;

/// stem, every layer of the 7 blocks, head conv, pool, classifier (see the .cpp).
Network build_network(const Architecture& arch, const MacroConfig& config);

}  // namespace hwnas::mnasnet
