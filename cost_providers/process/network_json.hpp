#pragma once
// The network an architecture stands for, as JSON for an external command.
#include <nlohmann/json.hpp>

#include "hwnas/network.hpp"

namespace hwnas::process {

/// {"input_channels", "input_size", "num_classes", "layers": [{"op", ...}]};
/// layer fields keep the names of hwnas::Layer.
nlohmann::json network_json(const Network& network);

}  // namespace hwnas::process
