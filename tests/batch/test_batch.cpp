// Batches on the real NAS-Bench-201 tables: results do not depend on the
// thread count, and shards merged give the same table as one batch.
#include <catch2/catch.hpp>

#include "engine/batch.hpp"
#include "engine/grid.hpp"
#include "built_plugins.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

nlohmann::json grid_document() {
    return {{"experiment",
             {{"space", "nb201"},
              {"providers", {"table"}},
              {"dataset", "cifar10"},
              {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
              {"constraints", {{{"metric", "pixel3_latency"}, {"max", {{"quantile", 0.1}}}}}},
              {"strategy", {{"plugin", "ga_penalty"}, {"params", {{"population", 10}, {"generations", 20}}}}},
              {"formulation", {{"type", "penalty"}}},
              {"budget", 100000}}},
            {"zip",
             {{{"/strategy", {{{"plugin", "ga_penalty"}, {"params", {{"population", 10}, {"generations", 20}}}},
                              {{"plugin", "rejection_sampling"}, {"params", {{"population", 20}}}}}},
               {"/formulation", {{{"type", "penalty"}}, {{"type", "constrained"}}}}}}},
            {"grid", {{"/constraints/0/metric", {"pixel3_latency", "fpga_latency"}}, {"/constraints/0/max/quantile", {0.05, 0.25}}}},
            {"seeds", 3}};
}

hwnas::engine::BatchOutcome run(const hwnas::engine::Grid& grid, const fs::path& out, std::size_t threads,
                                std::size_t shard = 0, std::size_t shards = 1) {
    static const auto registry = hwnas::test::built_plugins();
    hwnas::engine::BatchOptions options;
    options.output = out;
    options.threads = threads;
    options.progress = false;
    options.shard_index = shard;
    options.shard_count = shards;
    return hwnas::engine::run_batch(grid, registry, hwnas::test::data_dir(), options);
}

}  // namespace

TEST_CASE("a batch gives byte-identical results on one thread and on two") {
    const auto grid = hwnas::engine::parse_grid(grid_document(), "grid.json");
    REQUIRE(grid.runs.size() == 24);
    const auto dir = hwnas::test::temp_dir("batch_threads");
    const auto one = run(grid, dir / "one", 1);
    const auto two = run(grid, dir / "two", 2);
    CHECK(one.ran == 24);
    CHECK(two.ran == 24);
    REQUIRE(one.summary_written);
    REQUIRE(two.summary_written);
    const std::string table = hwnas::test::read_file(dir / "one" / "batch.csv");
    CHECK(table == hwnas::test::read_file(dir / "two" / "batch.csv"));
    // 24 rows and a header; every GA run found a feasible cell.
    CHECK(std::count(table.begin(), table.end(), '\n') == 25);
    CHECK(table.find(",0,,") == std::string::npos);
    // The rows' scratch file is gone: the folder holds the results only.
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir / "two")) files.push_back(entry.path().filename().string());
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"batch.csv", "batch.json", "runs.jsonl"});

    // batch.json is streamed, not built as one document, yet reads as the
    // document it stands for, laid out exactly as nlohmann::json's dump(1).
    const std::string manifest = hwnas::test::read_file(dir / "one" / "batch.json");
    const auto parsed = nlohmann::json::parse(manifest);
    CHECK(manifest == parsed.dump(1) + "\n");
    REQUIRE(parsed.at("runs").size() == 24);
    for (std::size_t i = 0; i < grid.runs.size(); ++i) {
        INFO("run " << i);
        CHECK(parsed["runs"][i] == nlohmann::json{{"id", grid.runs[i].id}, {"key", *grid.runs[i].key}, {"seed", grid.runs[i].seed}});
    }
    CHECK(parsed.at("format") == "hwnas-batch/1");
    CHECK(parsed.at("grid") == grid_document());
}

TEST_CASE("three shards merged give the table of one batch, and an existing batch is not overwritten") {
    const auto grid = hwnas::engine::parse_grid(grid_document(), "grid.json");
    const auto dir = hwnas::test::temp_dir("batch_shards");
    run(grid, dir / "whole", 2);
    for (std::size_t s = 0; s < 3; ++s) {
        const auto outcome = run(grid, dir / ("shard" + std::to_string(s)), 1, s, 3);
        CHECK(outcome.runs == 8);
        CHECK_FALSE(outcome.summary_written);
        CHECK(outcome.missing.size() == 16);
    }
    const auto merged = hwnas::engine::merge_batches(dir / "merged", {dir / "shard0", dir / "shard1", dir / "shard2"});
    CHECK(merged.summary_written);
    CHECK(hwnas::test::read_file(dir / "merged" / "batch.csv") == hwnas::test::read_file(dir / "whole" / "batch.csv"));

    CHECK_THROWS_WITH(run(grid, dir / "whole", 1), Catch::Contains("already holds a batch") && Catch::Contains("--resume"));
    auto other = grid_document();
    other["seeds"] = 2;
    hwnas::engine::BatchOptions options;
    options.output = dir / "whole";
    options.resume = true;
    options.progress = false;
    CHECK_THROWS_WITH(hwnas::engine::run_batch(hwnas::engine::parse_grid(other, "other.json"), hwnas::test::built_plugins(),
                                               hwnas::test::data_dir(), options),
                      Catch::Contains("holds another batch"));
}
