#pragma once
// Pearson's chi-square test of uniformity, for tests that check that a
// space samples every choice of a gene equally often.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace hwnas::test {

/// Chi-square statistic of `counts` (how often each choice came up) against
/// a uniform distribution over the choices.
template <class Counts>
double chi_square(const Counts& counts) {
    double total = 0.0;
    for (const auto c : counts) total += c;
    const double expected = total / static_cast<double>(std::size(counts));
    double chi2 = 0.0;
    for (const auto c : counts) chi2 += (c - expected) * (c - expected) / expected;
    return chi2;
}

/// The value a chi-square statistic with `degrees_of_freedom` exceeds with
/// probability 0.001 (tables of the distribution); the degrees of freedom
/// the tests use.
inline double chi_square_critical_p001(std::size_t degrees_of_freedom) {
    switch (degrees_of_freedom) {
        case 1: return 10.828;
        case 2: return 13.816;
        case 3: return 16.266;
        case 8: return 26.124;
        case 24: return 51.179;
        default: throw std::invalid_argument("no chi-square critical value for " + std::to_string(degrees_of_freedom) + " degrees of freedom");
    }
}

}  // namespace hwnas::test
