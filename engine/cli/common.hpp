#pragma once
// What every hwnas command shares: global options, the plugin registry and
// the data directory.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/experiment.hpp"
#include "engine/grid.hpp"
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

/// Loads the plugins on the search path (all of them, or with `only` just
/// what those names need); logs refused files as warnings.
engine::PluginRegistry load_plugins(const GlobalOptions& options, const std::vector<std::string>& only = {});

/// The plugin names an experiment uses (space, strategy, providers).
std::vector<std::string> plugins_used(const engine::Experiment& experiment);
/// The plugin names any run of a grid uses.
std::vector<std::string> grid_plugins(const engine::Grid& grid);

}  // namespace hwnas::cli
