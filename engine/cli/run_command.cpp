// `hwnas run CONFIG` and `hwnas validate CONFIG`.
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "engine/batch.hpp"
#include "engine/grid.hpp"
#include "engine/results.hpp"
#include "engine/run.hpp"

namespace hwnas::cli {
namespace {

struct RunOptions {
    std::string config;
    std::string output;
    std::optional<std::uint64_t> seed;
};

std::string metric_line(const engine::Session& session, const engine::History& history, std::size_t row) {
    std::string line;
    const double* metrics = history.metrics_of(row);
    for (std::size_t i = 0; i < history.metric_count; ++i) {
        const auto& m = session.problem().metrics[i];
        line += fmt::format("{}{}={}{}", i ? ", " : "", m.name, engine::format_number(metrics[i]),
                            m.unit.empty() ? "" : " " + m.unit);
    }
    return line;
}

void print_summary(const engine::Session& session, const engine::RunResult& result, std::uint64_t seed,
                   const std::filesystem::path& folder) {
    const auto& e = session.experiment();
    const auto& h = result.history;
    std::size_t feasible = 0;
    for (const auto f : h.feasible) feasible += f;
    std::cout << fmt::format("{}: {} on {}{}, seed {}\n", e.name, e.strategy.plugin, session.space().name(),
                             e.dataset.empty() ? "" : " (" + e.dataset + ")", seed);
    std::cout << fmt::format("  {} evaluations ({} unique, {} feasible) in {:.3f} s, stopped by {}\n", h.size(),
                             result.unique, feasible, result.wall_seconds, result.stop_reason);
    if (result.best) {
        std::cout << fmt::format("  best feasible: {} (step {})\n    {}\n",
                                 session.space().to_string(h.archs[*result.best]), *result.best,
                                 metric_line(session, h, *result.best));
    } else if (!result.front.empty()) {
        std::cout << fmt::format("  Pareto front: {} architectures (see summary.json)\n", result.front.size());
    } else {
        std::cout << "  no feasible architecture found: loosen the constraints or raise the budget\n";
    }
    std::cout << fmt::format("  results: {}/{{evaluations.csv,summary.json}}\n", folder.string());
}

}  // namespace

void add_run_command(CLI::App& app, const GlobalOptions& options) {
    auto run = std::make_shared<RunOptions>();
    CLI::App* cmd = app.add_subcommand("run", "Run one experiment and write its results");
    cmd->fallthrough();
    cmd->add_option("config", run->config, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", run->output, "Results folder (default: the config's \"output\")");
    cmd->add_option("--seed", run->seed, "Seed (default: the config's \"seed\")");
    cmd->callback([run, &options] {
        const auto doc = engine::read_json_file(run->config);
        if (engine::is_grid(doc)) throw Error(run->config + " is a grid of runs: run it with 'hwnas bench " + run->config + "'");
        auto experiment = engine::parse_experiment(doc, run->config);
        if (run->seed) experiment.seed = *run->seed;
        const std::filesystem::path folder = run->output.empty() ? experiment.output : std::filesystem::path(run->output);
        const auto registry = load_plugins(options, plugins_used(experiment));
        const engine::Session session(std::move(experiment), registry, data_dir(options));
        const std::uint64_t seed = session.experiment().seed;
        spdlog::info("running {} ({} evaluations budget)", session.experiment().name,
                     session.experiment().budget.evaluations);
        const auto result = engine::run_search(session, seed, "run");
        engine::write_run(folder, session, result, seed);
        print_summary(session, result, seed, folder);
    });
}

void add_validate_command(CLI::App& app, const GlobalOptions& options) {
    auto config = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("validate", "Check an experiment file and the plugins and data it names");
    cmd->fallthrough();
    cmd->add_option("config", *config, "Experiment file (JSON)")->required()->check(CLI::ExistingFile);
    cmd->callback([config, &options] {
        const auto doc = engine::read_json_file(*config);
        if (engine::is_grid(doc)) {
            // A grid is valid when every one of its runs is.
            const auto grid = engine::parse_grid(doc, *config);
            const auto registry = load_plugins(options, grid_plugins(grid));
            std::vector<const engine::GridRun*> runs;
            for (const auto& r : grid.runs) runs.push_back(&r);
            const auto sessions = engine::make_sessions(runs, registry, data_dir(options));
            std::cout << fmt::format("{}: valid grid: {} runs over {} swept settings\n", *config, grid.runs.size(),
                                     grid.dimensions.size());
            return;
        }
        auto experiment = engine::parse_experiment(doc, *config);
        const auto registry = load_plugins(options, plugins_used(experiment));
        const engine::Session session(std::move(experiment), registry, data_dir(options));
        std::string metrics;
        for (const auto& m : session.problem().metrics) metrics += (metrics.empty() ? "" : ", ") + m.name;
        std::cout << fmt::format("{}: valid: space {}, {} provider(s), strategy {}, metrics {}\n", *config,
                                 session.space().name(), session.providers().size(),
                                 session.experiment().strategy.plugin, metrics);
    });
}

}  // namespace hwnas::cli
