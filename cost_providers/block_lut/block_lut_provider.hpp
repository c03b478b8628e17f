#pragma once
// BlockLutProvider: latency/energy as the sum over a network's layers of a
// block look-up table, LUT[layer.key], as HW-NAS-Bench computes FBNet costs.
//
// The sum runs in layer order starting from 0.0 (then adds the file's
// constant offset, if it has one), so with the same entries it reproduces
// HW-NAS-Bench's sums bit for bit. Layers with an empty key are not priced
// (the space says they are part of a keyed block or free); a network with
// no keyed layer at all is an error.
#include <span>

#include "block_lut_file.hpp"
#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::block_lut {

class BlockLutProvider : public CostProvider {
public:
    /// Parameter: file (the LUT, resolved with PluginContext::resolve).
    explicit BlockLutProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return lut_.metrics; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;

    [[nodiscard]] const BlockLut& lut() const noexcept { return lut_; }

private:
    [[noreturn]] void fail_missing_key(const Architecture& arch, std::size_t layer, const std::string& key) const;

    const SearchSpace& space_;
    BlockLut lut_;
};

}  // namespace hwnas::block_lut
