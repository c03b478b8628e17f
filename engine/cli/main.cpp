// hwnas: hardware-aware neural architecture search from the command line.
#include <exception>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "hwnas/error.hpp"

int main(int argc, char** argv) {
    // Logs and progress go to stderr; results go to files and stdout.
    auto logger = spdlog::stderr_color_mt("hwnas");
    logger->set_pattern("%^%l%$: %v");
    spdlog::set_default_logger(logger);

    hwnas::cli::GlobalOptions options;
    CLI::App app{"hwnas " HWNAS_VERSION ": hardware-aware neural architecture search"};
    app.require_subcommand(1);
    app.option_defaults()->always_capture_default();
    app.add_option("--plugin-path", options.plugin_paths, "Extra folder(s) to load plugins from (searched first)")
        ->type_name("DIR");
    app.add_option("--data-dir", options.data_dir,
                   "Benchmark data directory (default: $HWNAS_DATA_DIR, else the build's ../shared/data)")
        ->type_name("DIR");
    app.add_flag("-v,--verbose", options.verbose, "More log output");
    app.add_flag("-q,--quiet", options.quiet, "Only errors");
    app.parse_complete_callback([&] {
        spdlog::set_level(options.quiet ? spdlog::level::err : options.verbose ? spdlog::level::debug : spdlog::level::info);
    });

    hwnas::cli::add_run_command(app, options);
    hwnas::cli::add_validate_command(app, options);
    hwnas::cli::add_list_command(app, options);
    hwnas::cli::add_describe_command(app, options);
    hwnas::cli::add_query_command(app, options);
    hwnas::cli::add_bench_command(app, options);
    hwnas::cli::add_merge_command(app, options);
    hwnas::cli::add_lut_command(app, options);
    hwnas::cli::add_analyze_command(app, options);
    hwnas::cli::add_report_command(app, options);
    hwnas::cli::add_fit_command(app, options);
    hwnas::cli::add_agent_command(app, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const hwnas::Error& e) {
        spdlog::error("{}", e.what());
        return 1;
    } catch (const std::exception& e) {
        spdlog::error("unexpected failure: {}", e.what());
        return 1;
    }
    return 0;
}
