#include "network_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "activation.hpp"
#include "dnnl_layout.hpp"
#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::live_cpu {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

/// One feature map flowing between layers. Outside the anonymous namespace:
/// NetworkBuilder (named, a friend of DnnlNetwork) holds Tensors.
struct Tensor {
    memory mem;
    int channels = 0;
    int size = 0;
    bool zero = false;  ///< NB201 "none": all zeros, skipped by sums
};

namespace {

/// "Same" padding as the spaces' PyTorch models use (pad (k-1)/2 on the
/// left/top): the output side is ceil(H / stride).
struct Padding {
    int out_size;
    memory::dim left;
    memory::dim right;
};

Padding same_padding(int size, int kernel, int stride) {
    const int out = (size + stride - 1) / stride;
    const int left = (kernel - 1) / 2;
    const int right = std::max(0, (out - 1) * stride + kernel - size - left);
    return {out, left, right};
}

/// MobileNetV3/OFA's make_divisible(v, 8), the default squeeze-excite width.
int make_divisible(double v) {
    int rounded = std::max(8, static_cast<int>(v + 4.0) / 8 * 8);
    if (rounded < 0.9 * v) rounded += 8;
    return rounded;
}

/// A convolution to build: the parts of a Layer that a conv primitive needs.
struct ConvSpec {
    int out_channels = 0;
    int kernel = 1;
    int stride = 1;
    int groups = 1;
    bool batch_norm = false;  ///< folded into weights and bias
    bool bias = false;        ///< a bias even without batch norm (SE convs, FC)
    std::string activation;
};

}  // namespace

/// Appends the primitives of one network to a DnnlNetwork, layer by layer.
class NetworkBuilder {
public:
    NetworkBuilder(DnnlNetwork& net, int batch, std::uint64_t seed)
        : net_(net), batch_(batch), rng_(Rng::derive(seed, "live_cpu/weights")) {}

    void build(const Network& network) {
        if (batch_ < 1) throw Error("live_cpu: batch must be at least 1, found " + std::to_string(batch_));
        if (network.layers.empty()) throw Error("live_cpu: the network has no layers");
        if (network.input_channels <= 0 || network.input_size <= 0) {
            throw Error("live_cpu: the network input must have positive channels and size, found " +
                        std::to_string(network.input_channels) + " channels at " +
                        std::to_string(network.input_size) + " px");
        }
        net_.input_ = memory(plain_desc({batch_, network.input_channels, network.input_size, network.input_size}),
                             net_.engine_);
        fill_random(net_.input_, 0.0f, 1.0f);
        const Tensor input{net_.input_, network.input_channels, network.input_size};
        outputs_.reserve(network.layers.size());
        for (std::size_t i = 0; i < network.layers.size(); ++i) {
            const Layer& layer = network.layers[i];
            // Appending (not "L" + ...) sidesteps a GCC 12 -Wrestrict false positive.
            prefix_ = std::to_string(i);
            prefix_.insert(0, 1, 'L');
            prefix_ += '.';
            try {
                outputs_.push_back(build_layer(layer, inputs_of(layer, i, input)));
            } catch (const dnnl::error& e) {
                throw Error(where(i, layer) + ": oneDNN refused it: " + e.what());
            } catch (const Error& e) {
                throw Error(where(i, layer) + ": " + e.what());
            }
        }
        net_.output_ = outputs_.back().mem;
    }

private:
    static std::string where(std::size_t i, const Layer& layer) {
        return "live_cpu: layer " + std::to_string(i) + " (" + op_name(layer.op) +
               (layer.key.empty() ? "" : ", key " + layer.key) + ")";
    }

    std::vector<Tensor> inputs_of(const Layer& layer, std::size_t index, const Tensor& network_input) const {
        if (layer.inputs.empty()) return {index == 0 ? network_input : outputs_[index - 1]};
        std::vector<Tensor> inputs;
        for (const int from : layer.inputs) {
            if (from < -1 || from >= static_cast<int>(index)) {
                throw Error("input " + std::to_string(from) + " is not an earlier layer (0.." +
                            std::to_string(static_cast<int>(index) - 1) + ", or -1 for the network input)");
            }
            inputs.push_back(from == -1 ? network_input : outputs_[static_cast<std::size_t>(from)]);
        }
        return inputs;
    }

    static void check_input(const Layer& layer, const Tensor& in) {
        if (in.channels != layer.in_channels || in.size != layer.input_size) {
            throw Error("its input has " + std::to_string(in.channels) + " channels at " + std::to_string(in.size) +
                        " px; the layer expects " + std::to_string(layer.in_channels) + " channels at " +
                        std::to_string(layer.input_size) + " px");
        }
    }

    Tensor build_layer(const Layer& layer, const std::vector<Tensor>& inputs) {
        if (layer.op == LayerOp::add) return add(inputs);
        if (inputs.size() != 1) {
            throw Error("has " + std::to_string(inputs.size()) + " inputs; only an add takes more than one");
        }
        const Tensor& in = inputs.front();
        check_input(layer, in);
        if (layer.kernel < 1 || layer.stride < 1 || layer.groups < 1 || layer.out_channels < 1) {
            throw Error("kernel, stride, groups and out_channels must be positive");
        }
        switch (layer.op) {
            case LayerOp::conv: return conv_layer(layer, in);
            case LayerOp::mbconv: return mbconv(layer, in);
            case LayerOp::avg_pool:
            case LayerOp::max_pool: return pool(layer, in);
            case LayerOp::fully_connected: return fully_connected(layer, in);
            case LayerOp::identity: return identity(layer, in);
            case LayerOp::zero: return zero(layer, in);
            case LayerOp::batch_norm: return batch_norm(in);
            case LayerOp::activation: return activation(in, layer.activation);
            case LayerOp::add: break;
        }
        throw Error("unknown layer op");
    }

    // --- layers -------------------------------------------------------------

    Tensor conv_layer(const Layer& layer, const Tensor& in) {
        Tensor out = conv(in, {layer.out_channels, layer.kernel, layer.stride, layer.groups, layer.batch_norm, false,
                               layer.activation},
                          "conv");
        if (layer.squeeze_excite) out = squeeze_excite(out, layer);
        if (layer.residual) out = residual(out, in);
        return out;
    }

    /// 1x1 expansion (groups g), k x k depthwise, [SE], 1x1 projection (groups g), [+ input].
    Tensor mbconv(const Layer& layer, const Tensor& in) {
        if (layer.expand < 1) throw Error("expand must be positive");
        const int expanded = layer.in_channels * layer.expand;
        Tensor x = conv(in, {expanded, 1, 1, layer.groups, layer.batch_norm, false, layer.activation}, "expand");
        x = conv(x, {expanded, layer.kernel, layer.stride, expanded, layer.batch_norm, false, layer.activation},
                 "depthwise");
        if (layer.squeeze_excite) x = squeeze_excite(x, layer);
        x = conv(x, {layer.out_channels, 1, 1, layer.groups, layer.batch_norm, false, ""}, "project");
        if (layer.residual) x = residual(x, in);
        return x;
    }

    /// Global average pool, 1x1 conv C -> r (bias, act), 1x1 conv r -> C (bias, gate), channel-wise product.
    /// The gate is a hard sigmoid beside hswish/relu (MobileNetV3, OFA) and a sigmoid beside swish (EfficientNet).
    Tensor squeeze_excite(const Tensor& x, const Layer& layer) {
        const int hidden = layer.se_channels > 0 ? layer.se_channels : make_divisible(x.channels / 4.0);
        const bool swish = layer.activation == "swish";
        const Tensor pooled = pool_primitive(x, dnnl::algorithm::pooling_avg_exclude_padding, x.size, 1, "se_pool");
        const Tensor reduced = conv(pooled, {hidden, 1, 1, 1, false, true, swish ? "swish" : "relu"}, "se_reduce");
        const Tensor gate = conv(reduced, {x.channels, 1, 1, 1, false, true, swish ? "sigmoid" : "hsigmoid"}, "se_expand");
        return binary(dnnl::algorithm::binary_mul, x, gate);
    }

    Tensor residual(const Tensor& out, const Tensor& in) {
        if (out.channels != in.channels || out.size != in.size) {
            throw Error("is residual but its output (" + std::to_string(out.channels) + " channels at " +
                        std::to_string(out.size) + " px) differs from its input in shape");
        }
        return binary(dnnl::algorithm::binary_add, out, in);
    }

    Tensor pool(const Layer& layer, const Tensor& in) {
        if (layer.out_channels != layer.in_channels) throw Error("a pooling layer keeps its channels");
        // NB201's average pooling does not count the padding (count_include_pad=False).
        const auto algorithm = layer.op == LayerOp::avg_pool ? dnnl::algorithm::pooling_avg_exclude_padding
                                                             : dnnl::algorithm::pooling_max;
        return pool_primitive(in, algorithm, layer.kernel, layer.stride, "pool");
    }

    /// A kernel as large as the map is a global pool (output 1x1, no padding).
    Tensor pool_primitive(const Tensor& in, dnnl::algorithm algorithm, int kernel, int stride, const char* /*part*/) {
        const bool global = kernel == in.size;
        const Padding pad = global ? Padding{1, 0, 0} : same_padding(in.size, kernel, stride);
        const memory::desc src = in.mem.get_desc();
        const memory::desc dst({batch_, in.channels, pad.out_size, pad.out_size}, dt::f32, tag::any);
        const dnnl::pooling_forward::desc desc(dnnl::prop_kind::forward_inference, algorithm, src, dst,
                                               {stride, stride}, {kernel, kernel}, {pad.left, pad.left},
                                               {pad.right, pad.right});
        const dnnl::pooling_forward::primitive_desc pd(desc, net_.engine_);
        memory out(pd.dst_desc(), net_.engine_);
        push(dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, in.mem}, {DNNL_ARG_DST, out}});
        return {out, in.channels, pad.out_size};
    }

    Tensor fully_connected(const Layer& layer, const Tensor& in) {
        memory::dims weight_dims{layer.out_channels, in.channels, in.size, in.size};
        const std::int64_t fan_in = element_count(weight_dims) / layer.out_channels;
        const memory::desc src({batch_, in.channels, in.size, in.size}, dt::f32, tag::any);
        const memory::desc weights(weight_dims, dt::f32, tag::any);
        const memory::desc bias({layer.out_channels}, dt::f32, tag::x);
        const memory::desc dst({batch_, layer.out_channels}, dt::f32, tag::any);
        const dnnl::inner_product_forward::desc desc(dnnl::prop_kind::forward_inference, src, weights, bias, dst);
        const dnnl::inner_product_forward::primitive_desc pd(desc, net_.engine_);
        auto& w = record("fc.weights", weight_dims, random_values(element_count(weight_dims), fan_in));
        auto& b = record("fc.bias", {layer.out_channels}, random_values(layer.out_channels, fan_in));
        memory out(pd.dst_desc(), net_.engine_);
        push(dnnl::inner_product_forward(pd), {{DNNL_ARG_SRC, as(in.mem, pd.src_desc())},
                                               {DNNL_ARG_WEIGHTS, constant(w, pd.weights_desc())},
                                               {DNNL_ARG_BIAS, constant(b, pd.bias_desc())},
                                               {DNNL_ARG_DST, out}});
        Tensor t{out, layer.out_channels, 1};
        return layer.activation.empty() ? t : activation(t, layer.activation);
    }

    /// Same shape: the input itself, no work. Otherwise the resampling 1x1 conv.
    Tensor identity(const Layer& layer, const Tensor& in) {
        if (layer.stride == 1 && layer.out_channels == layer.in_channels) return in;
        return conv(in, {layer.out_channels, 1, layer.stride, layer.groups, layer.batch_norm, false, layer.activation},
                    "conv");
    }

    /// A constant zero map: NB201's "none" edge does no work worth timing, and
    /// the sums that read it skip it.
    Tensor zero(const Layer& layer, const Tensor& in) {
        const int size = (in.size + layer.stride - 1) / layer.stride;
        memory out(plain_desc({batch_, layer.out_channels, size, size}), net_.engine_);
        std::memset(out.get_data_handle(), 0, out.get_desc().get_size());
        return {out, layer.out_channels, size, true};
    }

    /// Sum of the non-zero inputs; one input is passed through, none gives zeros.
    Tensor add(const std::vector<Tensor>& inputs) {
        if (inputs.empty()) throw Error("an add needs at least one input");
        for (const auto& t : inputs) {
            if (t.channels != inputs.front().channels || t.size != inputs.front().size) {
                throw Error("the inputs of an add differ in shape");
            }
        }
        std::vector<Tensor> live;
        for (const auto& t : inputs) {
            if (!t.zero) live.push_back(t);
        }
        if (live.empty()) return inputs.front();
        if (live.size() == 1) return live.front();
        const memory::desc dst = live.front().mem.get_desc();
        std::vector<memory::desc> srcs;
        std::unordered_map<int, memory> args;
        for (std::size_t i = 0; i < live.size(); ++i) {
            args[DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i)] = as(live[i].mem, dst);
            srcs.push_back(dst);
        }
        const dnnl::sum::primitive_desc pd(dst, std::vector<float>(live.size(), 1.0f), srcs, net_.engine_);
        memory out(pd.dst_desc(), net_.engine_);
        args[DNNL_ARG_DST] = out;
        push(dnnl::sum(pd), std::move(args));
        return {out, live.front().channels, live.front().size};
    }

    /// Standalone batch norm (NB201's head), with running statistics.
    Tensor batch_norm(const Tensor& in) {
        const memory::desc data = in.mem.get_desc();
        const auto flags = dnnl::normalization_flags::use_global_stats | dnnl::normalization_flags::use_scale |
                           dnnl::normalization_flags::use_shift;
        const dnnl::batch_normalization_forward::desc desc(dnnl::prop_kind::forward_inference, data, 1e-5f, flags);
        const dnnl::batch_normalization_forward::primitive_desc pd(desc, net_.engine_);
        const auto c = in.channels;
        const auto vector = [&](const char* part, float lo, float hi) {
            Parameter& p = record(std::string("bn.") + part, {c}, uniform_values(c, lo, hi));
            return constant(p, plain_desc({c}));
        };
        memory out(pd.dst_desc(), net_.engine_);
        push(dnnl::batch_normalization_forward(pd), {{DNNL_ARG_SRC, in.mem},
                                                     {DNNL_ARG_MEAN, vector("mean", -0.1f, 0.1f)},
                                                     {DNNL_ARG_VARIANCE, vector("variance", 0.5f, 1.5f)},
                                                     {DNNL_ARG_SCALE, vector("scale", 0.5f, 1.5f)},
                                                     {DNNL_ARG_SHIFT, vector("shift", -0.1f, 0.1f)},
                                                     {DNNL_ARG_DST, out}});
        return {out, in.channels, in.size};
    }

    Tensor activation(const Tensor& in, const std::string& name) {
        Tensor x = in;
        for (const Eltwise& step : activation_steps(name)) {
            const dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, step.algorithm,
                                                   x.mem.get_desc(), step.alpha, step.beta);
            const dnnl::eltwise_forward::primitive_desc pd(desc, net_.engine_);
            memory out(pd.dst_desc(), net_.engine_);
            push(dnnl::eltwise_forward(pd), {{DNNL_ARG_SRC, x.mem}, {DNNL_ARG_DST, out}});
            x.mem = out;
        }
        return x;
    }

    // --- primitives ---------------------------------------------------------

    /// A k x k convolution, layouts chosen by oneDNN (format `any`), batch
    /// norm folded into weights and bias, activation as post-ops.
    Tensor conv(const Tensor& in, const ConvSpec& spec, const std::string& part) {
        const int cin = in.channels;
        const int cout = spec.out_channels;
        const int g = spec.groups;
        if (cin % g != 0 || cout % g != 0) {
            throw Error(part + ": " + std::to_string(cin) + " -> " + std::to_string(cout) +
                        " channels are not divisible by groups " + std::to_string(g));
        }
        const Padding pad = same_padding(in.size, spec.kernel, spec.stride);
        const memory::dims weight_dims =
            g == 1 ? memory::dims{cout, cin, spec.kernel, spec.kernel}
                   : memory::dims{g, cout / g, cin / g, spec.kernel, spec.kernel};
        const bool has_bias = spec.batch_norm || spec.bias;

        const memory::desc src({batch_, cin, in.size, in.size}, dt::f32, tag::any);
        const memory::desc weights(weight_dims, dt::f32, tag::any);
        const memory::desc bias = has_bias ? memory::desc({cout}, dt::f32, tag::x) : memory::desc();
        const memory::desc dst({batch_, cout, pad.out_size, pad.out_size}, dt::f32, tag::any);
        const dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference,
                                                   dnnl::algorithm::convolution_direct, src, weights, bias, dst,
                                                   {spec.stride, spec.stride}, {pad.left, pad.left},
                                                   {pad.right, pad.right});
        dnnl::post_ops ops;
        append_post_ops(ops, activation_steps(spec.activation));
        dnnl::primitive_attr attr;
        attr.set_post_ops(ops);
        const dnnl::convolution_forward::primitive_desc pd(desc, attr, net_.engine_);

        const std::int64_t fan_in = static_cast<std::int64_t>(cin / g) * spec.kernel * spec.kernel;
        std::vector<float> w = random_values(element_count(weight_dims), fan_in);
        std::vector<float> b = has_bias ? random_values(cout, fan_in) : std::vector<float>{};
        if (spec.batch_norm) fold_batch_norm(w, b, cout);

        std::unordered_map<int, memory> args{{DNNL_ARG_SRC, as(in.mem, pd.src_desc())},
                                             {DNNL_ARG_WEIGHTS,
                                              constant(record(part + ".weights", weight_dims, std::move(w)),
                                                       pd.weights_desc())}};
        if (has_bias) args[DNNL_ARG_BIAS] = constant(record(part + ".bias", {cout}, std::move(b)), pd.bias_desc());
        memory out(pd.dst_desc(), net_.engine_);
        args[DNNL_ARG_DST] = out;
        push(dnnl::convolution_forward(pd), std::move(args));
        return {out, cout, pad.out_size};
    }

    /// Elementwise a (op) b; b may be a per-channel N x C x 1 x 1 map (broadcast).
    Tensor binary(dnnl::algorithm algorithm, const Tensor& a, const Tensor& b) {
        const memory::desc dst = a.mem.get_desc();
        memory src1 = b.mem;
        if (b.size == a.size) src1 = as(b.mem, dst);
        const dnnl::binary::desc desc(algorithm, dst, src1.get_desc(), dst);
        const dnnl::binary::primitive_desc pd(desc, net_.engine_);
        memory out(pd.dst_desc(), net_.engine_);
        push(dnnl::binary(pd), {{DNNL_ARG_SRC_0, a.mem}, {DNNL_ARG_SRC_1, src1}, {DNNL_ARG_DST, out}});
        return {out, a.channels, a.size};
    }

    /// Inference batch norm with random statistics, folded: w' = w * s, b' = (b - mean) * s + beta.
    void fold_batch_norm(std::vector<float>& weights, std::vector<float>& bias, int cout) {
        const std::size_t per_output = weights.size() / static_cast<std::size_t>(cout);
        for (int o = 0; o < cout; ++o) {
            const float gamma = uniform(0.5f, 1.5f);
            const float beta = uniform(-0.1f, 0.1f);
            const float mean = uniform(-0.1f, 0.1f);
            const float variance = uniform(0.5f, 1.5f);
            const float scale = gamma / std::sqrt(variance + 1e-5f);
            // Grouped weights (g, O/g, I/g, k, k) list outputs in order too, so output o owns one run.
            for (std::size_t i = 0; i < per_output; ++i) weights[static_cast<std::size_t>(o) * per_output + i] *= scale;
            bias[static_cast<std::size_t>(o)] = (bias[static_cast<std::size_t>(o)] - mean) * scale + beta;
        }
    }

    /// `m` in layout `want`, reordering it (a timed step) when it is in another.
    memory as(const memory& m, const memory::desc& want) {
        if (m.get_desc() == want) return m;
        memory out(want, net_.engine_);
        push(dnnl::reorder(m, out), {{DNNL_ARG_FROM, m}, {DNNL_ARG_TO, out}});
        return out;
    }

    /// Parameters are reordered once, at build time, into the layout the primitive wants.
    memory constant(const Parameter& p, const memory::desc& want) {
        memory plain(plain_desc(p.dims), net_.engine_, const_cast<float*>(p.values.data()));
        memory out(want, net_.engine_);
        dnnl::reorder(plain, out).execute(net_.stream_, plain, out);
        net_.stream_.wait();
        return out;
    }

    Parameter& record(const std::string& part, memory::dims dims, std::vector<float> values) {
        Parameter& p = net_.parameters_[prefix_ + part];
        p.dims.assign(dims.begin(), dims.end());
        p.values = std::move(values);
        return p;
    }

    void push(dnnl::primitive primitive, std::unordered_map<int, memory> args) {
        net_.steps_.push_back({std::move(primitive), std::move(args)});
    }

    float uniform(float lo, float hi) { return lo + static_cast<float>(rng_.uniform()) * (hi - lo); }

    std::vector<float> uniform_values(std::int64_t n, float lo, float hi) {
        std::vector<float> v(static_cast<std::size_t>(n));
        for (auto& x : v) x = uniform(lo, hi);
        return v;
    }

    /// Kaiming-uniform-like scale keeps activations near 1 through deep
    /// networks: no overflow, and no denormals (which would slow the CPU down).
    std::vector<float> random_values(std::int64_t n, std::int64_t fan_in) {
        const float bound = std::sqrt(3.0f / static_cast<float>(std::max<std::int64_t>(fan_in, 1)));
        return uniform_values(n, -bound, bound);
    }

    void fill_random(memory& m, float lo, float hi) {
        const auto n = m.get_desc().get_size() / sizeof(float);
        auto* data = static_cast<float*>(m.get_data_handle());
        for (std::size_t i = 0; i < n; ++i) data[i] = uniform(lo, hi);
    }

    DnnlNetwork& net_;
    int batch_;
    Rng rng_;
    std::string prefix_;
    std::vector<Tensor> outputs_;
};

void build_network(DnnlNetwork& net, const Network& network, int batch, std::uint64_t seed) {
    NetworkBuilder(net, batch, seed).build(network);
}

}  // namespace hwnas::live_cpu
