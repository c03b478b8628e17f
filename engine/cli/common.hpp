#pragma once
// What every hwnas command shares: global options, the plugin registry and
// the data directory.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/registry.hpp"

namespace hwnas::cli {

struct GlobalOptions {
    std::vector<std::string> plugin_paths;
    std::string data_dir;
    bool verbose = false;
    bool quiet = false;
};

/// --data-dir, else HWNAS_DATA_DIR, else the build's default (../shared/data next to the sources).
std::filesystem::path data_dir(const GlobalOptions& options);

/// Loads every plugin on the search path; logs refused files as warnings.
engine::PluginRegistry load_plugins(const GlobalOptions& options);

}  // namespace hwnas::cli
