// `hwnas lut fit`: a block look-up table fitted to whole-network measurements.
// `hwnas lut build`: a block look-up table measured block by block by a provider.
// `hwnas lut check`: how well a LUT's sums rank measured whole networks.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/json_text.hpp"
#include "commands.hpp"
#include "engine/lut_build.hpp"
#include "engine/lut_fit.hpp"
#include "engine/results.hpp"
#include "engine/session.hpp"
#include "engine/stats.hpp"
#include "hwnas/rng.hpp"

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
        registry, {c.space, c.space, engine::parse_json_text(c.space_params, "--space-params"), where / "space"}, setting);

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

/// What `lut build` and `lut check` share: a space and a measuring provider.
struct LiveOptions {
    std::string space;
    std::string space_params = "{}";
    std::string dataset = "cifar100";
    std::string provider = "live_cpu";
    std::string provider_params = "{}";
};

struct LutBuildCommand {
    LiveOptions live;
    std::vector<std::string> metrics{"latency"};
    std::string output;
    std::uint64_t seed = 0;
    std::size_t stall = 200;
    std::size_t max_bases = 100000;
};

struct LutCheckCommand {
    LiveOptions live;
    std::vector<std::string> metrics{"latency"};
    std::string lut;
    std::size_t samples = 100;
    std::uint64_t seed = 1;
    std::string output;
};

std::size_t metric_index(const CostProvider& provider, const std::string& metric, const std::string& plugin) {
    const auto metrics = provider.metrics();
    std::string names;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (metrics[i].name == metric) return i;
        names += (names.empty() ? "" : ", ") + metrics[i].name;
    }
    throw Error("--metric: provider '" + plugin + "' has no metric '" + metric + "' (it has " + names + ")");
}

/// The 1-, 5- and 15-minute load averages: measurements share the CPU with whatever else runs.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return in ? one + " " + five + " " + fifteen : "unknown";
}

void add_live_options(CLI::App* cmd, LiveOptions& o) {
    cmd->add_option("--space", o.space, "Search space plugin, e.g. fbnet or ofa")->required();
    cmd->add_option("--space-params", o.space_params, "Space parameters as JSON");
    cmd->add_option("--dataset", o.dataset, "Dataset (selects the space's macro-architecture)")->capture_default_str();
    cmd->add_option("--provider", o.provider, "Provider that measures networks")->capture_default_str();
    cmd->add_option("--provider-params", o.provider_params, "Provider parameters as JSON, e.g. '{\"repeats\": 20}'");
}

/// The plugins, settings and space both `lut build` and `lut check` start from.
/// Members in this order: the space is destroyed before the registry that
/// holds its plugin's code.
struct LiveSession {
    engine::PluginRegistry registry;
    engine::PluginSetting setting;
    engine::Location where{"command line"};
    std::shared_ptr<SearchSpace> space;

    LiveSession(const LiveOptions& live, const GlobalOptions& options)
        : registry(load_plugins(options)),
          setting{data_dir(options), std::filesystem::current_path(), live.dataset},
          space(engine::make_space(
              registry, {live.space, live.space, engine::parse_json_text(live.space_params, "--space-params"), where / "space"},
              setting)) {}
};

void run_build(const LutBuildCommand& c, const GlobalOptions& options) {
    const LiveSession live(c.live, options);
    const auto& [registry, setting, where, space] = live;

    const auto collect_start = std::chrono::steady_clock::now();
    const engine::BlockCollection found = engine::collect_blocks(*space, {c.seed, c.stall, c.max_bases});
    const double collect_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - collect_start).count();
    spdlog::info("{}: {} distinct keys from {} base architectures ({} networks; last new key at base {})", space->name(),
                 found.blocks.size(), found.bases, found.networks, found.last_new_base);

    const engine::BlockSpace blocks(std::string(space->name()) + "-blocks", found.blocks);
    const auto provider_params = engine::parse_json_text(c.live.provider_params, "--provider-params");
    const auto provider = engine::make_provider(
        registry, {c.live.provider, c.live.provider, provider_params, where / "provider"}, setting, blocks);
    std::vector<std::size_t> ids;
    for (const auto& m : c.metrics) ids.push_back(metric_index(*provider, m, c.live.provider));

    const std::string load_before = load_average();
    const auto start = std::chrono::steady_clock::now();
    const auto values = engine::measure_blocks(*provider, ids, found.blocks.size(), [](std::size_t done, std::size_t total) {
        if (done % 100 == 0 || done == total) spdlog::info("measured {} of {} blocks", done, total);
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const auto lut = engine::measured_lut(std::string(space->name()), c.live.dataset, c.metrics, found.blocks, values);
    const auto& info = provider->metrics()[ids.front()];
    nlohmann::json provenance{
        {"created_by", "hwnas lut build " HWNAS_VERSION},
        {"method", "each block (a keyed layer and the unkeyed layers after it) measured once on its own by the "
                   "provider; the LUT sum of a network adds its blocks' values"},
        {"provider", c.live.provider},
        {"provider_params", provider_params},
        {"provider_metrics", c.metrics},
        {"space_params", engine::parse_json_text(c.live.space_params, "--space-params")},
        {"enumeration", fmt::format("every gene varied through all its values from seeded random bases (seed {}) "
                                    "until {} bases in a row found no new key: {} bases, {} networks, last new key "
                                    "at base {}; exact for spaces whose keys each depend on one gene (fbnet), a "
                                    "coverage check otherwise (ofa)",
                                    c.seed, c.stall, found.bases, found.networks, found.last_new_base)},
        {"keys", found.blocks.size()},
        {"measurement_seconds", seconds},
        {"load_average_before", load_before},
        {"load_average_after", load_average()}};
    auto doc = engine::lut_document(lut, info.unit, std::move(provenance));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        doc["metrics"][i]["unit"] = provider->metrics()[ids[i]].unit;
        doc["metrics"][i]["description"] = "summed per-block " + c.metrics[i] + " measured by " + c.live.provider +
                                           " (hwnas lut build)";
    }
    engine::write_file_atomically(c.output, doc.dump(1) + "\n");
    std::cout << fmt::format("{} ({}): {} blocks found in {:.1f} s, measured by {} in {:.1f} s\nLUT written to {}\n",
                             space->name(), c.live.dataset, found.blocks.size(), collect_seconds, c.live.provider,
                             seconds, c.output);
}

/// One measurement pass over `archs`: metrics `ids` of each (row-major), and the pass's wall time.
std::pair<std::vector<double>, double> measure_pass(const CostProvider& provider, std::span<const std::size_t> ids,
                                                    const std::vector<Architecture>& archs, int pass) {
    std::vector<double> values(archs.size() * ids.size());
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < archs.size(); ++i) {
        provider.evaluate(archs[i], ids, std::span<double>(values.data() + i * ids.size(), ids.size()));
        if ((i + 1) % 25 == 0) spdlog::info("pass {}: {} of {} networks", pass, i + 1, archs.size());
    }
    return {values, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

/// Column `m` of a row-major table with `width` columns.
std::vector<double> column(const std::vector<double>& table, std::size_t width, std::size_t m) {
    std::vector<double> out;
    for (std::size_t i = m; i < table.size(); i += width) out.push_back(table[i]);
    return out;
}

std::string correlations(const std::vector<double>& x, const std::vector<double>& y) {
    return fmt::format("Pearson {:.4f}  Kendall tau-b {:.4f}  Spearman {:.4f}", engine::pearson(x, y),
                       engine::kendall_tau_b(x, y), engine::spearman(x, y));
}

void run_check(const LutCheckCommand& c, const GlobalOptions& options) {
    const LiveSession live(c.live, options);
    const auto& [registry, setting, where, space] = live;
    const auto measured_by = engine::make_provider(
        registry,
        {c.live.provider, c.live.provider, engine::parse_json_text(c.live.provider_params, "--provider-params"), where / "provider"},
        setting, *space);
    const auto lut = engine::make_provider(
        registry, {"block_lut", "block_lut", {{"file", std::filesystem::absolute(c.lut).string()}}, where / "lut"},
        setting, *space);
    std::vector<std::size_t> ids;
    std::vector<std::size_t> lut_ids;
    for (const auto& m : c.metrics) {
        ids.push_back(metric_index(*measured_by, m, c.live.provider));
        lut_ids.push_back(metric_index(*lut, m, "block_lut (" + c.lut + ")"));
    }
    const std::size_t width = ids.size();

    Rng rng = Rng::derive(c.seed, "lut-check/sample");
    std::vector<Architecture> archs;
    std::set<Architecture> seen;
    for (std::size_t attempt = 0; archs.size() < c.samples && attempt < 100 * c.samples; ++attempt) {
        const Architecture a = space->sample(rng);
        if (seen.insert(a).second) archs.push_back(a);
    }
    std::vector<double> summed(archs.size() * width);
    for (std::size_t i = 0; i < archs.size(); ++i) {
        lut->evaluate(archs[i], lut_ids, std::span<double>(summed.data() + i * width, width));
    }

    const std::string load_before = load_average();
    const auto [first, first_seconds] = measure_pass(*measured_by, ids, archs, 1);
    const auto [second, second_seconds] = measure_pass(*measured_by, ids, archs, 2);
    const std::string load_after = load_average();

    std::cout << fmt::format("{} ({}): {} architectures (seed {}), LUT {}, measured by {} {}\n", space->name(),
                             c.live.dataset, archs.size(), c.seed, c.lut, c.live.provider, c.live.provider_params);
    for (std::size_t m = 0; m < width; ++m) {
        const auto lut_values = column(summed, width, m);
        const auto one = column(first, width, m);
        const auto two = column(second, width, m);
        double ratio = 0.0;
        for (std::size_t i = 0; i < one.size(); ++i) ratio += lut_values[i] / one[i];
        const auto [lo, hi] = std::minmax_element(one.begin(), one.end());
        std::cout << fmt::format("  {}: measured {:.3f} .. {:.3f}, summed LUT / measured {:.3f} on average\n",
                                 c.metrics[m], *lo, *hi, ratio / static_cast<double>(one.size()));
        std::cout << "    summed LUT vs pass 1:  " << correlations(lut_values, one) << "\n";
        std::cout << "    summed LUT vs pass 2:  " << correlations(lut_values, two) << "\n";
        std::cout << "    pass 1 vs pass 2:      " << correlations(one, two) << "\n";
    }
    std::cout << fmt::format("  throughput: pass 1 {:.2f} architectures/s ({:.1f} s), pass 2 {:.2f} architectures/s "
                             "({:.1f} s)\n",
                             archs.size() / first_seconds, first_seconds, archs.size() / second_seconds, second_seconds);
    std::cout << fmt::format("  load average before {}, after {}\n", load_before, load_after);
    if (c.output.empty()) return;
    std::string csv = "arch";
    for (const auto& m : c.metrics) csv += fmt::format(",lut_{0},pass1_{0},pass2_{0}", m);
    csv += "\n";
    for (std::size_t i = 0; i < archs.size(); ++i) {
        csv += to_genes_string(archs[i]);
        for (std::size_t m = 0; m < width; ++m) {
            csv += fmt::format(",{},{},{}", summed[i * width + m], first[i * width + m], second[i * width + m]);
        }
        csv += "\n";
    }
    engine::write_file_atomically(c.output, csv);
    std::cout << fmt::format("values written to {}\n", c.output);
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

    auto b = std::make_shared<LutBuildCommand>();
    CLI::App* build = lut->add_subcommand("build", "Measure every block of a space once and write a block LUT");
    build->fallthrough();
    add_live_options(build, b->live);
    build->add_option("--metric", b->metrics, "Provider metric(s) to record, one LUT metric each (repeat or use commas)")
        ->capture_default_str()
        ->delimiter(',');
    build->add_option("-o,--output", b->output, "LUT file to write (JSON)")->required();
    build->add_option("--seed", b->seed, "Seed of the base architectures the keys are collected from")
        ->capture_default_str();
    build->add_option("--stall", b->stall, "Stop collecting keys after this many bases in a row found none")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    build->add_option("--max-bases", b->max_bases, "Fail if keys are still found after this many bases")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    build->callback([b, &options] { run_build(*b, options); });

    auto k = std::make_shared<LutCheckCommand>();
    CLI::App* check = lut->add_subcommand(
        "check", "Correlate a LUT's sums with whole networks measured twice (Pearson, Kendall, run-to-run Spearman)");
    check->fallthrough();
    add_live_options(check, k->live);
    check->add_option("--metric", k->metrics, "Metric(s) of both the provider and the LUT to compare (repeat or commas)")
        ->capture_default_str()
        ->delimiter(',');
    check->add_option("--lut", k->lut, "LUT file (block-LUT format) whose metric is --metric")
        ->required()
        ->check(CLI::ExistingFile);
    check->add_option("--samples", k->samples, "Distinct random architectures measured")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{2}, std::size_t{100000}));
    check->add_option("--seed", k->seed, "Seed of the architecture sample")->capture_default_str();
    check->add_option("-o,--output", k->output, "Also write the values per architecture (CSV)");
    check->callback([k, &options] { run_check(*k, options); });
}

}  // namespace hwnas::cli
