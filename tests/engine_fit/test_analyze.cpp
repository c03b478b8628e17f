// `hwnas analyze`'s engine on a tiny enumerable space whose metrics are
// chosen by the test, so every correlation is known by hand.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "engine/analysis.hpp"
#include "hwnas/error.hpp"

namespace {

using hwnas::Architecture;
using hwnas::MetricInfo;
using namespace hwnas::engine;
using Catch::Contains;

/// One gene of 5 choices (labels a..e); native string "arch=<label>".
class FiveSpace : public hwnas::SearchSpace {
public:
    FiveSpace() : dims_{{"choice", {"a", "b", "c", "d", "e"}}} {}
    [[nodiscard]] std::string_view name() const override { return "five"; }
    [[nodiscard]] std::span<const hwnas::Dimension> dimensions() const override { return dims_; }
    [[nodiscard]] std::string to_string(const Architecture& arch) const override {
        return "arch=" + dims_[0].labels[arch[0]];
    }

private:
    std::vector<hwnas::Dimension> dims_;
};

/// Metrics x = 1..5, y = 2 4 5 4 5 (the stats test's sample), z = 5..1; the
/// architecture with gene `fail_at` fails to evaluate.
class HandProvider : public hwnas::CostProvider {
public:
    explicit HandProvider(int fail_at = -1) : fail_at_(fail_at) {}
    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return infos_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override {
        if (arch[0] == fail_at_) throw hwnas::Error("no value for this one");
        static constexpr std::array<std::array<double, 5>, 3> table{{{1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}, {5, 4, 3, 2, 1}}};
        for (std::size_t i = 0; i < ids.size(); ++i) out[i] = table[ids[i]][arch[0]];
    }

private:
    int fail_at_;
    std::array<MetricInfo, 3> infos_{MetricInfo{"x", "MFLOPs", hwnas::Direction::lower_is_better, ""},
                                   MetricInfo{"y", "ms", hwnas::Direction::lower_is_better, ""},
                                   MetricInfo{"z", "ms", hwnas::Direction::lower_is_better, ""}};
};

std::vector<NamedProvider> providers(int fail_at = -1) {
    return {{"hand", std::make_shared<HandProvider>(fail_at)}};
}

std::vector<AnalysisMetric> resolve_all(const std::vector<NamedProvider>& p, const std::vector<std::string>& names) {
    std::vector<AnalysisMetric> out;
    for (const auto& n : names) out.push_back(resolve_metric(p, n));
    return out;
}

}  // namespace

TEST_CASE("analyze: a tiny enumerable space gives the correlations computed by hand") {
    const FiveSpace space;
    const auto p = providers();
    const auto metrics = resolve_all(p, {"x", "hand:y", "z"});
    const auto set = choose_architectures(space, std::nullopt, 0);
    CHECK(set.selection == "all");
    REQUIRE(set.archs.size() == 5);
    const auto values = evaluate_metrics(space, p, metrics, set.archs);
    CHECK(values == std::vector<double>{1, 2, 5, 2, 4, 4, 3, 5, 3, 4, 4, 2, 5, 5, 1});

    const auto pairs = default_pairs(metrics.size());
    REQUIRE(pairs == std::vector<MetricPair>{{0, 1}, {0, 2}});
    const auto rows = correlate(values, metrics.size(), pairs);
    // x vs y: Sxy = 6, Sxx = 10, Syy = 6; 7 concordant, 1 discordant, 2 tied in y;
    // ranks of y 1 2.5 4.5 2.5 4.5 give Sxy = 7, Syy = 9.
    CHECK(rows[0].count == 5);
    CHECK(rows[0].pearson == Approx(6.0 / std::sqrt(60.0)));
    CHECK(rows[0].kendall == Approx(6.0 / std::sqrt(80.0)));
    CHECK(rows[0].spearman == Approx(7.0 / std::sqrt(90.0)));
    CHECK(rows[1].pearson == Approx(-1.0));
    CHECK(rows[1].kendall == Approx(-1.0));
    CHECK(rows[1].spearman == Approx(-1.0));

    const AnalysisSummary summary{"five", "toy", 5, set.selection, set.seed};
    const std::string table = correlation_table(summary, metrics, rows);
    CHECK_THAT(table, Contains("five (toy): 5 architectures (every architecture)"));
    CHECK_THAT(table, Contains("Kendall tau-b"));
    CHECK_THAT(table, Contains("x         hand:y      0.7746         0.6708    0.7379"));
    CHECK(correlations_csv(metrics, rows).starts_with("metric_a,metric_b,n,pearson,kendall_tau_b,spearman\nx,hand:y,5,"));
    CHECK_THAT(correlations_csv(metrics, rows), Contains("\nx,z,5,-1,-1,-1\n"));
    const auto json = correlations_json(summary, p, metrics, rows);
    CHECK(json["correlations"][0]["metric_b"] == "hand:y");
    CHECK(json["metrics"][1]["metric"] == "y");
    CHECK(json["metrics"][0]["unit"] == "MFLOPs");
    CHECK(json["seed"].is_null());
    CHECK(metrics_csv(space, set.archs, metrics, values) ==
          "arch,x,hand:y,z\narch=a,1,2,5\narch=b,2,4,4\narch=c,3,5,3\narch=d,4,4,2\narch=e,5,5,1\n");
}

TEST_CASE("analyze: pairs may name qualified metrics, unknown names are errors") {
    const auto p = providers();
    const auto metrics = resolve_all(p, {"hand:x", "y", "z"});
    CHECK(parse_pairs("hand:x:y,z:hand:x", metrics) == std::vector<MetricPair>{{0, 1}, {2, 0}});
    CHECK_THROWS_WITH(parse_pairs("x:y", metrics), Contains("'x:y' is not two of the --metrics"));
    CHECK_THROWS_WITH(resolve_metric(p, "w"), Contains("unknown metric 'w'") && Contains("'x', 'y', 'z'"));
    CHECK_THROWS_WITH(resolve_metric(p, "hnad:x"), Contains("no provider has the id 'hnad'") && Contains("did you mean 'hand'"));
}

TEST_CASE("analyze: results do not depend on the thread count, failures name the first bad architecture") {
    const FiveSpace space;
    const auto p = providers();
    const auto metrics = resolve_all(p, {"z", "x"});
    // Many copies so the parallel loop really splits.
    std::vector<Architecture> archs;
    for (int i = 0; i < 5000; ++i) archs.push_back({static_cast<Architecture::Gene>((i * 7) % 5)});
    std::vector<double> one_thread;
    {
        const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        one_thread = evaluate_metrics(space, p, metrics, archs);
    }
    CHECK(evaluate_metrics(space, p, metrics, archs) == one_thread);
    // Architecture 3 has gene (3 * 7) % 5 = 1: z = 4, x = 2.
    CHECK(one_thread[2 * 3] == 4);
    CHECK(one_thread[2 * 3 + 1] == 2);

    const auto failing = providers(3);
    CHECK_THROWS_WITH(evaluate_metrics(space, failing, resolve_all(failing, {"x", "y"}), archs),
                      Contains("evaluating arch=d (five:3): no value for this one"));
}

TEST_CASE("analyze: large spaces are sampled, distinct and seeded") {
    class Big : public hwnas::SearchSpace {
    public:
        Big() {
            for (int g = 0; g < 12; ++g) dims_.push_back({"g", {"0", "1", "2", "3", "4", "5", "6", "7"}});
        }
        [[nodiscard]] std::string_view name() const override { return "big"; }
        [[nodiscard]] std::span<const hwnas::Dimension> dimensions() const override { return dims_; }

    private:
        std::vector<hwnas::Dimension> dims_;
    };
    const Big space;  // 8^12 > 1e6: not enumerated
    const auto a = choose_architectures(space, std::nullopt, 3);
    CHECK(a.selection == "sampled");
    CHECK(a.archs.size() == default_samples);
    const auto b = choose_architectures(space, 500, 3);
    REQUIRE(b.archs.size() == 500);
    CHECK(std::equal(b.archs.begin(), b.archs.end(), a.archs.begin()));  // same seed, same stream
    CHECK(choose_architectures(space, 500, 4).archs != b.archs);
    // A small space asked for more samples than it has gives each architecture once.
    CHECK(choose_architectures(FiveSpace(), 50, 1).archs.size() == 5);
}
