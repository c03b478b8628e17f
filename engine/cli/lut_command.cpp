// `hwnas lut fit`: a block look-up table fitted to whole-network measurements.
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "engine/lut_fit.hpp"
#include "engine/results.hpp"
#include "engine/session.hpp"

namespace hwnas::cli {
namespace {

struct LutFitCommand {
    std::string space;
    std::string space_params = "{}";
    std::string dataset = "cifar10";
    std::string data;
    std::string records;
    std::string key_column;
    std::vector<std::string> metrics;
    std::string output;
    double holdout = 0.2;
    std::uint64_t seed = 0;
    std::string unit = "ms";
    double rank_tolerance = 1e-9;
    std::string check;
    std::string check_records;
};

nlohmann::json parse_json_option(const std::string& text, const std::string& option) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(option + ": invalid JSON: " + e.what());
    }
}

nlohmann::json agreement_json(const std::vector<engine::Agreement>& rows) {
    const auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
    nlohmann::json out = nlohmann::json::object();
    for (const auto& a : rows) {
        out[a.metric] = {{"n", a.count},
                         {"rmse", number(a.rmse)},
                         {"max_abs_error", number(a.max_abs_error)},
                         {"max_rel_error", number(a.max_rel_error)},
                         {"pearson", number(a.pearson)},
                         {"kendall_tau_b", number(a.kendall)}};
    }
    return out;
}

nlohmann::json provenance(const LutFitCommand& c, const engine::Measurements& data, const engine::FittedLut& lut) {
    return {{"created_by", "hwnas lut fit " HWNAS_VERSION},
            {"data", data.source},
            {"key_column", c.key_column},
            {"measured_columns", c.metrics},
            {"method", "least squares over per-architecture key counts (Eigen BDCSVD), rank tolerance " +
                           engine::format_number(c.rank_tolerance)},
            {"gauge", "minimum-norm solution: entries have no component along the null space of the count matrix "
                      "(see docs/block-lut-format.md); only sums over whole networks and differences between blocks "
                      "at one position are determined by the data"},
            {"holdout", c.holdout},
            {"seed", c.seed},
            {"train_architectures", lut.train_count},
            {"heldout_architectures", lut.heldout_count},
            {"keys", lut.keys.size()},
            {"rank", lut.rank},
            {"nullity", lut.nullity},
            {"identifiable_entries", lut.identifiable},
            {"constant_keys", lut.constant_keys},
            {"train", agreement_json(lut.train)},
            {"heldout", agreement_json(lut.heldout)}};
}

void print_fit(const engine::FittedLut& lut, const engine::Measurements& data) {
    std::cout << fmt::format("{} ({}): {} keys fitted to {} architectures of {}\n", lut.space, lut.dataset,
                             lut.keys.size(), lut.train_count, data.source);
    std::cout << fmt::format("  rank {} of {} keys (nullity {}); {} entries identifiable on their own; "
                             "{} keys in every network\n",
                             lut.rank, lut.keys.size(), lut.nullity, lut.identifiable, lut.constant_keys.size());
    std::cout << "training fit (summed LUT vs measured):\n" << engine::agreement_table(lut.train);
    if (lut.heldout_count == 0) return;
    std::cout << fmt::format("held-out architectures ({}, {} not priceable: unseen keys):\n", lut.heldout_count,
                             lut.heldout_unpriced)
              << engine::agreement_table(lut.heldout);
}

void check_against(const LutFitCommand& c, const SearchSpace& space, const engine::FittedLut& lut) {
    const engine::Measurements check = engine::read_measurements(
        space, {c.check, c.check_records, c.key_column, lut.metrics, c.dataset});
    std::size_t unpriced = 0;
    const auto rows = engine::compare_with(space, lut, check, {}, unpriced);
    std::cout << fmt::format("check against {} ({} architectures, {} not priceable, {} of other datasets skipped):\n",
                             check.source, check.size(), unpriced, check.skipped_other_dataset)
              << engine::agreement_table(rows);
}

void run_fit(const LutFitCommand& c, const GlobalOptions& options) {
    const auto registry = load_plugins(options);
    const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), c.dataset};
    const engine::Location where("command line");
    const auto space = engine::make_space(
        registry, {c.space, c.space, parse_json_option(c.space_params, "--space-params"), where / "space"}, setting);

    const auto data = engine::read_measurements(*space, {c.data, c.records, c.key_column, c.metrics, c.dataset});
    if (data.skipped_other_dataset > 0) {
        spdlog::info("{}: skipped {} records of datasets other than {}", data.source, data.skipped_other_dataset, c.dataset);
    }
    const engine::LutFitOptions fit_options{c.holdout, c.seed, c.rank_tolerance};
    const auto lut = engine::fit_lut(*space, c.dataset, data, fit_options);
    engine::write_file_atomically(c.output, engine::lut_document(lut, c.unit, provenance(c, data, lut)).dump(1) + "\n");
    print_fit(lut, data);
    if (!c.check.empty()) check_against(c, *space, lut);
    std::cout << fmt::format("LUT written to {}\n", c.output);
}

}  // namespace

void add_lut_command(CLI::App& app, const GlobalOptions& options) {
    CLI::App* lut = app.add_subcommand("lut", "Block look-up tables (docs/block-lut-format.md)");
    lut->require_subcommand(1);
    auto c = std::make_shared<LutFitCommand>();
    CLI::App* fit = lut->add_subcommand("fit", "Fit a block LUT to whole-network measurements by least squares");
    fit->fallthrough();
    fit->add_option("--space", c->space, "Search space plugin whose networks key the LUT, e.g. fbnet")->required();
    fit->add_option("--space-params", c->space_params, "Space parameters as JSON");
    fit->add_option("--dataset", c->dataset, "Dataset the measurements are for")->capture_default_str();
    fit->add_option("--data", c->data, "Measurements: a CSV table, or JSON records (.json)")
        ->required()
        ->check(CLI::ExistingFile);
    fit->add_option("--records", c->records, "JSON only: the record group to read, e.g. help_cifar100");
    fit->add_option("--key-column", c->key_column, "Column / record field holding the architecture")->required();
    fit->add_option("--metric", c->metrics, "Measured column(s) to fit, one LUT metric each (repeat or use commas)")
        ->required()
        ->delimiter(',');
    fit->add_option("-o,--output", c->output, "LUT file to write (JSON)")->required();
    fit->add_option("--holdout", c->holdout, "Fraction of the measurements held out of the fit")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 0.99));
    fit->add_option("--seed", c->seed, "Seed of the hold-out split")->capture_default_str();
    fit->add_option("--unit", c->unit, "Unit written for every metric")->capture_default_str();
    fit->add_option("--rank-tolerance", c->rank_tolerance,
                    "Singular values below this times the largest count as zero")
        ->capture_default_str();
    fit->add_option("--check", c->check, "Also compare the fitted LUT with these measurements (CSV or JSON)")
        ->check(CLI::ExistingFile);
    fit->add_option("--check-records", c->check_records, "JSON only: record group of --check");
    fit->callback([c, &options] { run_fit(*c, options); });
}

}  // namespace hwnas::cli
