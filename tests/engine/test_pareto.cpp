#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "hwnas/rng.hpp"

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

namespace {

// Union of the boxes [p, reference] by inclusion-exclusion over all subsets:
// slow but independent of the slicing algorithm under test.
double union_volume(const std::vector<Point>& points, const Point& reference) {
    double total = 0.0;
    const std::size_t n = points.size();
    for (std::size_t mask = 1; mask < (std::size_t{1} << n); ++mask) {
        Point corner(reference.size(), -1e300);
        int members = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!(mask >> i & 1U)) continue;
            ++members;
            for (std::size_t k = 0; k < corner.size(); ++k) corner[k] = std::max(corner[k], points[i][k]);
        }
        double volume = 1.0;
        for (std::size_t k = 0; k < corner.size(); ++k) volume *= std::max(0.0, reference[k] - corner[k]);
        total += (members % 2 == 1 ? 1.0 : -1.0) * volume;
    }
    return total;
}

}  // namespace

TEST_CASE("hypervolume equals inclusion-exclusion on random point sets in 2 to 5 objectives") {
    hwnas::Rng rng(7);
    for (std::size_t d = 2; d <= 5; ++d) {
        for (int trial = 0; trial < 40; ++trial) {
            const std::size_t n = 1 + rng.below(9);
            std::vector<Point> points(n, Point(d));
            for (auto& p : points)
                for (auto& x : p) x = static_cast<double>(rng.below(1000)) / 1000.0 * 1.2;  // some fall outside
            const Point reference(d, 1.0);
            std::vector<Point> inside;
            for (const auto& p : points)
                if (std::all_of(p.begin(), p.end(), [](double x) { return x < 1.0; })) inside.push_back(p);
            INFO("d = " << d << ", trial " << trial);
            CHECK(hwnas::engine::hypervolume(points, reference) == Approx(union_volume(inside, reference)).margin(1e-12));
        }
    }
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
