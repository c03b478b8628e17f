// Multi-objective outputs on the real NAS-Bench-201 / HW-NAS-Bench tables:
// NSGA-II's per-generation fronts, and IGD against a front the user gives.
#include <catch2/catch.hpp>

#include "engine/experiment.hpp"
#include "engine/front_history.hpp"
#include "engine/pareto.hpp"
#include "engine/results.hpp"
#include "engine/run.hpp"
#include "engine/session.hpp"
#include "hwnas/csv.hpp"
#include "built_plugins.hpp"
#include "test_support.hpp"

namespace {

using hwnas::engine::Point;

nlohmann::json nsga2_experiment(std::uint64_t budget) {
    return {{"space", "nb201"},
            {"providers", {"table"}},
            {"dataset", "cifar10"},
            {"objectives", {{{"metric", "test_acc"}, {"goal", "maximize"}}, {{"metric", "pixel3_latency"}, {"goal", "minimize"}}}},
            {"strategy", {{"plugin", "nsga2"}, {"params", {{"population", 40}}}}},
            {"budget", budget}};
}

std::vector<Point> points_of(const hwnas::engine::History& h, const std::vector<std::size_t>& rows) {
    std::vector<Point> points;
    for (const std::size_t r : rows) points.emplace_back(h.objectives_of(r), h.objectives_of(r) + h.objective_count);
    std::sort(points.begin(), points.end());
    return points;
}

}  // namespace

TEST_CASE("NSGA-II's per-generation fronts never lose hypervolume and end at the run's front") {
    const auto registry = hwnas::test::built_plugins();
    const hwnas::engine::Session session(hwnas::engine::parse_experiment(nsga2_experiment(800), "test"), registry,
                                         hwnas::test::data_dir());
    const auto result = hwnas::engine::run_search(session, 3, "run");
    REQUIRE(result.round_ends.size() == 20);  // 800 evaluations in generations of 40
    const auto snapshots = hwnas::engine::front_history(result.history, result.round_ends);
    REQUIRE(snapshots.size() >= 5);  // the front moves in most generations
    CHECK(snapshots.front().generation == 1);

    const Point& reference = *session.reference_point();
    double previous = 0.0;
    for (const auto& s : snapshots) {
        // Each snapshot is exactly the non-dominated set of the feasible rows evaluated so far.
        std::vector<Point> so_far;
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < s.evaluations; ++r) {
            if (result.history.feasible[r] && !result.history.repeated[r]) rows.push_back(r);
        }
        const auto all = points_of(result.history, rows);
        std::vector<Point> expected;
        for (const std::size_t i : hwnas::engine::non_dominated(all)) expected.push_back(all[i]);
        std::sort(expected.begin(), expected.end());
        CHECK(points_of(result.history, s.rows) == expected);
        const double hv = hwnas::engine::hypervolume(points_of(result.history, s.rows), reference);
        CHECK(hv > previous);  // a snapshot is only written when the front changed, and fronts only improve
        previous = hv;
    }
    CHECK(points_of(result.history, snapshots.back().rows) == points_of(result.history, result.front));

    const auto summary = hwnas::engine::run_summary(session, result, 3);
    CHECK(summary["pareto"]["generations"].size() == snapshots.size());
    CHECK(summary["pareto"]["generations"].back()["hypervolume"].get<double>() == Approx(summary["pareto"]["hypervolume"].get<double>()));

    // fronts.csv: one row per member of each snapshot.
    const auto dir = hwnas::test::temp_dir("fronts");
    hwnas::engine::write_run(dir, session, result, 3);
    const hwnas::CsvFile fronts(dir / "fronts.csv");
    std::size_t members = 0;
    for (const auto& s : snapshots) members += s.rows.size();
    CHECK(fronts.rows() == members);
    CHECK(fronts.text(0, fronts.column("generation")) == "1");
    CHECK(std::filesystem::exists(dir / "true_front.csv"));
}

TEST_CASE("IGD and recovered points against a front file the user gives equal those against the enumerated front") {
    const auto registry = hwnas::test::built_plugins();
    const auto dir = hwnas::test::temp_dir("given_front");
    auto doc = nsga2_experiment(1200);
    const hwnas::engine::Session enumerated(hwnas::engine::parse_experiment(doc, "test"), registry, hwnas::test::data_dir());
    // The user's file: the true front printed in the metrics' units, columns in another order plus an extra one.
    const hwnas::CsvFile truth_csv = [&] {
        hwnas::test::write_file(dir / "truth.csv", hwnas::engine::true_front_csv(enumerated));
        return hwnas::CsvFile(dir / "truth.csv");
    }();
    std::string swapped = "note,pixel3_latency,test_acc\n";
    for (std::size_t r = 0; r < truth_csv.rows(); ++r) {
        swapped += "x," + std::string(truth_csv.text(r, 1)) + "," + std::string(truth_csv.text(r, 0)) + "\n";
    }
    hwnas::test::write_file(dir / "known_front.csv", swapped);

    doc["pareto"] = {{"true_front", "known_front.csv"}};
    auto experiment = hwnas::engine::parse_experiment(doc, (dir / "experiment.json").string());
    const hwnas::engine::Session given(std::move(experiment), registry, hwnas::test::data_dir());
    REQUIRE(given.true_front() != nullptr);
    REQUIRE(given.true_front()->size() == enumerated.true_front()->size());

    for (std::uint64_t seed = 0; seed < 3; ++seed) {
        const auto a = hwnas::engine::run_summary(enumerated, hwnas::engine::run_search(enumerated, seed, "run"), seed)["pareto"];
        const auto b = hwnas::engine::run_summary(given, hwnas::engine::run_search(given, seed, "run"), seed)["pareto"];
        INFO(a.dump() << "\n" << b.dump());
        CHECK(b["igd"].get<double>() == Approx(a["igd"].get<double>()).epsilon(1e-12));
        CHECK(b["true_front_recovered"] == a["true_front_recovered"]);
        CHECK(b["hypervolume"] == a["hypervolume"]);
    }
}

TEST_CASE("a front file without an objective's column is refused, naming the file and its columns") {
    const auto registry = hwnas::test::built_plugins();
    const auto dir = hwnas::test::temp_dir("bad_front");
    hwnas::test::write_file(dir / "front.csv", "test_acc,latency\n94.1,3.2\n");
    auto doc = nsga2_experiment(100);
    doc["pareto"] = {{"true_front", "front.csv"}};
    const auto experiment = hwnas::engine::parse_experiment(doc, (dir / "experiment.json").string());
    CHECK_THROWS_WITH(hwnas::engine::Session(experiment, registry, hwnas::test::data_dir()),
                      Catch::Contains("front.csv") && Catch::Contains("no column 'pixel3_latency'") &&
                          Catch::Contains("test_acc, latency"));

    doc["pareto"] = {{"true_front", 3}};
    CHECK_THROWS_WITH(hwnas::engine::parse_experiment(doc, "e.json"),
                      Catch::Contains("/pareto/true_front") && Catch::Contains("path of a CSV file"));
}
