#pragma once
// The genes of the Once-for-All MobileNetV3 space and their text forms.
//
// 46 genes in the order of OFA's subnet config {ks, e, d, r}:
//   0 .. 19   kernel size of layer j = 4*s + b (stage s = 0..4, layer b = 0..3): 3, 5, 7
//   20 .. 39  expansion ratio of layer j: 3, 4, 6
//   40 .. 44  depth of stage s: 2, 3, 4
//   45        input resolution: 128, 132, ..., 224
// Layer b of stage s is active when b < depth(s). Inactive layers do not
// change the network; canonical genomes have gene 0 (kernel 3, expansion 3)
// there, so every network has exactly one canonical genome.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "hwnas/architecture.hpp"

namespace hwnas::ofa {

inline constexpr std::size_t num_stages = 5;
inline constexpr std::size_t max_depth = 4;
inline constexpr std::size_t num_layers = num_stages * max_depth;  // 20
inline constexpr std::size_t kernel_gene = 0;
inline constexpr std::size_t expand_gene = kernel_gene + num_layers;  // 20
inline constexpr std::size_t depth_gene = expand_gene + num_layers;   // 40
inline constexpr std::size_t resolution_gene = depth_gene + num_stages;  // 45
inline constexpr std::size_t num_genes = resolution_gene + 1;            // 46

inline constexpr std::array<int, 3> kernel_values{3, 5, 7};
inline constexpr std::array<int, 3> expand_values{3, 4, 6};
inline constexpr std::array<int, 3> depth_values{2, 3, 4};
inline constexpr int min_resolution = 128;
inline constexpr int max_resolution = 224;
inline constexpr int resolution_step = 4;
inline constexpr std::size_t num_resolutions = (max_resolution - min_resolution) / resolution_step + 1;  // 25

[[nodiscard]] inline int kernel_of(const Architecture& a, std::size_t layer) {
    return kernel_values[a[kernel_gene + layer]];
}
[[nodiscard]] inline int expand_of(const Architecture& a, std::size_t layer) {
    return expand_values[a[expand_gene + layer]];
}
[[nodiscard]] inline int depth_of(const Architecture& a, std::size_t stage) {
    return depth_values[a[depth_gene + stage]];
}
[[nodiscard]] inline int resolution_of(const Architecture& a) {
    return min_resolution + resolution_step * a[resolution_gene];
}
[[nodiscard]] inline bool is_active(const Architecture& a, std::size_t layer) {
    return static_cast<int>(layer % max_depth) < depth_of(a, layer / max_depth);
}

/// True if `a` has 46 genes, each within its dimension (canonical or not).
[[nodiscard]] bool in_range(const Architecture& a) noexcept;

/// Sets the kernel and expansion genes of inactive layers to 0.
void reset_inactive_layers(Architecture& a) noexcept;

/// "ks=7-5-3-3-...;e=6-4-3-3-...;d=2-2-2-2-3;r=204": OFA's subnet config,
/// inactive layers printed with kernel 3 and expansion 3.
[[nodiscard]] std::string format_config(const Architecture& a);

/// Reads the config form above (keys in any order) or the four columns of
/// HELP's ofa_latency.csv joined by ',' ("7-5-...,6-4-...,2-2-2-2-3,204").
/// Values of inactive layers are read but ignored: the result is canonical.
/// Returns nullopt if `text` is neither form (no '=' and no ','); throws
/// hwnas::Error naming the part and value that is wrong otherwise.
[[nodiscard]] std::optional<Architecture> parse_config(std::string_view text);

}  // namespace hwnas::ofa
