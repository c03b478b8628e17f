#pragma once
// One function per `hwnas` subcommand; each registers its options on the app.
#include <CLI/CLI.hpp>

#include "common.hpp"

namespace hwnas::cli {

void add_run_command(CLI::App& app, const GlobalOptions& options);
void add_validate_command(CLI::App& app, const GlobalOptions& options);
void add_list_command(CLI::App& app, const GlobalOptions& options);
void add_describe_command(CLI::App& app, const GlobalOptions& options);
void add_query_command(CLI::App& app, const GlobalOptions& options);
void add_bench_command(CLI::App& app, const GlobalOptions& options);
void add_merge_command(CLI::App& app, const GlobalOptions& options);
void add_lut_command(CLI::App& app, const GlobalOptions& options);
void add_analyze_command(CLI::App& app, const GlobalOptions& options);
void add_report_command(CLI::App& app, const GlobalOptions& options);
void add_fit_command(CLI::App& app, const GlobalOptions& options);
void add_agent_command(CLI::App& app, const GlobalOptions& options);

}  // namespace hwnas::cli
