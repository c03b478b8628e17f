// `hwnas analyze`: correlations between metrics over a whole space or a sample.
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include "engine/json_text.hpp"
#include "commands.hpp"
#include "engine/analysis.hpp"
#include "engine/results.hpp"
#include "engine/session.hpp"

namespace hwnas::cli {
namespace {

struct AnalyzeCommand {
    std::string space;
    std::string space_params = "{}";
    std::vector<std::string> providers;
    std::string dataset = "cifar10";
    std::optional<std::size_t> samples;
    std::uint64_t seed = 0;
    std::string archs;
    std::string arch_column = "arch";
    std::vector<std::string> metrics;
    std::string pairs;
    std::string output;
    std::string dump;
    std::size_t threads = 0;
};

/// "[ID=]PLUGIN[:JSON]", e.g. "analytic", "lut=block_lut:{\"file\": \"./raspi4.json\"}".
engine::PluginUse parse_provider(const std::string& spec, const engine::Location& where) {
    std::string rest = spec;
    std::string id;
    const auto equals = rest.find('=');
    if (equals != std::string::npos && equals < rest.find_first_of(":{")) {
        id = rest.substr(0, equals);
        rest = rest.substr(equals + 1);
    }
    const auto colon = rest.find(':');
    const std::string plugin = rest.substr(0, colon);
    const nlohmann::json params = colon == std::string::npos
                                      ? nlohmann::json::object()
                                      : engine::parse_json_text(rest.substr(colon + 1), "--provider '" + spec + "'");
    if (plugin.empty()) throw Error("--provider '" + spec + "': expected [ID=]PLUGIN[:JSON], e.g. analytic");
    return {plugin, id.empty() ? plugin : id, params, where};
}

std::vector<engine::NamedProvider> make_providers(const AnalyzeCommand& c, const engine::PluginRegistry& registry,
                                                  const engine::PluginSetting& setting, const SearchSpace& space) {
    std::vector<engine::NamedProvider> providers;
    for (std::size_t i = 0; i < c.providers.size(); ++i) {
        const engine::Location where = engine::Location("command line") / "provider" / i;
        const auto use = parse_provider(c.providers[i], where);
        for (const auto& earlier : providers) {
            if (earlier.id == use.id) throw Error("--provider: the id '" + use.id + "' is used twice; name one ID=PLUGIN");
        }
        providers.push_back({use.id, engine::make_provider(registry, use, setting, space)});
    }
    return providers;
}

engine::ArchitectureSet architectures(const AnalyzeCommand& c, const SearchSpace& space) {
    if (!c.archs.empty()) return engine::read_architectures(space, c.archs, c.arch_column);
    return engine::choose_architectures(space, c.samples, c.seed);
}

void run_analyze(const AnalyzeCommand& c, const GlobalOptions& options) {
    std::optional<tbb::global_control> threads;
    if (c.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, c.threads);
    if (c.metrics.size() < 2) throw Error("--metrics: give at least two metrics to correlate, e.g. flops,raspi4_latency");

    const auto registry = load_plugins(options);
    const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), c.dataset};
    const engine::Location where("command line");
    const auto space = engine::make_space(
        registry, {c.space, c.space, engine::parse_json_text(c.space_params, "--space-params"), where / "space"}, setting);
    const auto providers = make_providers(c, registry, setting, *space);
    std::vector<engine::AnalysisMetric> metrics;
    for (const auto& name : c.metrics) metrics.push_back(engine::resolve_metric(providers, name));
    const auto pairs = c.pairs.empty() ? engine::default_pairs(metrics.size()) : engine::parse_pairs(c.pairs, metrics);

    const auto set = architectures(c, *space);
    if (set.archs.size() < 2) throw Error("only " + std::to_string(set.archs.size()) + " architecture(s) to analyse");
    spdlog::info("evaluating {} metrics of {} architectures", metrics.size(), set.archs.size());
    const auto values = engine::evaluate_metrics(*space, providers, metrics, set.archs);
    const auto rows = engine::correlate(values, metrics.size(), pairs);

    const engine::AnalysisSummary summary{std::string(space->name()), c.dataset, set.archs.size(), set.selection, set.seed};
    std::cout << engine::correlation_table(summary, metrics, rows);
    if (!c.output.empty()) {
        const std::filesystem::path folder(c.output);
        engine::write_file_atomically(folder / "correlations.csv", engine::correlations_csv(metrics, rows));
        engine::write_file_atomically(folder / "correlations.json",
                                      engine::correlations_json(summary, providers, metrics, rows).dump(2) + "\n");
        std::cout << fmt::format("results: {}/{{correlations.csv,correlations.json}}\n", folder.string());
    }
    if (!c.dump.empty()) {
        engine::write_file_atomically(c.dump, engine::metrics_csv(*space, set.archs, metrics, values));
        std::cout << fmt::format("metric values: {}\n", c.dump);
    }
}

}  // namespace

void add_analyze_command(CLI::App& app, const GlobalOptions& options) {
    auto c = std::make_shared<AnalyzeCommand>();
    CLI::App* cmd = app.add_subcommand("analyze", "Correlations between metrics over a space (docs/analysis.md)");
    cmd->fallthrough();
    cmd->add_option("--space", c->space, "Search space plugin, e.g. nb201")->required();
    cmd->add_option("--space-params", c->space_params, "Space parameters as JSON");
    cmd->add_option("--provider", c->providers,
                    "Cost provider(s): [ID=]PLUGIN[:JSON params], e.g. analytic, 'lut=block_lut:{\"file\":\"x.json\"}'")
        ->required();
    cmd->add_option("--dataset", c->dataset, "Dataset, e.g. cifar10, cifar100")->capture_default_str();
    CLI::Option* samples = cmd->add_option(
        "--samples", c->samples, "Analyse this many seeded samples (default: every architecture of a space of at most 1e6, else 10000)");
    cmd->add_option("--seed", c->seed, "Seed of the samples")->capture_default_str();
    cmd->add_option("--archs", c->archs, "Analyse the architectures listed in this file (one per line, or a .csv column)")
        ->check(CLI::ExistingFile)
        ->excludes(samples);
    cmd->add_option("--arch-column", c->arch_column, "Column of --archs holding the architecture (CSV)")
        ->capture_default_str();
    cmd->add_option("--metrics", c->metrics, "Metrics to evaluate: m1,m2,... (a name or id:name)")
        ->required()
        ->delimiter(',');
    cmd->add_option("--pairs", c->pairs, "Pairs to correlate: a:b,c:d (default: the first metric against each other)");
    cmd->add_option("-o,--output", c->output, "Folder for correlations.csv and correlations.json");
    cmd->add_option("--dump", c->dump, "CSV file for every architecture's metric values");
    cmd->add_option("--threads", c->threads, "Worker threads (default: all cores)");
    cmd->callback([c, &options] { run_analyze(*c, options); });
}

}  // namespace hwnas::cli
