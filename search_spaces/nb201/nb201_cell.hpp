#pragma once
// The NAS-Bench-201 cell: 4 nodes, 6 edges, 5 operations per edge, and its
// native string form `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`.
//
// Gene e of an architecture is the operation on edge e, edges in the order
// they appear in the string (which is also the order of the API's InferCell
// layer list): 0->1, 0->2, 1->2, 0->3, 1->3, 2->3.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "hwnas/architecture.hpp"

namespace hwnas::nb201 {

inline constexpr std::size_t num_nodes = 4;  ///< node 0 is the cell input, node 3 its output
inline constexpr std::size_t num_edges = 6;
inline constexpr std::size_t num_ops = 5;
inline constexpr std::uint32_t num_archs = 15625;  ///< 5^6

struct Edge {
    int from;
    int to;
};

inline constexpr std::array<Edge, num_edges> edges{{{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}}};

/// Operations in NAS-Bench-201 order (the value is the gene).
enum class Op : Architecture::Gene { none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3 };

inline constexpr std::array<std::string_view, num_ops> op_names{
    "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};

/// "edge 0->1", the name of edge `e`'s dimension.
std::string edge_name(std::size_t e);

/// The native string of a valid 6-gene architecture.
std::string format_cell(const Architecture& arch);

/// Parses the native string; throws hwnas::Error naming the column, what was
/// expected there and what was found.
Architecture parse_cell(std::string_view text);

/// Position in the lexicographic order: base-5 digits, edge 0 most significant.
std::uint32_t lexicographic_code(const Architecture& arch) noexcept;
Architecture from_lexicographic_code(std::uint32_t code) noexcept;

}  // namespace hwnas::nb201
