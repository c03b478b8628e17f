#pragma once
// Once-for-All MobileNetV3 space (ofa_mbv3_d234_e346_k357): per stage a depth
// 2/3/4, per layer a kernel 3/5/7 and an expansion 3/4/6, and the input
// resolution 128..224 in steps of 4. Genes and canonical form: ofa_genome.hpp.
//
// Sampling draws every gene uniformly (as OFA's sample_active_subnet does:
// depth uniform, then kernel and expansion of the active layers uniform), so
// it is uniform per decision, not over distinct networks (those are 89 %
// depth-4 stages). Mutation changes one decision that matters; crossover is
// uniform per gene; both return canonical genomes.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "ofa_network.hpp"

namespace hwnas::ofa {

class OfaSpace : public SearchSpace {
public:
    /// Parameter: width_mult (1.0 or 1.2), see plugin.cpp.
    explicit OfaSpace(const PluginContext& context);

    [[nodiscard]] std::string_view name() const override { return "ofa"; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return dimensions_; }

    [[nodiscard]] Architecture mutate(const Architecture& arch, Rng& rng) const override;
    void canonicalize(Architecture& arch) const override;

    /// Distinct networks: 25 * (3^4 + 3^6 + 3^8)^5 = 543966387314312146275 > 2^64, so nullopt.
    [[nodiscard]] std::optional<std::uint64_t> size() const override { return std::nullopt; }

    /// "ks=...;e=...;d=...;r=..." (ofa_genome.hpp).
    [[nodiscard]] std::string to_string(const Architecture& arch) const override;
    /// The native string, HELP's "ks,e,d,r" columns joined by ',', or the
    /// (canonical) genes form, each optionally prefixed by "ofa:".
    [[nodiscard]] Architecture parse(std::string_view text) const override;

    /// one_hot: as the SDK's, but all zeros for the kernel and expansion of
    /// inactive layers. features: kernel and expansion per layer (0 when
    /// inactive), depth per stage, resolution: 46 numbers.
    void encode(const Architecture& arch, Encoding encoding, std::span<double> out) const override;

    [[nodiscard]] Network network(const Architecture& arch) const override;

    [[nodiscard]] const Widths& widths() const noexcept { return widths_; }

private:
    void require_valid(const Architecture& arch, std::string_view what) const;
    [[nodiscard]] Architecture parse_genes(std::string_view text, std::string_view original) const;

    std::vector<Dimension> dimensions_;
    Widths widths_;
};

}  // namespace hwnas::ofa
