#include "engine/seeded_split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "hwnas/rng.hpp"

namespace hwnas::engine {

std::vector<std::size_t> seeded_order(std::size_t n, std::uint64_t seed, std::string_view key) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng = Rng::derive(seed, key);
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    return order;
}

std::vector<std::vector<std::size_t>> seeded_split(std::size_t n, std::uint64_t seed, std::string_view key,
                                                   const std::vector<double>& fractions) {
    const auto order = seeded_order(n, seed, key);
    std::vector<std::vector<std::size_t>> parts;
    std::size_t begin = 0;
    for (const double f : fractions) {
        const auto count = std::min(n - begin, static_cast<std::size_t>(std::llround(f * static_cast<double>(n))));
        parts.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(begin),
                           order.begin() + static_cast<std::ptrdiff_t>(begin + count));
        begin += count;
    }
    parts.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(begin), order.end());
    for (auto& part : parts) std::sort(part.begin(), part.end());
    return parts;
}

}  // namespace hwnas::engine
