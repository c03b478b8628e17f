// `hwnas report DIR`: an HTML page (and report.json) comparing the strategies of a batch.
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "engine/report.hpp"

namespace hwnas::cli {
namespace {

struct ReportCommand {
    std::string folder;
    std::string output;
    std::string group_by;
    std::string aggregate_by;
    std::size_t max_settings = 12;
};

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        const auto first = item.find_first_not_of(' ');
        const auto last = item.find_last_not_of(' ');
        if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    }
    return items;
}

void warn_missing(const engine::Report& report) {
    if (report.missing.empty()) return;
    std::string ids;
    for (std::size_t i = 0; i < report.missing.size() && i < 20; ++i) ids += (i ? ", " : "") + report.missing[i];
    if (report.missing.size() > 20) ids += fmt::format(" and {} more", report.missing.size() - 20);
    spdlog::warn("{} of {} runs have no result yet and are left out: {}", report.missing.size(), report.expected_runs, ids);
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions&) {
    auto c = std::make_shared<ReportCommand>();
    CLI::App* cmd = app.add_subcommand("report", "Compare the strategies of a batch: an HTML page with plots, and report.json");
    cmd->fallthrough();
    cmd->add_option("folder", c->folder, "Batch folder (written by hwnas bench)")->required();
    cmd->add_option("-o,--output", c->output, "HTML file (default: FOLDER/report.html); the statistics go next to it as .json")
        ->type_name("FILE");
    cmd->add_option("--group-by", c->group_by,
                    "Grid dimensions that make a setting, comma separated, e.g. \"/dataset,/constraints/0/metric\" "
                    "(default: every dimension but the strategy's)")
        ->type_name("POINTERS");
    cmd->add_option("--aggregate-by", c->aggregate_by,
                    "Setting dimension with one aggregate regret plot per value (default: the one with fewest values)")
        ->type_name("POINTER");
    cmd->add_option("--max-settings", c->max_settings, "Settings shown with their own plots and table");
    cmd->callback([c] {
        engine::ReportOptions options;
        options.folder = c->folder;
        options.output = c->output;
        options.group_by = split_list(c->group_by);
        options.aggregate_by = c->aggregate_by;
        options.max_settings = c->max_settings;
        const auto report = engine::build_report(options);
        warn_missing(report);
        const auto html = engine::write_report(report, options);
        std::cout << fmt::format("{}: {} runs, {} setting(s), {} strateg{}\n", report.name, report.runs.size(),
                                 report.settings.size(), report.strategies.size(), report.strategies.size() == 1 ? "y" : "ies");
        for (const auto& s : report.strategies) {
            std::cout << fmt::format("  {:<28} average rank {:.2f}, best in {} of {} settings ({} with p < 0.05)\n", s.name,
                                     s.average_rank, s.wins, s.settings, s.significant_wins);
        }
        auto json_file = html;
        json_file.replace_extension(".json");
        std::cout << fmt::format("report: {} (statistics: {})\n", html.string(), json_file.string());
    });
}

}  // namespace hwnas::cli
