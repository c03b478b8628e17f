// DnnlNetwork: running a built network and reading its buffers. Building
// it, layer by layer, is network_builder.cpp.
#include "dnnl_network.hpp"

#include <cstring>

#include "dnnl_layout.hpp"
#include "hwnas/error.hpp"
#include "network_builder.hpp"

namespace hwnas::live_cpu {

using dnnl::memory;

DnnlNetwork::DnnlNetwork(const Network& network, int batch, std::uint64_t seed)
    : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    build_network(*this, network, batch, seed);
}

void DnnlNetwork::run() {
    for (auto& step : steps_) step.primitive.execute(stream_, step.args);
    stream_.wait();
}

std::vector<std::int64_t> DnnlNetwork::input_dims() const {
    const auto dims = input_.get_desc().dims();
    return {dims.begin(), dims.end()};
}

std::vector<std::int64_t> DnnlNetwork::output_dims() const {
    const auto dims = output_.get_desc().dims();
    return {dims.begin(), dims.end()};
}

void DnnlNetwork::set_input(const std::vector<float>& nchw) {
    const auto n = static_cast<std::size_t>(element_count(input_.get_desc().dims()));
    if (nchw.size() != n) {
        throw Error("live_cpu: the input has " + std::to_string(n) + " values, " + std::to_string(nchw.size()) +
                    " given");
    }
    std::memcpy(input_.get_data_handle(), nchw.data(), n * sizeof(float));
}

std::vector<float> DnnlNetwork::output() const {
    const memory::dims dims = output_.get_desc().dims();
    std::vector<float> values(static_cast<std::size_t>(element_count(dims)));
    memory plain(plain_desc(dims), engine_, values.data());
    dnnl::stream stream(engine_);
    dnnl::reorder(output_, plain).execute(stream, const_cast<memory&>(output_), plain);
    stream.wait();
    return values;
}

const Parameter& DnnlNetwork::parameter(std::string_view name) const {
    const auto it = parameters_.find(std::string(name));
    if (it == parameters_.end()) throw Error("live_cpu: the network has no parameter '" + std::string(name) + "'");
    return it->second;
}

}  // namespace hwnas::live_cpu
