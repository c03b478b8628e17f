#include "engine/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {


void check_samples(std::span<const double> x, std::span<const double> y, const char* what) {
    if (x.size() != y.size()) {
        throw Error(std::string(what) + ": the two samples differ in length (" + std::to_string(x.size()) + " and " +
                    std::to_string(y.size()) + ")");
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
            throw Error(std::string(what) + ": value " + std::to_string(i) + " is not finite (" + std::to_string(x[i]) +
                        ", " + std::to_string(y[i]) + ")");
        }
    }
}

/// Pairs among `t` equal values.
std::uint64_t pairs(std::uint64_t t) { return t * (t - 1) / 2; }

/// Sum of pairs() over the runs of equal values of a sequence sorted so that equal values are adjacent.
template <class Equal>
std::uint64_t tied_pairs(std::size_t n, Equal equal) {
    std::uint64_t total = 0;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i == n || !equal(i - 1, i)) {
            total += pairs(i - start);
            start = i;
        }
    }
    return total;
}

/// Sorts `values` ascending (stable merge sort, bottom-up) and returns how
/// many pairs were out of order: the number of strict inversions.
std::uint64_t sort_counting_inversions(std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<double> buffer(n);
    std::uint64_t inversions = 0;
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n);
            const std::size_t hi = std::min(lo + 2 * width, n);
            std::size_t i = lo;
            std::size_t j = mid;
            std::size_t k = lo;
            while (i < mid && j < hi) {
                if (values[j] < values[i]) {
                    inversions += mid - i;  // values[j] jumps ahead of every remaining left value
                    buffer[k++] = values[j++];
                } else {
                    buffer[k++] = values[i++];
                }
            }
            while (i < mid) buffer[k++] = values[i++];
            while (j < hi) buffer[k++] = values[j++];
        }
        values.swap(buffer);
    }
    return inversions;
}

}  // namespace

double pearson(std::span<const double> x, std::span<const double> y) {
    check_samples(x, y, "Pearson correlation");
    const std::size_t n = x.size();
    if (n < 2) return undefined;
    const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mean_x;
        const double dy = y[i] - mean_y;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0.0 || syy == 0.0) return undefined;
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::vector<double> average_ranks(std::span<const double> values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(n);
    std::size_t start = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i < n && values[order[i]] == values[order[start]]) continue;
        // Positions start..i-1 (ranks start+1..i) share their mean.
        const double rank = 0.5 * static_cast<double>(start + 1 + i);
        for (std::size_t k = start; k < i; ++k) ranks[order[k]] = rank;
        start = i;
    }
    return ranks;
}

double spearman(std::span<const double> x, std::span<const double> y) {
    check_samples(x, y, "Spearman correlation");
    const auto rx = average_ranks(x);
    const auto ry = average_ranks(y);
    return pearson(rx, ry);
}

double kendall_tau_b(std::span<const double> x, std::span<const double> y) {
    check_samples(x, y, "Kendall tau-b");
    const std::size_t n = x.size();
    if (n < 2) return undefined;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b];
    });
    const std::uint64_t all_pairs = pairs(n);
    const std::uint64_t tied_x = tied_pairs(n, [&](std::size_t i, std::size_t j) { return x[order[i]] == x[order[j]]; });
    const std::uint64_t tied_xy = tied_pairs(n, [&](std::size_t i, std::size_t j) {
        return x[order[i]] == x[order[j]] && y[order[i]] == y[order[j]];
    });
    // Within a run of equal x the y values are ascending, so such pairs are
    // never counted as inversions: each inversion is one discordant pair.
    std::vector<double> y_sorted(n);
    for (std::size_t i = 0; i < n; ++i) y_sorted[i] = y[order[i]];
    const std::uint64_t discordant = sort_counting_inversions(y_sorted);
    const std::uint64_t tied_y = tied_pairs(n, [&](std::size_t i, std::size_t j) { return y_sorted[i] == y_sorted[j]; });

    const double untied_x = static_cast<double>(all_pairs - tied_x);
    const double untied_y = static_cast<double>(all_pairs - tied_y);
    if (untied_x == 0.0 || untied_y == 0.0) return undefined;
    // concordant - discordant = (pairs untied in both) - 2 * discordant
    const double untied_both = static_cast<double>(all_pairs) - static_cast<double>(tied_x) -
                               static_cast<double>(tied_y) + static_cast<double>(tied_xy);
    const double score = untied_both - 2.0 * static_cast<double>(discordant);
    return std::clamp(score / std::sqrt(untied_x * untied_y), -1.0, 1.0);
}

}  // namespace hwnas::engine
