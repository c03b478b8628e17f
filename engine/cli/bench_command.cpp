// `hwnas bench GRID` and `hwnas merge TARGET SHARD...`.
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "engine/batch.hpp"
#include "mpi_bench.hpp"

namespace hwnas::cli {
namespace {

struct BenchOptions {
    std::string config;
    std::string output;
    std::size_t threads = 0;
    bool resume = false;
    std::string shard;
    bool save_evaluations = false;
    bool mpi = false;
};

std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
    std::size_t i = 0;
    std::size_t n = 0;
    char slash = 0;
    std::istringstream in(text);
    if (!(in >> i >> slash >> n) || slash != '/' || !in.eof() || n == 0 || i >= n) {
        throw Error("--shard: expected i/n with 0 <= i < n (e.g. 0/4), found '" + text + "'");
    }
    return {i, n};
}

int report(const engine::BatchOutcome& outcome, const std::filesystem::path& folder) {
    std::cout << fmt::format("{} runs: {} ran, {} already done, {} failed", outcome.runs, outcome.ran, outcome.skipped,
                             outcome.failed.size());
    if (outcome.wall_seconds > 0) std::cout << fmt::format(" in {:.2f} s", outcome.wall_seconds);
    std::cout << "\n";
    for (const auto& f : outcome.failed) spdlog::error("run {}", f);
    if (outcome.summary_written) {
        std::cout << fmt::format("results: {}/batch.csv (one row per run), {}/runs*.jsonl (each run's summary, a line per run)\n",
                                 folder.string(), folder.string());
    } else {
        std::cout << fmt::format("{} runs of the batch have no results yet; batch.csv is written when all are there "
                                 "(other shards: hwnas merge)\n",
                                 outcome.missing.size());
    }
    return outcome.failed.empty() ? 0 : 1;
}

}  // namespace

void add_bench_command(CLI::App& app, const GlobalOptions& options) {
    auto b = std::make_shared<BenchOptions>();
    CLI::App* cmd = app.add_subcommand("bench", "Run a grid of experiments (strategies x seeds x settings) in parallel");
    cmd->fallthrough();
    cmd->add_option("config", b->config, "Grid file (JSON): an experiment plus the values to sweep")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", b->output, "Results folder (default: the grid's \"output\")");
    cmd->add_option("-j,--threads", b->threads, "Worker threads (default: every core)");
    cmd->add_flag("--resume", b->resume, "Continue an interrupted batch: run only what has no result");
    cmd->add_option("--shard", b->shard, "Run only shard i of n (i/n), e.g. for job arrays; combine with hwnas merge");
    cmd->add_flag("--save-evaluations", b->save_evaluations, "Also write every run's evaluations.csv");
    cmd->add_flag("--mpi", b->mpi,
                  mpi_available() ? "Spread the runs over MPI ranks (start with mpirun; -j threads per rank)"
                                  : "Spread the runs over MPI ranks (not in this build: needs Open MPI)");
    cmd->callback([b, &options] {
        const auto doc = engine::read_json_file(b->config);
        const auto grid = engine::parse_grid(doc, b->config);
        const auto registry = load_plugins(options, grid_plugins(grid));
        engine::BatchOptions batch;
        batch.output = b->output.empty() ? grid.output : std::filesystem::path(b->output);
        batch.threads = b->threads;
        batch.resume = b->resume;
        batch.progress = !options.quiet;
        batch.save_evaluations = b->save_evaluations;
        if (!b->shard.empty()) std::tie(batch.shard_index, batch.shard_count) = parse_shard(b->shard);
        spdlog::info("{}: {} runs{}", grid.name, grid.runs.size(),
                     batch.shard_count > 1 ? fmt::format(", shard {}/{}", batch.shard_index, batch.shard_count) : "");
        if (b->mpi) {
            bool root = false;
            const auto outcome = run_batch_mpi(grid, registry, data_dir(options), batch, root);
            if (!outcome.failed.empty()) throw Error(std::to_string(outcome.failed.size()) + " runs failed (see above)");
            if (root) report(outcome, batch.output);
            return;
        }
        const auto outcome = engine::run_batch(grid, registry, data_dir(options), batch);
        if (report(outcome, batch.output) != 0) throw Error(std::to_string(outcome.failed.size()) + " runs failed (see above)");
    });
}

void add_merge_command(CLI::App& app, const GlobalOptions&) {
    auto target = std::make_shared<std::string>();
    auto shards = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("merge", "Merge the shard folders of one batch and write its batch.csv");
    cmd->fallthrough();
    cmd->add_option("target", *target, "Folder to merge into")->required();
    cmd->add_option("shards", *shards, "Shard folders (a folder holding all runs may be given alone)");
    cmd->callback([target, shards] {
        std::vector<std::filesystem::path> folders(shards->begin(), shards->end());
        if (folders.empty()) folders.emplace_back(*target);
        std::filesystem::create_directories(*target);
        const auto outcome = engine::merge_batches(*target, folders);
        report(outcome, *target);
        if (!outcome.summary_written) throw Error("the batch is incomplete: " + std::to_string(outcome.missing.size()) + " runs missing");
    });
}

}  // namespace hwnas::cli
