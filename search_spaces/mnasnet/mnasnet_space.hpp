#pragma once
// Accel-NASBench MnasNet space: 7 MBConv blocks with fixed channels and
// strides, each choosing expansion 1/4/6, kernel 3/5, 1-3 layers (block 5:
// 1-4) and squeeze-excite on/off; 36^6 * 48 = 104485552128 architectures.
// Genes and text forms: mnasnet_genome.hpp. Every gene changes the network,
// so sampling, mutation, crossover and indexing are the SDK's.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "mnasnet_network.hpp"

namespace hwnas::mnasnet {

class MnasnetSpace : public SearchSpace {
public:
    /// Parameters: input_size, activation ("swish" | "relu"), see plugin.cpp.
    explicit MnasnetSpace(const PluginContext& context);

    [[nodiscard]] std::string_view name() const override { return "mnasnet"; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return dimensions_; }

    /// "e6_k3_l1_se0|e4_k5_l2_se0|..." (mnasnet_genome.hpp).
    [[nodiscard]] std::string to_string(const Architecture& arch) const override;
    /// The native string, the dataset's 28 block columns joined by ',', or
    /// the genes form, each optionally prefixed by "mnasnet:".
    [[nodiscard]] Architecture parse(std::string_view text) const override;

    /// features: per block expansion, kernel, layers and squeeze-excite (1 = on).
    void encode(const Architecture& arch, Encoding encoding, std::span<double> out) const override;

    [[nodiscard]] Network network(const Architecture& arch) const override;

    [[nodiscard]] const MacroConfig& macro() const noexcept { return macro_; }

private:
    void require_arch(const Architecture& arch, std::string_view what) const;

    std::vector<Dimension> dimensions_;
    MacroConfig macro_;
};

}  // namespace hwnas::mnasnet
