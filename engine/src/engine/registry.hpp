#pragma once
// PluginRegistry: finds plugin libraries on the plugin path, checks them and
// makes spaces, providers and strategies from them.
//
// A file that is not a plugin, lacks the descriptor or was built for another
// SDK ABI is refused with its reason (see refused()); the others still load.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/location.hpp"
#include "engine/params.hpp"
#include "hwnas/plugin.hpp"

namespace boost::dll {
class shared_library;
}

namespace hwnas::engine {

struct Plugin {
    std::filesystem::path file;
    const PluginDescriptor* descriptor = nullptr;
    std::vector<ParamSpec> params;
    std::shared_ptr<boost::dll::shared_library> library;  ///< keeps the code mapped

    [[nodiscard]] std::string_view name() const { return descriptor->name; }
    [[nodiscard]] PluginKind kind() const { return descriptor->kind; }
};

struct RefusedPlugin {
    std::filesystem::path file;
    std::string reason;
};

class PluginRegistry {
public:
    /// Plugin folders in search order: `extra` (from --plugin-path), then
    /// HWNAS_PLUGIN_PATH (':'-separated), then the folder installed next to
    /// the hwnas executable (../lib/hwnas/plugins).
    static std::vector<std::filesystem::path> search_path(const std::vector<std::filesystem::path>& extra);

    /// Loads every shared library in each folder (non-recursive, sorted by name).
    void load_directories(const std::vector<std::filesystem::path>& folders);

    /// Lists the shared libraries of each folder without loading them yet:
    /// load_named() loads what an experiment needs, load_all() the rest.
    /// Loading only what is used keeps a run's memory small, since plugin
    /// libraries pull in large runtimes (oneDNN, XGBoost) on load.
    void discover(const std::vector<std::filesystem::path>& folders);
    /// Loads what every plugin in `names` needs: a plugin `x` is expected in
    /// libhwnas_x.so (with every file of earlier folders, which take
    /// precedence); when it is not there, every file is loaded (so errors can
    /// still suggest names). Within one folder, file names decide.
    void load_named(const std::vector<std::string>& names);
    void load_all();
    /// Loads one file; returns false (and records why) if it is refused.
    bool load_file(const std::filesystem::path& file);

    [[nodiscard]] const std::vector<Plugin>& plugins() const noexcept { return plugins_; }
    [[nodiscard]] const std::vector<RefusedPlugin>& refused() const noexcept { return refused_; }
    [[nodiscard]] const std::vector<std::filesystem::path>& folders() const noexcept { return folders_; }

    [[nodiscard]] const Plugin* try_find(PluginKind kind, std::string_view name) const;
    /// Finds a plugin or throws at `where`, suggesting near names of that kind.
    [[nodiscard]] const Plugin& find(PluginKind kind, std::string_view name, const Location& where) const;
    [[nodiscard]] std::vector<std::string> names(PluginKind kind) const;

    // Factories. `params` must be validated already (validate_params). The
    // returned objects keep their library loaded. Exceptions thrown by the
    // plugin become hwnas::Error naming the plugin and its file.
    [[nodiscard]] std::shared_ptr<SearchSpace> make_space(const Plugin& plugin, const PluginContext& context) const;
    [[nodiscard]] std::shared_ptr<CostProvider> make_provider(const Plugin& plugin, const PluginContext& context) const;
    [[nodiscard]] std::shared_ptr<Strategy> make_strategy(const Plugin& plugin, const nlohmann::json& params,
                                                          SearchContext context) const;

private:
    std::vector<Plugin> plugins_;
    std::vector<RefusedPlugin> refused_;
    std::vector<std::filesystem::path> folders_;
    struct PendingFile {
        std::filesystem::path path;
        std::size_t folder = 0;  ///< index in folders_
        bool loaded = false;     ///< loaded or refused
    };
    std::vector<PendingFile> pending_;  ///< discovered files, in search order

    void load_pending(PendingFile& file);
};

/// "plugin 'name' (file)": how messages name a plugin.
std::string plugin_label(const Plugin& plugin);

}  // namespace hwnas::engine
