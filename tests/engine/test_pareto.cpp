#include <catch2/catch.hpp>

#include <cmath>

#include "engine/pareto.hpp"

using hwnas::engine::Point;

TEST_CASE("non-dominated filtering keeps the front once, ordered by the first objective") {
    const std::vector<Point> points = {{3, 1}, {2, 2}, {2, 3}, {1, 3}, {2, 2}, {4, 4}};
    const auto front = hwnas::engine::non_dominated(points);
    CHECK(front == std::vector<std::size_t>{3, 1, 0});  // (1,3), (2,2) first copy, (3,1)
}

TEST_CASE("hypervolume equals hand-computed values in 2-D and 3-D") {
    // Slabs: 1*1 + 1*2 + 1*3.
    CHECK(hwnas::engine::hypervolume(std::vector<Point>{{1, 3}, {2, 2}, {3, 1}}, {4, 4}) == Approx(6.0));
    // One box: 1 * 2 * 3.
    CHECK(hwnas::engine::hypervolume(std::vector<Point>{{1, 1, 1}}, {2, 3, 4}) == Approx(6.0));
    // Two boxes 0.5 and 0.25 overlapping in 0.5^3.
    CHECK(hwnas::engine::hypervolume(std::vector<Point>{{0, 0, 0.5}, {0.5, 0.5, 0}}, {1, 1, 1}) == Approx(0.625));
    // Points outside the reference box add nothing; none inside gives 0.
    CHECK(hwnas::engine::hypervolume(std::vector<Point>{{1, 3}, {5, 0}}, {4, 4}) == Approx(3.0));
    CHECK(hwnas::engine::hypervolume(std::vector<Point>{{5, 5}}, {4, 4}) == 0.0);
}

TEST_CASE("IGD is the mean scaled distance from the true front to the found one") {
    const std::vector<Point> truth = {{0, 1}, {1, 0}};
    CHECK(hwnas::engine::inverted_generational_distance(truth, truth) == 0.0);
    CHECK(hwnas::engine::inverted_generational_distance(std::vector<Point>{{0, 1}}, truth) == Approx(std::sqrt(2.0) / 2));
    // Scaling by the true front's range: objective 2 spans 10 units.
    const std::vector<Point> wide = {{0, 10}, {1, 0}};
    CHECK(hwnas::engine::inverted_generational_distance(std::vector<Point>{{0, 10}}, wide) == Approx(std::sqrt(2.0) / 2));
    CHECK(std::isinf(hwnas::engine::inverted_generational_distance({}, truth)));
}
