#pragma once
// The genes of the Accel-NASBench MnasNet space and their text forms.
//
// 28 genes, 4 per block b = 0..6, in the order of the dataset's columns and of
// Accel-NASBench's ConfigSpace (alphabetical: block{b}_e, _k, _l, _se):
//   4*b + 0  expansion ratio   1, 4, 6
//   4*b + 1  depthwise kernel  3, 5
//   4*b + 2  layers            1, 2, 3 (block 5: 1, 2, 3, 4)
//   4*b + 3  squeeze-excite    on, off   (ConfigSpace lists [True, False])
// A gene is the position of the choice in ConfigSpace's list, so the genes
// as numbers are exactly the surrogates' input, Configuration.get_array().
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "hwnas/architecture.hpp"

namespace hwnas::mnasnet {

inline constexpr std::size_t num_blocks = 7;
inline constexpr std::size_t genes_per_block = 4;
inline constexpr std::size_t num_genes = num_blocks * genes_per_block;  // 28
inline constexpr std::size_t expand_gene = 0;
inline constexpr std::size_t kernel_gene = 1;
inline constexpr std::size_t layers_gene = 2;
inline constexpr std::size_t se_gene = 3;
inline constexpr std::size_t deep_block = 5;  ///< the one block that allows 4 layers

inline constexpr std::array<int, 3> expand_values{1, 4, 6};
inline constexpr std::array<int, 2> kernel_values{3, 5};
inline constexpr std::array<int, 4> layer_values{1, 2, 3, 4};
inline constexpr Architecture::Gene se_on = 0;
inline constexpr Architecture::Gene se_off = 1;

[[nodiscard]] inline std::size_t layer_choices(std::size_t block) { return block == deep_block ? 4 : 3; }

[[nodiscard]] inline int expand_of(const Architecture& a, std::size_t block) {
    return expand_values[a[genes_per_block * block + expand_gene]];
}
[[nodiscard]] inline int kernel_of(const Architecture& a, std::size_t block) {
    return kernel_values[a[genes_per_block * block + kernel_gene]];
}
[[nodiscard]] inline int layers_of(const Architecture& a, std::size_t block) {
    return layer_values[a[genes_per_block * block + layers_gene]];
}
[[nodiscard]] inline bool se_of(const Architecture& a, std::size_t block) {
    return a[genes_per_block * block + se_gene] == se_on;
}

/// True if `a` has 28 genes, each within its dimension.
[[nodiscard]] bool in_range(const Architecture& a) noexcept;

/// "e6_k3_l1_se0|e4_k5_l2_se1|..." : per block expansion, kernel, layers and
/// squeeze-excite (1 = on, as in the dataset), blocks joined by '|'.
[[nodiscard]] std::string format_blocks(const Architecture& a);

/// Reads the form above, or the dataset's 28 columns block0_e, block0_k,
/// block0_l, block0_se, block1_e, ... joined by ',' (se as 1/0 or
/// true/false). Returns nullopt if `text` is neither (does not start with 'e'
/// and has no ','); throws hwnas::Error naming the block and value otherwise.
[[nodiscard]] std::optional<Architecture> parse_blocks(std::string_view text);

}  // namespace hwnas::mnasnet
