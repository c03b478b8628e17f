#pragma once
// Seeded random orders and splits of dataset rows, shared by every fit
// (`hwnas lut fit`, `hwnas fit`) so a seed means the same thing everywhere.
#include <cstdint>
#include <string_view>
#include <vector>

namespace hwnas::engine {

/// 0..n-1 shuffled by Fisher-Yates with the stream Rng::derive(seed, key).
std::vector<std::size_t> seeded_order(std::size_t n, std::uint64_t seed, std::string_view key);

/// Rows split into consecutive parts of a seeded order: part i gets
/// round(fractions[i] * n) rows, the last part the rest. Each part sorted.
std::vector<std::vector<std::size_t>> seeded_split(std::size_t n, std::uint64_t seed, std::string_view key,
                                                   const std::vector<double>& fractions);

}  // namespace hwnas::engine
