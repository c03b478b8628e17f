#include "network_json.hpp"

#include <string>

namespace hwnas::process {

nlohmann::json network_json(const Network& network) {
    nlohmann::json layers = nlohmann::json::array();
    for (const Layer& l : network.layers) {
        layers.push_back({{"op", op_name(l.op)},
                          {"in_channels", l.in_channels},
                          {"out_channels", l.out_channels},
                          {"input_size", l.input_size},
                          {"kernel", l.kernel},
                          {"stride", l.stride},
                          {"groups", l.groups},
                          {"expand", l.expand},
                          {"squeeze_excite", l.squeeze_excite},
                          {"se_channels", l.se_channels},
                          {"batch_norm", l.batch_norm},
                          {"residual", l.residual},
                          {"activation", l.activation},
                          {"inputs", l.inputs},
                          {"key", l.key}});
    }
    return {{"input_channels", network.input_channels},
            {"input_size", network.input_size},
            {"num_classes", network.num_classes},
            {"layers", std::move(layers)}};
}

}  // namespace hwnas::process
