#include "analytic_provider.hpp"

#include <string>

#include "hwnas/error.hpp"

namespace hwnas::analytic {
namespace {

const SearchSpace& require_space(const PluginContext& context) {
    if (context.space == nullptr) throw Error("the analytic provider needs the experiment's search space");
    return *context.space;
}

}  // namespace

NetworkCost network_cost(const Network& network) {
    LayerCost total;
    for (std::size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        try {
            total += layer_cost(layer);
        } catch (const Error& e) {
            throw Error("layer " + std::to_string(i) + " (" + op_name(layer.op) +
                        (layer.key.empty() ? "" : ", key " + layer.key) + "): " + e.what());
        }
    }
    // Counts stay exact in 64-bit integers; one division at the end.
    return {static_cast<double>(total.macs) / 1e6, static_cast<double>(total.params) / 1e6};
}

AnalyticProvider::AnalyticProvider(const PluginContext& context)
    : space_(require_space(context)),
      metrics_{MetricInfo{"flops", "MFLOPs", Direction::lower_is_better,
                          "multiply-accumulates of convolutions and fully connected layers, in millions"},
               MetricInfo{"params", "M", Direction::lower_is_better,
                          "trainable parameters (weights, biases, BN affine), in millions"}} {}

void AnalyticProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids,
                                std::span<double> out) const {
    NetworkCost cost;
    try {
        cost = network_cost(space_.network(arch));
    } catch (const Error& e) {
        throw Error("analytic provider: " + qualified_name(space_, arch) + ": " + e.what());
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        switch (ids[i]) {
            case flops: out[i] = cost.mflops; break;
            case params: out[i] = cost.mparams; break;
            default:
                throw Error("analytic provider: metric id " + std::to_string(ids[i]) + " is out of range (0..1)");
        }
    }
}

}  // namespace hwnas::analytic
