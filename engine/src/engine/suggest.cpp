#include "engine/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace hwnas::engine {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest(std::string_view name, std::span<const std::string> candidates) {
    // Close enough to be a typo: up to a third of the name's length, at least 2.
    const std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(name, c);
        const bool prefix = !name.empty() && (c.starts_with(name) || name.starts_with(c));
        if (d <= limit || prefix) scored.emplace_back(prefix ? std::min(d, limit) : d, c);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
    return out;
}

std::string quoted_list(std::span<const std::string> names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

std::string did_you_mean(std::string_view name, std::span<const std::string> candidates) {
    const auto near = closest(name, candidates);
    if (near.empty()) return {};
    return " (did you mean " + quoted_list(near) + "?)";
}

}  // namespace hwnas::engine
