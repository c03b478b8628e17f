// Pearson, Spearman and Kendall tau-b on vectors computed by hand, and
// Knight's O(n log n) tau-b against the O(n^2) definition on random data with ties.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/stats.hpp"
#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"

namespace {

using hwnas::engine::average_ranks;
using hwnas::engine::kendall_tau_b;
using hwnas::engine::pearson;
using hwnas::engine::spearman;

/// Tau-b straight from its definition: sum of sign products over all pairs.
double kendall_reference(const std::vector<double>& x, const std::vector<double>& y) {
    const auto sign = [](double v) { return static_cast<double>((v > 0) - (v < 0)); };
    double score = 0.0;
    double untied_x = 0.0;
    double untied_y = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        for (std::size_t j = i + 1; j < x.size(); ++j) {
            const double sx = sign(x[i] - x[j]);
            const double sy = sign(y[i] - y[j]);
            score += sx * sy;
            untied_x += sx != 0.0;
            untied_y += sy != 0.0;
        }
    }
    return score / std::sqrt(untied_x * untied_y);
}

// x = 1..5, y = 2 4 5 4 5. Means 3 and 4; deviations dx = -2 -1 0 1 2,
// dy = -2 0 1 0 1: Sxy = 6, Sxx = 10, Syy = 6.
const std::vector<double> x{1, 2, 3, 4, 5};
const std::vector<double> y{2, 4, 5, 4, 5};

}  // namespace

TEST_CASE("Pearson's r of a small sample computed by hand") {
    CHECK(pearson(x, y) == Approx(6.0 / std::sqrt(60.0)).epsilon(1e-14));
    CHECK(pearson(x, x) == Approx(1.0));
    const std::vector<double> minus_x{-1, -2, -3, -4, -5};
    CHECK(pearson(x, minus_x) == Approx(-1.0));
}

TEST_CASE("average ranks share the mean rank of a tie") {
    CHECK(average_ranks(std::vector<double>{3, 1, 3, 2}) == std::vector<double>{3.5, 1, 3.5, 2});
    CHECK(average_ranks(y) == std::vector<double>{1, 2.5, 4.5, 2.5, 4.5});
}

TEST_CASE("Spearman's rho with ties computed by hand") {
    // Ranks of y: 1 2.5 4.5 2.5 4.5 (mean 3); against 1..5: Sxy = 7, Sxx = 10, Syy = 9.
    CHECK(spearman(x, y) == Approx(7.0 / std::sqrt(90.0)).epsilon(1e-14));
    // Any monotone transform leaves rho at 1.
    const std::vector<double> cubes{1, 8, 27, 64, 125};
    CHECK(spearman(x, cubes) == Approx(1.0));
}

TEST_CASE("Kendall tau-b with ties computed by hand") {
    // Of the 10 pairs, 7 concordant, 1 discordant ((3,4): 5 > 4), 2 tied in y:
    // tau-b = (7 - 1) / sqrt(10 * (10 - 2)).
    CHECK(kendall_tau_b(x, y) == Approx(6.0 / std::sqrt(80.0)).epsilon(1e-14));
    // Ties in both: x = 1 1 2 2, y = 1 1 2 1. Pairs (1,2) tied in x and y, (3,4)
    // tied in x, (1,4) (2,4) tied in y; (1,3) (2,3) concordant; no discordant:
    // tau-b = 2 / sqrt((6 - 2) * (6 - 3)).
    const std::vector<double> tx{1, 1, 2, 2};
    const std::vector<double> ty{1, 1, 2, 1};
    CHECK(kendall_tau_b(tx, ty) == Approx(2.0 / std::sqrt(12.0)).epsilon(1e-14));
    const std::vector<double> reversed{5, 4, 3, 2, 1};
    CHECK(kendall_tau_b(x, reversed) == Approx(-1.0));
    CHECK(kendall_tau_b(x, x) == Approx(1.0));
}

TEST_CASE("Knight's tau-b equals the O(n^2) definition on random data with ties") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        hwnas::Rng rng(seed);
        const std::size_t n = 2 + rng.below(300);
        const std::uint64_t levels = 1 + rng.below(12);  // few levels: many ties
        std::vector<double> a(n);
        std::vector<double> b(n);
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = static_cast<double>(rng.below(levels));
            b[i] = rng.bernoulli(0.5) ? a[i] + static_cast<double>(rng.below(3)) : static_cast<double>(rng.below(levels));
        }
        const double expected = kendall_reference(a, b);
        INFO("seed " << seed << ", n " << n << ", levels " << levels);
        if (std::isnan(expected)) {
            CHECK(std::isnan(kendall_tau_b(a, b)));
        } else {
            CHECK(kendall_tau_b(a, b) == Approx(expected).epsilon(1e-12));
        }
    }
}

TEST_CASE("undefined coefficients are NaN, bad samples are errors") {
    const std::vector<double> constant{2, 2, 2, 2, 2};
    CHECK(std::isnan(pearson(x, constant)));
    CHECK(std::isnan(spearman(x, constant)));
    CHECK(std::isnan(kendall_tau_b(x, constant)));
    const std::vector<double> one{1};
    CHECK(std::isnan(kendall_tau_b(one, one)));
    CHECK(std::isnan(pearson(one, one)));

    const std::vector<double> shorter{1, 2, 3};
    CHECK_THROWS_AS(pearson(x, shorter), hwnas::Error);
    CHECK_THROWS_WITH(kendall_tau_b(x, shorter), Catch::Contains("differ in length (5 and 3)"));
    const std::vector<double> with_nan{1, 2, std::nan(""), 4, 5};
    CHECK_THROWS_WITH(spearman(x, with_nan), Catch::Contains("value 2 is not finite"));
}
