#pragma once
// The NAS-Bench-201 macro network (the API's "infer.tiny", C=16, N=5) as an
// hwnas::Network, faithful enough to count FLOPs and parameters from.
#include <string_view>

#include "hwnas/architecture.hpp"
#include "hwnas/network.hpp"

namespace hwnas::nb201 {

/// What the dataset changes: the input resolution and the classifier width.
struct MacroConfig {
    int input_size = 32;
    int num_classes = 10;
};

/// cifar10 / cifar10-valid / "" -> 32 px, 10 classes; cifar100 -> 32, 100;
/// ImageNet16-120 -> 16, 120. Throws hwnas::Error for other names.
MacroConfig macro_config(std::string_view dataset);

/// The network of a valid 6-gene cell (see the .cpp for the layer order).
Network build_network(const Architecture& cell, const MacroConfig& config);

}  // namespace hwnas::nb201
