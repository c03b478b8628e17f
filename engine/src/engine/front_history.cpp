#include "engine/front_history.hpp"

#include <algorithm>

namespace hwnas::engine {
namespace {

/// a dominates b or equals it (objectives in minimisation form).
bool covers(const double* a, const double* b, std::size_t k) {
    bool strictly = false;
    for (std::size_t i = 0; i < k; ++i) {
        if (a[i] > b[i]) return false;
        strictly = strictly || a[i] < b[i];
    }
    return strictly || std::equal(a, a + k, b);
}

}  // namespace

std::vector<FrontSnapshot> front_history(const History& h, std::span<const std::size_t> round_ends) {
    const std::size_t k = h.objective_count;
    std::vector<FrontSnapshot> snapshots;
    std::vector<std::size_t> front;  // kept incrementally: same set as non_dominated() over the rows so far
    std::size_t row = 0;
    for (std::size_t g = 0; g < round_ends.size(); ++g) {
        bool changed = false;
        for (; row < round_ends[g] && row < h.size(); ++row) {
            if (!h.feasible[row] || h.repeated[row]) continue;
            const double* p = h.objectives_of(row);
            // Equal points: the first one stays, as in non_dominated().
            if (std::any_of(front.begin(), front.end(), [&](std::size_t f) { return covers(h.objectives_of(f), p, k); })) continue;
            std::erase_if(front, [&](std::size_t f) { return covers(p, h.objectives_of(f), k); });
            front.push_back(row);
            changed = true;
        }
        if (!changed) continue;
        FrontSnapshot s{g + 1, row, front};
        std::sort(s.rows.begin(), s.rows.end(), [&](std::size_t a, std::size_t b) {
            return std::lexicographical_compare(h.objectives_of(a), h.objectives_of(a) + k, h.objectives_of(b),
                                                h.objectives_of(b) + k);
        });
        snapshots.push_back(std::move(s));
    }
    return snapshots;
}

}  // namespace hwnas::engine
