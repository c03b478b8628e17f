// `hwnas fit`: a learned cost model (XGBoost) of one metric, from a dataset or
// from a provider's values over sampled architectures (docs/surrogates.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/json_text.hpp"
#include "commands.hpp"
#include "engine/fit_data.hpp"
#include "engine/results.hpp"
#include "engine/surrogate_fit.hpp"
#include "fit_study.hpp"

namespace hwnas::cli {
namespace {

struct FitCommand {
    std::string space;
    std::string space_params = "{}";
    std::string dataset = "cifar10";
    std::string data;
    std::string records;
    std::string key_column;
    std::string split_column;
    std::string provider;
    std::size_t samples = 0;
    bool all = false;
    std::string metric;
    std::string encoding = "one_hot";
    std::string params = "{}";
    std::uint64_t seed = 0;
    double valid = 0.1;
    double test = 0.1;
    std::string name;
    std::string unit;
    std::string direction;
    std::string description;
    std::string output;
    FitStudyOptions study;
};

/// Inline JSON when it starts with '{', else the path of a JSON file.
nlohmann::json json_or_file(const std::string& value, const std::string& option) {
    if (value.find_first_not_of(" \t\n") != std::string::npos && value[value.find_first_not_of(" \t\n")] == '{') {
        return engine::parse_json_text(value, option);
    }
    std::ifstream in(value);
    if (!in) throw Error(option + " " + value + ": cannot open file (expected inline JSON starting with '{' or a file)");
    std::stringstream text;
    text << in.rdbuf();
    return engine::parse_json_text(text.str(), value);
}

/// "PLUGIN[:JSON]", e.g. "table" or "analytic:{\"input_size\": 32}".
engine::PluginUse parse_provider(const std::string& spec) {
    const auto colon = spec.find(':');
    const std::string plugin = spec.substr(0, colon);
    const nlohmann::json params = colon == std::string::npos ? nlohmann::json::object()
                                                             : engine::parse_json_text(spec.substr(colon + 1), "--provider");
    return {plugin, plugin, params, engine::Location("command line") / "provider"};
}

std::size_t metric_id(const CostProvider& provider, const std::string& name, const std::string& plugin) {
    const auto metrics = provider.metrics();
    std::string have;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (metrics[i].name == name) return i;
        have += (have.empty() ? "" : ", ") + metrics[i].name;
    }
    throw Error("--metric: provider '" + plugin + "' has no metric '" + name + "'; it has: " + have);
}

MetricInfo described_metric(const FitCommand& c, MetricInfo info) {
    if (!c.name.empty()) info.name = c.name;
    if (!c.unit.empty()) info.unit = c.unit;
    if (!c.description.empty()) info.description = c.description;
    if (c.direction == "lower") info.better = Direction::lower_is_better;
    else if (c.direction == "higher") info.better = Direction::higher_is_better;
    else if (!c.direction.empty()) throw Error("--direction: expected 'lower' or 'higher', found '" + c.direction + "'");
    if (info.description.empty()) info.description = "XGBoost surrogate of " + c.metric;
    return info;
}

void print_scores(const engine::FittedSurrogate& fit, const std::string& metric) {
    std::cout << fmt::format("{:<8} {:>6} {:>9} {:>11} {:>9} {:>9}\n", "split", "n", "R^2", "RMSE", "tau_b", "spearman");
    const auto line = [](const char* name, const engine::Scores& s) {
        std::cout << fmt::format("{:<8} {:>6} {:>9.4f} {:>11.5g} {:>9.4f} {:>9.4f}\n", name, s.count, s.r2, s.rmse,
                                 s.kendall, s.spearman);
    };
    line("train", fit.train);
    if (fit.valid.count > 0) line("valid", fit.valid);
    if (fit.test.count > 0) line("test", fit.test);
    std::cout << fmt::format("{}: {} boosting rounds kept\n", metric, fit.model.rounds());
}

void run_fit(const FitCommand& c, const GlobalOptions& options) {
    const auto registry = load_plugins(options);
    const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), c.dataset};
    const engine::Location where("command line");
    const auto space = engine::make_space(
        registry, {c.space, c.space, engine::parse_json_text(c.space_params, "--space-params"), where / "space"}, setting);

    if (!c.study.study.empty()) {
        if (c.provider.empty()) throw Error("--study needs --provider (the provider of the device metrics)");
        const auto provider = engine::make_provider(registry, parse_provider(c.provider), setting, *space);
        FitStudyOptions study = c.study;
        study.seed = c.seed;
        study.params = c.params;
        study.output = c.output;
        run_fit_study(study, *space, *provider);
        return;
    }
    if (c.output.empty()) throw Error("-o/--output: give the model file to write");
    if (c.metric.empty()) throw Error("--metric: give the metric (column or provider metric) to learn");
    if (c.data.empty() == c.provider.empty()) throw Error("give either --data FILE or --provider PLUGIN");

    engine::FitData data;
    MetricInfo info{c.metric, "", Direction::lower_is_better, ""};
    if (!c.data.empty()) {
        if (c.key_column.empty()) throw Error("--key-column: give the column(s) holding the architecture");
        data = engine::read_fit_data(*space, {c.data, c.records, c.key_column, c.metric, c.split_column, c.dataset});
        if (data.skipped_missing > 0) spdlog::info("{}: skipped {} rows without a value of {}", data.source, data.skipped_missing, c.metric);
    } else {
        const auto provider = engine::make_provider(registry, parse_provider(c.provider), setting, *space);
        const std::size_t id = metric_id(*provider, c.metric, c.provider);
        info = provider->metrics()[id];
        if (c.all) data = engine::enumerate_provider(*space, *provider, id, "provider " + c.provider);
        else if (c.samples > 0) data = engine::sample_provider(*space, *provider, id, c.samples, c.seed, "provider " + c.provider);
        else throw Error("with --provider, give --samples N or --all");
    }
    info = described_metric(c, info);

    const auto encoding = engine::parse_encoding(c.encoding);
    const auto overrides = json_or_file(c.params, "--params");
    const auto params = engine::boosting_params(overrides, c.seed, "--params");
    const auto split = c.split_column.empty() ? engine::random_split(data.size(), c.valid, c.test, c.seed)
                                              : engine::tagged_split(data);
    spdlog::info("fitting {} on {} rows ({} train, {} valid, {} test)", info.name, data.size(), split.train.size(),
                 split.valid.size(), split.test.size());
    const auto fit = engine::fit_surrogate(*space, data, split, encoding, params);

    nlohmann::json training = {{"created_by", "hwnas fit " HWNAS_VERSION},
                               {"data", data.source},
                               {"data_hash", engine::fit_data_hash(*space, data)},
                               {"column", c.metric},
                               {"dataset", c.dataset},
                               {"skipped_missing", data.skipped_missing},
                               {"split", c.split_column.empty() ? nlohmann::json{{"seed", c.seed}, {"valid", c.valid}, {"test", c.test}}
                                                                : nlohmann::json{{"column", c.split_column}}},
                               {"hyperparameters", params.booster},
                               {"num_rounds", params.num_rounds},
                               {"early_stopping_rounds", params.early_stopping_rounds}};
    engine::write_file_atomically(c.output, engine::surrogate_document(*space, encoding, info, fit, training).dump() + "\n");
    print_scores(fit, info.name);
    std::cout << fmt::format("model written to {}\n", c.output);
}

}  // namespace

void add_fit_command(CLI::App& app, const GlobalOptions& options) {
    auto c = std::make_shared<FitCommand>();
    CLI::App* cmd = app.add_subcommand("fit", "Train an XGBoost surrogate of one metric (docs/surrogates.md)");
    cmd->fallthrough();
    cmd->add_option("--space", c->space, "Search space plugin, e.g. mnasnet, nb201")->required();
    cmd->add_option("--space-params", c->space_params, "Space parameters as JSON");
    cmd->add_option("--dataset", c->dataset, "Dataset (of the provider, or of JSON records)")->capture_default_str();
    cmd->add_option("--data", c->data, "Rows to learn from: a CSV table, or JSON records (.json)")->check(CLI::ExistingFile);
    cmd->add_option("--records", c->records, "JSON only: the record group to read");
    cmd->add_option("--key-column", c->key_column, "Column(s) of the architecture: NAME, A,B,C or PREFIX*");
    cmd->add_option("--split-column", c->split_column, "CSV column tagging rows train/val/test (instead of a seeded split)");
    cmd->add_option("--provider", c->provider, "Learn a provider's metric instead: PLUGIN[:JSON params]");
    cmd->add_option("--samples", c->samples, "With --provider: this many seeded samples of the space");
    cmd->add_flag("--all", c->all, "With --provider: every architecture of the (enumerable) space");
    cmd->add_option("--metric", c->metric, "The column or provider metric to learn");
    cmd->add_option("--encoding", c->encoding, "Model input: one_hot or features (the space's numeric features)")
        ->capture_default_str();
    cmd->add_option("--params", c->params, "XGBoost hyperparameters: inline JSON or a JSON file")->capture_default_str();
    cmd->add_option("--seed", c->seed, "Seed of the samples, the split and XGBoost")->capture_default_str();
    cmd->add_option("--valid", c->valid, "Fraction of rows for early stopping")->capture_default_str();
    cmd->add_option("--test", c->test, "Fraction of rows held out for the reported scores")->capture_default_str();
    cmd->add_option("--name", c->name, "Metric name the model offers (default: --metric)");
    cmd->add_option("--unit", c->unit, "Unit of the metric, e.g. ms, %");
    cmd->add_option("--direction", c->direction, "lower or higher is better (default: the provider's, else lower)");
    cmd->add_option("--description", c->description, "One line for `hwnas describe`");
    cmd->add_option("-o,--output", c->output, "Model file to write (JSON); with --study, a folder for the tables");
    cmd->add_option("--study", c->study.study, "Instead of one model: 'transfer' (AdaProxy device transfer) or "
                                                "'predictors' (1/5/20% predictor comparison)");
    cmd->add_option("--metrics", c->study.metrics, "--study: the device latency metrics, m1,m2,...")->delimiter(',');
    cmd->add_option("--target-samples", c->study.samples, "--study transfer: target sample counts")->delimiter(',');
    cmd->add_option("--fractions", c->study.fractions, "--study predictors: training fractions")->delimiter(',');
    cmd->add_option("--threshold", c->study.threshold, "--study transfer: adapt when proxy/target Spearman is below")
        ->capture_default_str();
    cmd->add_option("--lambda", c->study.lambda, "--study: AdaProxy ridge weight on b (relative to mean y^2)")
        ->capture_default_str();
    cmd->add_option("--repeats", c->study.repeats, "--study: seeded repetitions averaged")->capture_default_str();
    cmd->callback([c, &options] { run_fit(*c, options); });
}

}  // namespace hwnas::cli
