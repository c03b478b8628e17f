// better_rank: one integer per (violation, fitness) whose order is
// hwnas::better's, on every pair of a set of awkward values.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "hwnas/evaluation.hpp"

TEST_CASE("better_rank orders (violation, fitness) pairs exactly as better() does") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> violations = {0.0, -0.0, 1e-300, 0.25, 1.0, 3.5, 1e300, inf};
    const std::vector<double> fitnesses = {-inf, -1e300, -2.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 91.25, 1e300, inf};
    std::vector<hwnas::Evaluation> points;
    for (const double v : violations) {
        for (const double f : fitnesses) {
            hwnas::Evaluation e;
            e.violation = v;
            e.fitness = f;
            points.push_back(e);
        }
    }
    for (const auto& a : points) {
        const auto rank_a = hwnas::better_rank(a.violation, a.fitness);
        REQUIRE(rank_a.has_value());
        for (const auto& b : points) {
            const auto rank_b = hwnas::better_rank(b.violation, b.fitness);
            INFO("a = (" << a.violation << ", " << a.fitness << "), b = (" << b.violation << ", " << b.fitness << ")");
            CHECK((*rank_a < *rank_b) == hwnas::better(a, b));
            CHECK((*rank_a == *rank_b) == (!hwnas::better(a, b) && !hwnas::better(b, a)));
        }
    }
}

TEST_CASE("better_rank has no rank for NaN fields or a negative violation") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_FALSE(hwnas::better_rank(nan, 1.0).has_value());
    CHECK_FALSE(hwnas::better_rank(0.0, nan).has_value());
    CHECK_FALSE(hwnas::better_rank(-0.5, 1.0).has_value());
    CHECK(hwnas::better_rank(0.0, 1.0).has_value());
}
