// A plugin that fails at run time: the error names the plugin and where it
// failed, and in a batch the failing runs do not take the others down.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "batch_records.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

std::string fixture_path() { return " --plugin-path '" + std::string(HWNAS_FIXTURE_PLUGIN_DIR) + "'"; }

nlohmann::json experiment(const std::string& throw_in) {
    return {{"space", "nb201"},
            {"providers", {"table"}},
            {"dataset", "cifar10"},
            {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
            {"strategy", {{"plugin", "fixture_throwing"}, {"params", {{"throw_in", throw_in}}}}},
            {"budget", {{"evaluations", 20}}},
            {"seed", 3}};
}

}  // namespace

TEST_CASE("a strategy that throws in its factory, ask or tell fails the run with an error naming it") {
    const auto dir = hwnas::test::temp_dir("throwing");
    for (const auto& [where, message] : std::vector<std::pair<std::string, std::string>>{
             {"factory", "plugin 'fixture_throwing' ("},
             {"ask", "strategy 'fixture_throwing' failed in ask: fixture fails in ask"},
             {"tell", "strategy 'fixture_throwing' failed in tell: fixture fails in its fifth tell"}}) {
        INFO(where);
        hwnas::test::write_file(dir / (where + ".json"), experiment(where).dump());
        const auto r = hwnas::test::run_hwnas("run '" + (dir / (where + ".json")).string() + "' -o '" +
                                              (dir / where).string() + "'" + fixture_path());
        CHECK(r.exit_code != 0);
        CHECK_THAT(r.err, Catch::Contains(message));
        CHECK_FALSE(fs::exists(dir / where / "summary.json"));
    }
    const auto fine = dir / "never.json";
    hwnas::test::write_file(fine, experiment("never").dump());
    const auto r = hwnas::test::run_hwnas("run '" + fine.string() + "' -o '" + (dir / "never").string() + "'" + fixture_path());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(dir / "never" / "summary.json"));
    fs::remove_all(dir);
}

TEST_CASE("runs of a batch whose strategy throws fail alone: the other runs finish and are tabled") {
    const auto dir = hwnas::test::temp_dir("throwing-batch");
    const nlohmann::json grid = {{"experiment", experiment("never")},
                                 {"grid", {{"/strategy/params/throw_in", {"never", "tell"}}}},
                                 {"seeds", 3}};
    hwnas::test::write_file(dir / "grid.json", grid.dump());
    const auto r = hwnas::test::run_hwnas("bench '" + (dir / "grid.json").string() + "' -o '" + (dir / "out").string() +
                                          "' -j2 -q" + fixture_path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("fixture fails in its fifth tell"));

    std::size_t finished = 0, failed = 0;
    std::set<std::string> failed_ids;
    for (const auto& run : fs::directory_iterator(dir / "out" / "runs")) {
        REQUIRE(fs::exists(run.path() / "error.txt"));
        ++failed;
        failed_ids.insert(run.path().filename().string());
        CHECK_THAT(hwnas::test::read_file(run.path() / "error.txt"), Catch::Contains("strategy 'fixture_throwing' failed in tell"));
    }
    for (const auto& summary : hwnas::test::batch_records(dir / "out")) {
        ++finished;
        CHECK(failed_ids.count(summary.at("run").at("id").get<std::string>()) == 0);  // a failed run has no record
        CHECK(summary.at("evaluations").at("total") == 20);
    }
    CHECK(failed == 3);
    CHECK(finished == 3);
    fs::remove_all(dir);
}
