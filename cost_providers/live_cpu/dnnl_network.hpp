#pragma once
// DnnlNetwork: a hwnas::Network built from oneDNN primitives, run for real on
// this CPU (f32, inference).
//
// Every layer becomes primitives with random but fixed weights (seeded), so
// the work done is the work of the network, not a stand-in. Batch norm after
// a convolution is folded into its weights and bias (inference); activations
// are fused as post-ops. Layer order, shapes and `inputs` are the Network's;
// see docs/live-cpu.md for how each LayerOp maps to primitives and what is
// simplified (e.g. FBNet's channel shuffle).
//
// Not thread-safe: one network runs on one thread at a time (its buffers are
// shared by every run).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "hwnas/network.hpp"

namespace hwnas::live_cpu {

/// Plain (nchw / oihw / goihw / nc / x) values of one parameter tensor, as the
/// primitives use them (after batch-norm folding), so tests can recompute a
/// layer with a naive reference.
struct Parameter {
    std::vector<std::int64_t> dims;
    std::vector<float> values;
};

class DnnlNetwork {
public:
    /// Builds `network` for `batch` images; weights are drawn from `seed`.
    /// Throws hwnas::Error naming the layer when a layer is malformed
    /// (shapes that do not chain, unknown activation, bad inputs).
    DnnlNetwork(const Network& network, int batch, std::uint64_t seed = 1);

    /// One inference: every primitive in order, then waits for the stream.
    void run();

    /// Input values in nchw order (batch x input_channels x size x size).
    void set_input(const std::vector<float>& nchw);
    [[nodiscard]] std::vector<std::int64_t> input_dims() const;

    /// Output of the last layer, in nchw (or nc for a fully connected layer) order.
    [[nodiscard]] std::vector<float> output() const;
    [[nodiscard]] std::vector<std::int64_t> output_dims() const;

    /// Parameter "L<i>.<part>.<weights|bias>", e.g. "L0.conv.weights",
    /// "L3.expand.bias", "L5.fc.weights"; throws if there is none.
    [[nodiscard]] const Parameter& parameter(std::string_view name) const;

    [[nodiscard]] std::size_t primitive_count() const noexcept { return steps_.size(); }

private:
    friend class NetworkBuilder;

    struct Step {
        dnnl::primitive primitive;
        std::unordered_map<int, dnnl::memory> args;
    };

    dnnl::engine engine_;
    dnnl::stream stream_;
    dnnl::memory input_;
    dnnl::memory output_;
    std::vector<Step> steps_;
    std::unordered_map<std::string, Parameter> parameters_;
};

}  // namespace hwnas::live_cpu
