#include <catch2/catch.hpp>

#include <cmath>

#include "engine/scorer.hpp"
#include "hwnas/error.hpp"

using namespace hwnas;
using engine::FormulationSpec;
using engine::Scorer;

namespace {

// Metrics: 0 = accuracy (%), 1 = latency (ms).
Problem accuracy_under_latency(double bound) {
    Problem p;
    p.metrics = {{"acc", "%", Direction::higher_is_better, ""}, {"lat", "ms", Direction::lower_is_better, ""}};
    p.objectives = {{"acc", Goal::maximize}};
    p.constraints = {{"lat", bound, std::nullopt}};
    return p;
}

engine::Score score(const Scorer& s, std::vector<double> metrics, std::vector<double>& objectives) {
    objectives.assign(s.objective_count(), 0.0);
    return s.score(metrics, objectives);
}

}  // namespace

TEST_CASE("constrained: fitness is the objective, violation the relative excess") {
    const Problem p = accuracy_under_latency(4.0);
    FormulationSpec f;
    const Scorer s(p, f, {0}, {1});
    std::vector<double> obj;
    auto r = score(s, {93.5, 3.0}, obj);
    CHECK(r.fitness == 93.5);
    CHECK(obj[0] == -93.5);
    CHECK(r.violation == 0.0);
    CHECK(r.feasible);
    r = score(s, {94.0, 5.0}, obj);
    CHECK(r.violation == Approx(0.25));  // (5 - 4) / 4
    CHECK_FALSE(r.feasible);
}

TEST_CASE("penalty: phi + weight * (bound - cost) when the bound is exceeded") {
    const Problem p = accuracy_under_latency(4.0);
    FormulationSpec f;
    f.type = Formulation::penalty;
    f.penalty_weight = 2.0;
    const Scorer s(p, f, {0}, {1});
    std::vector<double> obj;
    auto r = score(s, {90.0, 6.5}, obj);
    CHECK(r.fitness == Approx(90.0 + 2.0 * (4.0 - 6.5)));
    CHECK(r.violation == 0.0);  // folded into fitness
    CHECK_FALSE(r.feasible);    // but still reported
    r = score(s, {90.0, 3.0}, obj);
    CHECK(r.fitness == 90.0);
    CHECK(r.feasible);
}

TEST_CASE("mnasnet: ACC * (LAT / T)^w with alpha below and beta above the target") {
    const Problem p = accuracy_under_latency(80.0);
    FormulationSpec f;
    f.type = Formulation::mnasnet;
    f.mnasnet_alpha = 0.0;
    f.mnasnet_beta = -1.0;  // the paper's hard-constraint setting
    const Scorer s(p, f, {0}, {1});
    std::vector<double> obj;
    CHECK(score(s, {75.0, 60.0}, obj).fitness == Approx(75.0));
    CHECK(score(s, {75.0, 160.0}, obj).fitness == Approx(75.0 * 0.5));
}

TEST_CASE("weighted sum of normalised objectives") {
    Problem p = accuracy_under_latency(100.0);
    p.objectives = {{"acc", Goal::maximize}, {"lat", Goal::minimize}};
    FormulationSpec f;
    f.type = Formulation::weighted_sum;
    f.weights = {0.7, 0.3};
    f.ranges = {{80.0, 100.0}, {0.0, 10.0}};
    const Scorer s(p, f, {0, 1}, {1});
    std::vector<double> obj;
    // fitness = 0.7 * (90-80)/20 - 0.3 * (5-0)/10 = 0.35 - 0.15
    CHECK(score(s, {90.0, 5.0}, obj).fitness == Approx(0.2));
}

TEST_CASE("pareto has no scalar fitness but keeps objectives and violation") {
    Problem p = accuracy_under_latency(4.0);
    p.objectives = {{"acc", Goal::maximize}, {"lat", Goal::minimize}};
    FormulationSpec f;
    f.type = Formulation::pareto;
    const Scorer s(p, f, {0, 1}, {1});
    std::vector<double> obj;
    const auto r = score(s, {91.0, 8.0}, obj);
    CHECK(std::isnan(r.fitness));
    CHECK(obj == std::vector<double>{-91.0, 8.0});
    CHECK(r.violation == Approx(1.0));
}

TEST_CASE("formulations that do not fit the problem are refused") {
    Problem p = accuracy_under_latency(4.0);
    p.objectives.push_back({"lat", Goal::minimize});
    FormulationSpec f;  // constrained, but two objectives
    CHECK_THROWS_WITH(Scorer(p, f, {0, 1}, {1}), Catch::Contains("optimises one objective"));
    f.type = Formulation::weighted_sum;
    f.weights = {1.0};
    CHECK_THROWS_WITH(Scorer(p, f, {0, 1}, {1}), Catch::Contains("\"weights\" has 1 entries, expected one per objective (2)"));
}
