// `hwnas report`: the statistics (Mann-Whitney U, quartile bands, hypervolume)
// against hand-computed values, and reports of small synthetic batch folders.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/report.hpp"
#include "engine/report_stats.hpp"
#include "hwnas/error.hpp"
#include "test_support.hpp"

namespace {

using Catch::Contains;
using Json = nlohmann::json;
using hwnas::engine::StepCurve;
namespace fs = std::filesystem;

constexpr double none = std::numeric_limits<double>::quiet_NaN();

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// One run of a synthetic batch: its strategy, grid point and what it found.
struct FakeRun {
    std::string strategy;
    std::string dataset;
    std::uint64_t seed;
    Json best_acc;       ///< null: no feasible architecture
    std::size_t best_step;
    Json trajectory;
    Json front = nullptr;  ///< [[latency, acc], ...] for a two-objective run
};

Json summary_of(const FakeRun& r, const std::string& id, std::size_t index, const std::vector<std::string>& dimensions) {
    Json point = Json::object();
    for (const auto& d : dimensions) point[d] = d == "/strategy" ? Json{{"plugin", r.strategy}} : Json(r.dataset);
    const bool two = !r.front.is_null();
    Json s = {{"experiment", "synthetic"}, {"space", "toy"}, {"strategy", r.strategy}, {"dataset", r.dataset},
              {"seed", r.seed}, {"constraints", Json::array()},
              {"evaluations", {{"total", 50}, {"unique", 50}, {"feasible", 40}, {"simulated_seconds", 0.0}}},
              {"stop_reason", "budget"}, {"strategy_info", Json::object()},
              {"run", {{"id", id}, {"index", index}, {"key", point.dump()}, {"point", point}}},
              {"trajectory", r.trajectory}, {"timing", {{"wall_seconds", 0.01}}}};
    s["objectives"] = two ? Json::array({{{"metric", "latency"}, {"goal", "minimize"}}, {{"metric", "acc"}, {"goal", "maximize"}}})
                          : Json::array({{{"metric", "acc"}, {"goal", "maximize"}}});
    s["best"] = r.best_acc.is_null() ? Json(nullptr)
                                     : Json{{"arch", "a"}, {"genes", "0"}, {"step", r.best_step}, {"fitness", r.best_acc},
                                            {"metrics", {{"acc", r.best_acc}, {"latency", 1.0}}}};
    if (two) {
        s["pareto_front"] = Json::array();
        for (const auto& p : r.front) s["pareto_front"].push_back({{"arch", "a"}, {"step", 0}, {"metrics", {{"latency", p[0]}, {"acc", p[1]}}}});
    }
    return s;
}

/// How a batch folder holds its run summaries.
enum class Layout {
    journal,          ///< runs.jsonl, one line per run, as `hwnas bench` writes it
    summary_per_run,  ///< runs/<id>/summary.json, as batches were written before the journal
};

/// A batch folder: batch.json and the runs' summaries.
fs::path write_batch(const std::string& tag, const std::vector<FakeRun>& runs, const std::vector<std::string>& dimensions,
                     Layout layout = Layout::journal) {
    const fs::path dir = hwnas::test::temp_dir(tag);
    Json list = Json::array();
    std::string journal;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const std::string id = "r0000" + std::to_string(i);
        list.push_back({{"id", id}, {"key", ""}, {"seed", runs[i].seed}});
        const Json summary = summary_of(runs[i], id, i, dimensions);
        if (layout == Layout::journal) {
            journal += summary.dump() + "\n";
        } else {
            hwnas::test::write_file(dir / "runs" / id / "summary.json", summary.dump(1));
        }
    }
    if (layout == Layout::journal) hwnas::test::write_file(dir / "runs.jsonl", journal);
    const Json grid = {{"experiment", {{"objective", {{"metric", "acc"}, {"goal", "maximize"}}}}}};
    const Json manifest = {{"format", "hwnas-batch/1"}, {"name", tag}, {"dimensions", dimensions}, {"grid", grid}, {"runs", list}};
    hwnas::test::write_file(dir / "batch.json", manifest.dump(1));
    return dir;
}

/// The journal's lines (each a run's summary).
std::vector<std::string> journal_lines(const fs::path& dir) {
    std::vector<std::string> lines;
    const std::string text = hwnas::test::read_file(dir / "runs.jsonl");
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find('\n', at);
        lines.push_back(text.substr(at, end == std::string::npos ? std::string::npos : end - at));
        at = end == std::string::npos ? text.size() : end + 1;
    }
    return lines;
}

void write_journal(const fs::path& dir, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    hwnas::test::write_file(dir / "runs.jsonl", text);
}

/// Rewrites the summary of run `id` in the journal with `edit`.
template <typename Edit>
void edit_summary(const fs::path& dir, const std::string& id, Edit edit) {
    auto lines = journal_lines(dir);
    for (auto& line : lines) {
        Json s = Json::parse(line);
        if (s["run"]["id"] != id) continue;
        edit(s);
        line = s.dump();
    }
    write_journal(dir, lines);
}

/// alpha finds 90, 92, 94 (after 10, 20, 30 evaluations); beta 85, 86 and nothing feasible.
std::vector<FakeRun> two_strategies(const std::string& dataset = "cifar10") {
    return {{"alpha", dataset, 0, 90.0, 9, Json::parse("[[0, 80], [9, 90]]")},
            {"alpha", dataset, 1, 92.0, 19, Json::parse("[[4, 85], [19, 92]]")},
            {"alpha", dataset, 2, 94.0, 29, Json::parse("[[2, 70], [29, 94]]")},
            {"beta", dataset, 0, 85.0, 5, Json::parse("[[5, 85]]")},
            {"beta", dataset, 1, 86.0, 10, Json::parse("[[10, 86]]")},
            {"beta", dataset, 2, nullptr, 0, Json::array()}};
}

hwnas::engine::ReportOptions options_for(const fs::path& dir) {
    hwnas::engine::ReportOptions options;
    options.folder = dir;
    return options;
}

}  // namespace

TEST_CASE("Mann-Whitney U: hand-computed U and p, without and with ties") {
    using hwnas::engine::mann_whitney_u;
    const std::vector<double> low = {1, 2, 3};
    const std::vector<double> high = {4, 5, 6};
    // U = 0, mean 4.5, variance 3*3/12*7 = 5.25; z = (4.5 - 0.5)/sqrt(5.25) (SciPy: p = 0.0808556).
    const auto separated = mann_whitney_u(low, high);
    CHECK(separated.u == 0.0);
    CHECK(separated.z == Approx(1.7457431218879391));
    CHECK(separated.p == Approx(0.0808555983700523).epsilon(1e-12));
    CHECK(mann_whitney_u(high, low).p == Approx(separated.p).epsilon(1e-12));
    CHECK(mann_whitney_u(high, low).u == 9.0);

    // Pooled 1 2 2 2 3 3 4: ranks of x = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 10 = 2.5;
    // ties 3 and 2: variance = 4*3/12 * (8 - (24 + 6)/(7*6)) = 7.2857; z = (3.5 - 0.5)/sqrt(7.2857).
    const std::vector<double> x = {1, 2, 2, 3};
    const std::vector<double> y = {2, 3, 4};
    const auto tied = mann_whitney_u(x, y);
    CHECK(tied.u == 2.5);
    CHECK(tied.z == Approx(1.1114378604524227));
    CHECK(tied.p == Approx(0.2663799233424826).epsilon(1e-12));

    // NaN (nothing feasible) ranks below every value: pooled -inf 1 2 5, x ranks 1 + 4, U = 2.
    const std::vector<double> with_none = {none, 5};
    const std::vector<double> two = {1, 2};
    CHECK(mann_whitney_u(with_none, two).u == 2.0);

    const std::vector<double> same = {1, 1};
    CHECK(mann_whitney_u(same, same).p == 1.0);
    CHECK_THROWS_AS(mann_whitney_u(std::vector<double>{}, same), hwnas::Error);
}

TEST_CASE("Quantiles count a missing value as the worst, summaries skip it") {
    using hwnas::engine::quality_quantile;
    const std::vector<double> four = {4, 1, 3, 2};
    CHECK(quality_quantile(four, 0.25) == Approx(1.75));
    CHECK(quality_quantile(four, 0.5) == Approx(2.5));
    CHECK(quality_quantile(four, 0.75) == Approx(3.25));
    const std::vector<double> one_missing = {none, 2, 3, 4};
    CHECK(std::isnan(quality_quantile(one_missing, 0.25)));  // between the missing value and 2
    CHECK(quality_quantile(one_missing, 0.5) == Approx(2.5));
    CHECK(std::isnan(quality_quantile(std::vector<double>{}, 0.5)));

    const std::vector<double> values = {1, 2, none, 3, 6};
    const auto s = hwnas::engine::summarize(values);
    CHECK(s.count == 4);
    CHECK(s.mean == Approx(3.0));
    CHECK(s.std == Approx(2.160246899469287));  // sqrt(14 / 3)
    CHECK(s.median == Approx(2.5));
    CHECK(std::isnan(hwnas::engine::summarize(std::vector<double>{5}).std));
}

TEST_CASE("Quartile band over hand-made step curves") {
    const std::vector<StepCurve> runs = {{{1, 4}, {10, 20}}, {{2, 3}, {5, 30}}, {{5}, {15}}};
    CHECK(std::isnan(hwnas::engine::value_at(runs[0], 0.5)));
    CHECK(hwnas::engine::value_at(runs[0], 3.9) == 10);
    CHECK(hwnas::engine::value_at(runs[0], 4) == 20);
    CHECK(hwnas::engine::value_at(runs[0], 100) == 20);

    const auto at = hwnas::engine::change_points(runs, 6);
    CHECK(at == std::vector<double>{1, 2, 3, 4, 5, 6});
    const auto band = hwnas::engine::quartile_band(runs, at);
    // x=1: 10, -, -   x=2: 10, 5, -   x=3: 10, 30, -   x=4: 20, 30, -   x>=5: 20, 30, 15
    const std::vector<double> median = {none, 5, 10, 20, 20, 20};
    const std::vector<double> high = {none, 7.5, 20, 25, 25, 25};
    const std::vector<double> low = {none, none, none, none, 17.5, 17.5};
    for (std::size_t i = 0; i < at.size(); ++i) {
        INFO("x = " << at[i]);
        CHECK((std::isnan(band.median[i]) ? std::isnan(median[i]) : band.median[i] == Approx(median[i])));
        CHECK((std::isnan(band.high[i]) ? std::isnan(high[i]) : band.high[i] == Approx(high[i])));
        CHECK((std::isnan(band.low[i]) ? std::isnan(low[i]) : band.low[i] == Approx(low[i])));
    }
}

TEST_CASE("2-D hypervolume of a staircase") {
    using hwnas::engine::hypervolume_2d;
    // Rectangles 3*1 + 2*1 + 1*1; a dominated point and one outside the reference add nothing.
    CHECK(hypervolume_2d({{3, 1}, {1, 3}, {2, 2}, {2.5, 2.5}, {5, 0}}, {4, 4}) == Approx(6.0));
    CHECK(hypervolume_2d({}, {4, 4}) == 0.0);
}

TEST_CASE("Report of a synthetic batch: statistics equal hand-computed values") {
    const fs::path dir = write_batch("report-two", two_strategies(), {"/strategy"});
    const auto options = options_for(dir);
    const auto report = hwnas::engine::build_report(options);
    const fs::path html_file = hwnas::engine::write_report(report, options);
    CHECK(html_file == dir / "report.html");
    const Json j = Json::parse(hwnas::test::read_file(dir / "report.json"));

    REQUIRE(j["settings"].size() == 1);
    const Json& setting = j["settings"][0];
    CHECK(setting["best"] == "alpha");
    CHECK(setting["score"] == "acc");
    const Json& alpha = setting["strategies"][0];
    CHECK(alpha["strategy"] == "alpha");
    CHECK(alpha["runs"] == 3);
    CHECK(alpha["feasible_fraction"].get<double>() == Approx(1.0));
    CHECK(alpha["mean"].get<double>() == Approx(92.0));
    CHECK(alpha["std"].get<double>() == Approx(2.0));
    CHECK(alpha["median"].get<double>() == Approx(92.0));
    CHECK(alpha["mean_evaluations_to_best"].get<double>() == Approx(20.0));  // (10 + 20 + 30) / 3
    CHECK(alpha["rank"] == 1.0);
    CHECK(alpha["versus_best"].is_null());
    const Json& beta = setting["strategies"][1];
    CHECK(beta["strategy"] == "beta");
    CHECK(beta["feasible_runs"] == 2);
    CHECK(beta["feasible_fraction"].get<double>() == Approx(2.0 / 3.0));
    CHECK(beta["mean"].get<double>() == Approx(85.5));
    CHECK(beta["std"].get<double>() == Approx(0.7071067811865476));
    CHECK(beta["median"].get<double>() == Approx(85.5));
    CHECK(beta["mean_evaluations_to_best"].get<double>() == Approx(8.5));  // (6 + 11) / 2
    CHECK(beta["rank"] == 2.0);
    // beta {85, 86, none} below alpha {90, 92, 94}: U = 0, p as for {1,2,3} vs {4,5,6}.
    CHECK(beta["versus_best"]["u"] == 0.0);
    CHECK(beta["versus_best"]["p"].get<double>() == Approx(0.0808555983700523));
    CHECK(beta["versus_best"]["significant"] == false);
    CHECK(j["strategies"][0]["average_rank"] == 1.0);
    CHECK(j["strategies"][1]["average_rank"] == 2.0);
    CHECK(j["strategies"][0]["wins"] == 1);
    CHECK(j["strategies"][0]["significant_wins"] == 0);
    CHECK(j["missing_runs"].empty());

    // One setting, one objective: one plot (anytime curves); names in the page; nothing external.
    const std::string html = hwnas::test::read_file(html_file);
    CHECK(occurrences(html, "<svg xmlns") == 1);
    CHECK_THAT(html, Contains(">alpha (3 runs)</text>") && Contains(">beta (3 runs)</text>"));
    CHECK_THAT(html, Contains(">best feasible acc so far</text>") && Contains(">(higher is better)</text>"));
    CHECK(occurrences(html, "<script") + occurrences(html, "<link") + occurrences(html, "src=") == 0);
    CHECK(hwnas::engine::report_html(hwnas::engine::build_report(options), options) == html);  // deterministic
}

TEST_CASE("Report of two settings: one curve plot each plus the aggregate over settings") {
    auto runs = two_strategies("cifar10");
    for (auto r : two_strategies("cifar100")) runs.push_back(r);
    const fs::path dir = write_batch("report-settings", runs, {"/dataset", "/strategy"});
    const auto report = hwnas::engine::build_report(options_for(dir));
    REQUIRE(report.settings.size() == 2);
    CHECK(report.settings[1].label == "dataset=cifar100");
    CHECK(report.strategies[0].average_rank == 1.0);
    CHECK(report.strategies[0].wins == 2);
    const std::string html = hwnas::engine::report_html(report, options_for(dir));
    CHECK(occurrences(html, "<svg xmlns") == 3);
    CHECK_THAT(html, Contains("all settings (2 settings)"));

    CHECK_THROWS_WITH(hwnas::engine::build_report([&] { auto o = options_for(dir); o.group_by = {"/datset"}; return o; }()),
                      Contains("'/datset' is not a dimension") && Contains("did you mean '/dataset'"));
}

TEST_CASE("Report of a two-objective batch: hypervolume scores and a front plot with the true front") {
    std::vector<FakeRun> runs = {{"p", "c", 0, nullptr, 0, Json::array(), Json::parse("[[1, 70], [2, 80]]")},
                                 {"q", "c", 0, nullptr, 0, Json::array(), Json::parse("[[1.5, 75]]")}};
    const fs::path dir = write_batch("report-fronts", runs, {"/strategy"});
    hwnas::test::write_file(dir / "true_front.csv", "latency,acc\n1,75\n2,85\n");
    const auto report = hwnas::engine::build_report(options_for(dir));
    // Minimised: p (1,-70) (2,-80), q (1.5,-75); reference = nadir (2,-70) + range/10 = (2.1,-69).
    REQUIRE(report.runs.size() == 2);
    CHECK(report.runs[0].score == Approx(1.1 * 1 + 0.1 * 10));
    CHECK(report.runs[1].score == Approx(0.6 * 6));
    CHECK(report.strategies[report.settings[0].results[report.settings[0].best].strategy].name == "q");
    const std::string html = hwnas::engine::report_html(report, options_for(dir));
    CHECK(occurrences(html, "<svg xmlns") == 1);
    CHECK_THAT(html, Contains(">true front</text>") && Contains("latency (lower is better)"));

    // With the engine's hypervolume in every summary (one reference point), that is the score.
    for (const auto& [id, volume] : {std::pair{"r00000", 5.0}, std::pair{"r00001", 7.0}}) {
        edit_summary(dir, id, [volume = volume](Json& s) { s["pareto"] = {{"hypervolume", volume}, {"reference_point", {3, -60}}}; });
    }
    const auto reported = hwnas::engine::build_report(options_for(dir));
    CHECK(reported.runs[0].score == 5.0);
    CHECK(reported.runs[1].score == 7.0);
    CHECK_THAT(reported.settings[0].measure.definition, Contains("[3,-60]"));
}

TEST_CASE("Strategies of one plugin with different parameters get different names") {
    auto runs = two_strategies();
    const fs::path dir = write_batch("report-names", runs, {"/strategy"});
    for (const auto& [id, population] : {std::pair{"r00000", 10}, std::pair{"r00003", 20}}) {
        edit_summary(dir, id, [population = population](Json& s) {
            s["strategy"] = "random";
            s["run"]["point"]["/strategy"] = {{"plugin", "random"}, {"params", {{"population", population}}}};
        });
    }
    const auto report = hwnas::engine::build_report(options_for(dir));
    std::vector<std::string> names;
    for (const auto& s : report.strategies) names.push_back(s.name);
    // In order of first appearance: r00000 (random, 10), r00001 (alpha), r00003 (random, 20), r00004 (beta).
    CHECK(names == std::vector<std::string>{"random ({\"population\":10})", "alpha", "random ({\"population\":20})", "beta"});
}

TEST_CASE("Missing runs are a warning, a folder without batch.json and a broken summary are errors") {
    const fs::path dir = write_batch("report-missing", two_strategies(), {"/strategy"});
    // r00005's record lost, and a last line cut short (a writer killed
    // mid-record): that run is missing, not an error.
    auto lines = journal_lines(dir);
    REQUIRE(lines.size() == 6);
    REQUIRE(Json::parse(lines[5])["run"]["id"] == "r00005");
    const std::string cut = lines[5].substr(0, lines[5].size() / 2);
    lines.pop_back();
    write_journal(dir, lines);
    hwnas::test::write_file(dir / "runs.jsonl", hwnas::test::read_file(dir / "runs.jsonl") + cut);
    const auto report = hwnas::engine::build_report(options_for(dir));
    CHECK(report.missing == std::vector<std::string>{"r00005"});
    CHECK(report.settings[0].results[1].runs == 2);
    CHECK_THAT(hwnas::engine::report_html(report, options_for(dir)), Contains("Warning: 1 run(s)") && Contains("r00005"));

    const auto cli = hwnas::test::run_hwnas("report '" + dir.string() + "'");
    CHECK(cli.exit_code == 0);
    CHECK_THAT(cli.err, Contains("1 of 6 runs have no result yet") && Contains("r00005"));
    CHECK(fs::exists(dir / "report.html"));
    CHECK(fs::exists(dir / "report.json"));

    const fs::path empty = hwnas::test::temp_dir("report-empty");
    CHECK_THROWS_WITH(hwnas::engine::build_report(options_for(empty)), Contains("not a batch folder (no batch.json)"));
    CHECK_THROWS_WITH(hwnas::engine::build_report(options_for(empty / "nowhere")), Contains("no such folder"));
    const auto not_batch = hwnas::test::run_hwnas("report '" + empty.string() + "'");
    CHECK(not_batch.exit_code == 1);
    CHECK_THAT(not_batch.err, Contains("batch.json"));

    // A broken record inside the journal is an error naming its file and line.
    lines[1] = "{\"run\": ";
    write_journal(dir, lines);
    CHECK_THROWS_WITH(hwnas::engine::build_report(options_for(dir)),
                      Contains((dir / "runs.jsonl").string() + ":2: not a run record") && Contains("--resume"));
}

TEST_CASE("A batch written with one summary.json per run (before the journal) still reports") {
    const fs::path journal = write_batch("report-journal", two_strategies(), {"/strategy"});
    const fs::path legacy = write_batch("report-legacy", two_strategies(), {"/strategy"}, Layout::summary_per_run);
    CHECK_FALSE(fs::exists(legacy / "runs.jsonl"));
    const auto a = hwnas::engine::build_report(options_for(journal));
    const auto b = hwnas::engine::build_report(options_for(legacy));
    REQUIRE(b.runs.size() == 6);
    REQUIRE(a.runs.size() == b.runs.size());
    for (std::size_t i = 0; i < a.runs.size(); ++i) {
        CHECK(a.runs[i].id == b.runs[i].id);
        CHECK(a.runs[i].curve.x == b.runs[i].curve.x);
        CHECK(a.runs[i].evaluations == b.runs[i].evaluations);
    }
}
