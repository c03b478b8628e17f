#pragma once
// Correlation coefficients between two equally long samples, as papers on
// hardware-aware NAS report them (HW-NAS-Bench Table 2, HELP): Pearson's r,
// Spearman's rho and Kendall's tau-b.
//
// Inputs must be finite (hwnas::Error otherwise). A coefficient that is
// undefined (fewer than two values, or one sample constant) is NaN.
#include <limits>
#include <span>
#include <vector>

namespace hwnas::engine {

/// What a statistic is when it is undefined (NaN, so it prints as "nan" and compares false).
inline constexpr double undefined = std::numeric_limits<double>::quiet_NaN();

/// Pearson's linear correlation coefficient r.
double pearson(std::span<const double> x, std::span<const double> y);

/// Spearman's rho: Pearson's r of the ranks, tied values getting their average rank.
double spearman(std::span<const double> x, std::span<const double> y);

/// Kendall's tau-b (ties in either sample handled), in O(n log n) with
/// Knight's algorithm: sort by (x, y), count ties, then count the
/// discordant pairs as the swaps of a merge sort on y.
double kendall_tau_b(std::span<const double> x, std::span<const double> y);

/// 1-based ranks; a run of equal values shares the average of its ranks.
std::vector<double> average_ranks(std::span<const double> values);

}  // namespace hwnas::engine
