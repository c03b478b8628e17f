#include "activation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "hwnas/error.hpp"

namespace hwnas::live_cpu {

std::vector<Eltwise> activation_steps(std::string_view name) {
    using dnnl::algorithm;
    if (name.empty() || name == "none") return {};
    if (name == "relu") return {{algorithm::eltwise_relu, 0.0f, 0.0f}};
    if (name == "relu6") return {{algorithm::eltwise_clip, 0.0f, 6.0f}};
    if (name == "hswish") return {{algorithm::eltwise_hardswish, 0.0f, 0.0f}};
    if (name == "swish") return {{algorithm::eltwise_swish, 1.0f, 0.0f}};
    if (name == "sigmoid") return {{algorithm::eltwise_logistic, 0.0f, 0.0f}};
    // oneDNN 2.6 has no hard sigmoid: relu6(x + 3) / 6 is x / 6 + 0.5 clipped to [0, 1].
    if (name == "hsigmoid") return {{algorithm::eltwise_linear, 1.0f / 6.0f, 0.5f}, {algorithm::eltwise_clip, 0.0f, 1.0f}};
    throw Error("live_cpu: unknown activation '" + std::string(name) +
                "': expected relu, relu6, hswish, swish, sigmoid, hsigmoid or none");
}

void append_post_ops(dnnl::post_ops& ops, const std::vector<Eltwise>& steps) {
    for (const auto& s : steps) ops.append_eltwise(1.0f, s.algorithm, s.alpha, s.beta);
}

float apply_activation(std::string_view name, float x) {
    const auto relu6 = [](float v) { return std::clamp(v, 0.0f, 6.0f); };
    if (name.empty() || name == "none") return x;
    if (name == "relu") return std::max(x, 0.0f);
    if (name == "relu6") return relu6(x);
    if (name == "hswish") return x * relu6(x + 3.0f) / 6.0f;
    if (name == "swish") return x / (1.0f + std::exp(-x));
    if (name == "sigmoid") return 1.0f / (1.0f + std::exp(-x));
    if (name == "hsigmoid") return relu6(x + 3.0f) / 6.0f;
    throw Error("live_cpu: unknown activation '" + std::string(name) + "'");
}

}  // namespace hwnas::live_cpu
