// An interrupted batch resumes: `hwnas bench` killed with SIGKILL in the
// middle, then `--resume`, ends with the table of an uninterrupted batch.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <set>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

#include <nlohmann/json.hpp>

#include "batch_records.hpp"
#include "test_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

std::size_t finished_runs(const fs::path& batch) { return hwnas::test::batch_records(batch).size(); }

}  // namespace

TEST_CASE("a batch killed with SIGKILL and resumed ends with the results of an uninterrupted batch") {
    const auto dir = hwnas::test::temp_dir("resume");
    constexpr int runs = 60;
    const nlohmann::json grid = {
        {"experiment",
         {{"space", "nb201"},
          {"providers", {"table"}},
          {"dataset", "cifar10"},
          {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
          {"constraints", {{{"metric", "pixel3_latency"}, {"max", 5.0}}}},
          {"strategy", "regularized_evolution"},
          {"budget", 20000}}},
        {"grid", {{"/strategy", {"regularized_evolution", "random"}}}},
        {"seeds", runs / 2}};
    hwnas::test::write_file(dir / "grid.json", grid.dump());

    // The interrupted batch: one worker, killed once a few runs are written.
    const std::string binary = hwnas::test::binary().string();
    const std::string config = (dir / "grid.json").string();
    const std::string out = (dir / "killed").string();
    std::vector<std::string> args = {binary, "-q", "bench", config, "-o", out, "-j", "1"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t child = 0;
    REQUIRE(posix_spawn(&child, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (finished_runs(out) < 5 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    const std::size_t done_at_kill = finished_runs(out);
    INFO(done_at_kill << " of " << runs << " runs were written before the kill");
    REQUIRE(done_at_kill >= 5);
    REQUIRE(done_at_kill < runs);  // else the kill came too late to test anything
    CHECK_FALSE(fs::exists(fs::path(out) / "batch.csv"));

    // A writer killed in the middle of a record leaves a line without its
    // newline: make one (half of a copy of the first record), as a kill at
    // an unlucky instant would. It is not a result, and the next writer cuts it.
    const fs::path journal = fs::path(out) / "runs.jsonl";
    const std::string before = hwnas::test::read_file(journal);
    REQUIRE(!before.empty());
    REQUIRE(before.back() == '\n');
    hwnas::test::write_file(journal, before + before.substr(0, before.find('\n') / 2));
    CHECK(finished_runs(out) == done_at_kill);

    // Without --resume the folder is refused; with it only the missing runs run.
    const auto refused = hwnas::test::run_hwnas("-q bench '" + config + "' -o '" + out + "'");
    CHECK(refused.exit_code != 0);
    CHECK_THAT(refused.err, Catch::Contains("--resume"));
    const auto resumed = hwnas::test::run_hwnas("-q bench '" + config + "' -o '" + out + "' --resume -j 2");
    INFO(resumed.out << resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK_THAT(resumed.out, Catch::Contains(std::to_string(runs - done_at_kill) + " ran, " +
                                            std::to_string(done_at_kill) + " already done"));

    const auto whole = hwnas::test::run_hwnas("-q bench '" + config + "' -o '" + (dir / "whole").string() + "'");
    REQUIRE(whole.exit_code == 0);
    CHECK(hwnas::test::read_file(dir / "killed" / "batch.csv") == hwnas::test::read_file(dir / "whole" / "batch.csv"));
    // Every run recorded exactly once, on whole lines: the cut record is gone.
    const auto records = hwnas::test::batch_records(out);
    CHECK(records.size() == runs);
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(r.at("run").at("id").get<std::string>());
    CHECK(ids.size() == runs);
    const std::string after = hwnas::test::read_file(journal);
    CHECK(after.back() == '\n');
    CHECK(std::count(after.begin(), after.end(), '\n') == runs);
}
