#pragma once
// Plain oneDNN layouts, shared by the network builder and the runner.
#include <cstdint>
#include <string>

#include <oneapi/dnnl/dnnl.hpp>

#include "hwnas/error.hpp"

namespace hwnas::live_cpu {

/// The plain layout of an f32 tensor: x, nc, nchw, or goihw for grouped weights.
inline dnnl::memory::desc plain_desc(const dnnl::memory::dims& dims) {
    using tag = dnnl::memory::format_tag;
    using dt = dnnl::memory::data_type;
    switch (dims.size()) {
        case 1: return {dims, dt::f32, tag::x};
        case 2: return {dims, dt::f32, tag::nc};
        case 4: return {dims, dt::f32, tag::nchw};
        case 5: return {dims, dt::f32, tag::goihw};
        default: throw Error("live_cpu: no plain layout for a " + std::to_string(dims.size()) + "-d tensor");
    }
}

inline std::int64_t element_count(const dnnl::memory::dims& dims) {
    std::int64_t n = 1;
    for (const auto d : dims) n *= d;
    return n;
}

}  // namespace hwnas::live_cpu
