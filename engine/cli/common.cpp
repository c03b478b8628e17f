#include "common.hpp"

#include <cstdlib>
#include <set>

#include <spdlog/spdlog.h>

namespace hwnas::cli {

std::filesystem::path data_dir(const GlobalOptions& options) {
    if (!options.data_dir.empty()) return options.data_dir;
    if (const char* env = std::getenv("HWNAS_DATA_DIR"); env && *env) return env;
    return HWNAS_DEFAULT_DATA_DIR;
}

engine::PluginRegistry load_plugins(const GlobalOptions& options, const std::vector<std::string>& only) {
    std::vector<std::filesystem::path> extra(options.plugin_paths.begin(), options.plugin_paths.end());
    for (const auto& folder : extra) {
        if (!std::filesystem::is_directory(folder)) spdlog::warn("plugin path {} is not a folder", folder.string());
    }
    engine::PluginRegistry registry;
    registry.discover(engine::PluginRegistry::search_path(extra));
    if (only.empty()) {
        registry.load_all();
    } else {
        registry.load_named(only);
    }
    for (const auto& refused : registry.refused()) {
        spdlog::warn("plugin {} refused: {}", refused.file.string(), refused.reason);
    }
    spdlog::debug("{} plugins loaded", registry.plugins().size());
    return registry;
}

std::vector<std::string> plugins_used(const engine::Experiment& experiment) {
    std::vector<std::string> names = {experiment.space.plugin, experiment.strategy.plugin};
    for (const auto& p : experiment.providers) names.push_back(p.plugin);
    return names;
}

std::vector<std::string> grid_plugins(const engine::Grid& grid) {
    std::set<std::string> names;
    const engine::Experiment* previous = nullptr;
    for (const auto& run : grid.runs) {
        if (run.experiment.get() == previous) continue;  // the seeds of one point share it
        previous = run.experiment.get();
        for (auto& name : plugins_used(*run.experiment)) names.insert(std::move(name));
    }
    return {names.begin(), names.end()};
}

}  // namespace hwnas::cli
