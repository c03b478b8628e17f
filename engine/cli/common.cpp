#include "common.hpp"

#include <cstdlib>

#include <spdlog/spdlog.h>

namespace hwnas::cli {

std::filesystem::path data_dir(const GlobalOptions& options) {
    if (!options.data_dir.empty()) return options.data_dir;
    if (const char* env = std::getenv("HWNAS_DATA_DIR"); env && *env) return env;
    return HWNAS_DEFAULT_DATA_DIR;
}

engine::PluginRegistry load_plugins(const GlobalOptions& options) {
    std::vector<std::filesystem::path> extra(options.plugin_paths.begin(), options.plugin_paths.end());
    for (const auto& folder : extra) {
        if (!std::filesystem::is_directory(folder)) spdlog::warn("plugin path {} is not a folder", folder.string());
    }
    engine::PluginRegistry registry;
    registry.load_directories(engine::PluginRegistry::search_path(extra));
    for (const auto& refused : registry.refused()) {
        spdlog::warn("plugin {} refused: {}", refused.file.string(), refused.reason);
    }
    spdlog::debug("{} plugins loaded", registry.plugins().size());
    return registry;
}

}  // namespace hwnas::cli
