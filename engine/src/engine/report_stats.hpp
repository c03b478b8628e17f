#pragma once
// Statistics for `hwnas report`: the Mann-Whitney U test, quantiles over
// seeds of anytime (best-so-far) curves, summaries and the 2-D hypervolume.
//
// "Quality" values are oriented so that higher is better (an objective to
// minimise is negated). A run that has no value yet (no feasible
// architecture) is NaN and counts as worse than every value.
#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace hwnas::engine {

struct MannWhitney {
    double u = 0.0;  ///< U of the first sample: pairs (x, y) with x > y, ties counting one half
    double z = 0.0;  ///< standardised |U - n1 n2 / 2|, after the continuity correction
    double p = 1.0;  ///< two-sided p-value
};

/// Two-sided Mann-Whitney U test with the normal approximation, the tie
/// correction of the variance and a continuity correction of 1/2 (as SciPy's
/// mannwhitneyu(..., method="asymptotic")). NaN values are tied with each
/// other and below every number. p = 1 when every value is tied; throws
/// hwnas::Error when a sample is empty.
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y);

/// Linear interpolation between order statistics (Hyndman-Fan type 7, NumPy's
/// default) of quality values; NaN entries count as the worst values. NaN when
/// the quantile touches such an entry or `values` is empty.
double quality_quantile(std::span<const double> values, double p);

/// Count, mean, sample standard deviation (n - 1) and median of the
/// non-NaN values; NaN for what is undefined (std needs two values).
struct Summary {
    std::size_t count = 0;
    double mean = 0.0;
    double std = 0.0;
    double median = 0.0;
};
Summary summarize(std::span<const double> values);

/// A run's best-so-far curve: from evaluation x[i] on, the value is y[i];
/// undefined (NaN) before x[0]; after the last point the last value holds.
struct StepCurve {
    std::vector<double> x;
    std::vector<double> y;
};

double value_at(const StepCurve& curve, double evaluations);

/// Quartiles and median over runs at each evaluation count of `at`, in quality
/// form (see quality_quantile); NaN where undefined.
struct Band {
    std::vector<double> x;
    std::vector<double> low;     ///< 25th percentile
    std::vector<double> median;
    std::vector<double> high;    ///< 75th percentile
};
Band quartile_band(std::span<const StepCurve> runs, std::span<const double> at);

/// Every x at which one of `runs` changes, sorted and unique, plus `last`
/// when it lies beyond them: the points where a band over `runs` can change.
std::vector<double> change_points(std::span<const StepCurve> runs, double last);

/// Area dominated by `points` (minimisation form) and bounded by `reference`;
/// points not strictly better than the reference in both objectives add nothing.
double hypervolume_2d(std::vector<std::array<double, 2>> points, std::array<double, 2> reference);

}  // namespace hwnas::engine
