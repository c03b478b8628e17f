#pragma once
// The activations a Layer names ("relu", "relu6", "hswish", ...) as oneDNN
// eltwise algorithms, so that they fuse into convolutions as post-ops.
#include <string_view>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

namespace hwnas::live_cpu {

struct Eltwise {
    dnnl::algorithm algorithm;
    float alpha = 0.0f;
    float beta = 0.0f;
};

/// The eltwise steps of `name`, applied in order ("" / "none": no step).
/// Also "sigmoid" and "hsigmoid", the squeeze-excite gates. Throws
/// hwnas::Error for a name it does not know.
std::vector<Eltwise> activation_steps(std::string_view name);

/// `steps` as post-ops of a primitive.
void append_post_ops(dnnl::post_ops& ops, const std::vector<Eltwise>& steps);

/// The same function on one value, for reference computations in tests.
float apply_activation(std::string_view name, float x);

}  // namespace hwnas::live_cpu
