#include "engine/registry.hpp"

#include <algorithm>
#include <cstdlib>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include "engine/suggest.hpp"

namespace hwnas::engine {
namespace {

bool looks_like_shared_library(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    return name.ends_with(".so") || name.find(".so.") != std::string::npos || name.ends_with(".dylib");
}

template <class T>
std::shared_ptr<T> keep_library_alive(std::unique_ptr<T> object, std::shared_ptr<boost::dll::shared_library> lib) {
    // The object's code lives in the library: unload it only after the object is gone.
    return std::shared_ptr<T>(object.release(), [lib = std::move(lib)](T* p) { delete p; });
}

template <class Make>
auto call_plugin(const Plugin& plugin, Make&& make) {
    try {
        auto object = make();
        if (!object) throw Error("the factory returned nothing");
        return keep_library_alive(std::move(object), plugin.library);
    } catch (const std::exception& e) {
        throw Error(plugin_label(plugin) + " failed to start: " + e.what());
    }
}

}  // namespace

std::string plugin_label(const Plugin& plugin) {
    return "plugin '" + std::string(plugin.name()) + "' (" + plugin.file.string() + ")";
}

std::vector<std::filesystem::path> PluginRegistry::search_path(const std::vector<std::filesystem::path>& extra) {
    std::vector<std::filesystem::path> folders = extra;
    if (const char* env = std::getenv("HWNAS_PLUGIN_PATH"); env && *env) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto part = rest.substr(0, colon);
            if (!part.empty()) folders.emplace_back(std::string(part));
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    const std::filesystem::path exe_dir = boost::dll::program_location().parent_path().string();
    folders.push_back((exe_dir / ".." / HWNAS_PLUGIN_SUBDIR).lexically_normal());
    return folders;
}

void PluginRegistry::discover(const std::vector<std::filesystem::path>& folders) {
    for (const auto& folder : folders) {
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec)) continue;
        folders_.push_back(folder);
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            if (entry.is_regular_file() && looks_like_shared_library(entry.path())) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (auto& file : files) pending_.push_back({std::move(file), folders_.size() - 1, false});
    }
}

void PluginRegistry::load_pending(PendingFile& file) {
    if (file.loaded) return;
    file.loaded = true;
    load_file(file.path);
}

void PluginRegistry::load_all() {
    for (auto& file : pending_) load_pending(file);
}

void PluginRegistry::load_directories(const std::vector<std::filesystem::path>& folders) {
    discover(folders);
    load_all();
}

void PluginRegistry::load_named(const std::vector<std::string>& names) {
    const auto loaded = [&](const std::string& name) {
        return std::any_of(plugins_.begin(), plugins_.end(), [&](const Plugin& p) { return p.name() == name; });
    };
    for (const auto& name : names) {
        if (loaded(name)) continue;
        const std::string conventional = "libhwnas_" + name + ".so";
        const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const PendingFile& f) {
            return !f.loaded && f.path.filename() == conventional;
        });
        if (it != pending_.end()) {
            // Every file of an earlier folder first: a plugin of that name there
            // wins, as it would with load_all().
            for (auto& file : pending_) {
                if (file.folder < it->folder) load_pending(file);
            }
            load_pending(*it);
        }
        if (!loaded(name)) load_all();  // another file name: only loading every file can find it
    }
}

bool PluginRegistry::load_file(const std::filesystem::path& file) {
    const auto refuse = [&](std::string reason) {
        refused_.push_back({file, std::move(reason)});
        return false;
    };
    auto library = std::make_shared<boost::dll::shared_library>();
    try {
        library->load(file.string(), boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        return refuse(std::string("cannot be loaded: ") + e.what());
    }
    if (!library->has("hwnas_plugin_abi") || !library->has("hwnas_plugin_descriptor")) {
        return refuse("not a hwnas plugin: it exports no hwnas_plugin_abi/hwnas_plugin_descriptor "
                      "(build it with HWNAS_PLUGIN(...))");
    }
    const auto abi = library->get_alias<std::uint32_t()>("hwnas_plugin_abi")();
    if (abi != sdk_abi_version) {
        return refuse("built for SDK ABI version " + std::to_string(abi) + ", this hwnas expects version " +
                      std::to_string(sdk_abi_version) + ": rebuild the plugin against this SDK");
    }
    const PluginDescriptor* descriptor = library->get_alias<const PluginDescriptor*()>("hwnas_plugin_descriptor")();
    if (descriptor == nullptr || descriptor->name == nullptr || *descriptor->name == '\0') {
        return refuse("its descriptor has no name");
    }
    const bool has_factory = (descriptor->kind == PluginKind::search_space && descriptor->make_space) ||
                             (descriptor->kind == PluginKind::cost_provider && descriptor->make_provider) ||
                             (descriptor->kind == PluginKind::strategy && descriptor->make_strategy);
    if (!has_factory) return refuse("its descriptor has no factory for its kind");
    if (const Plugin* other = try_find(descriptor->kind, descriptor->name)) {
        return refuse(std::string("a ") + to_string(descriptor->kind) + " named '" + descriptor->name +
                      "' is already loaded from " + other->file.string());
    }
    Plugin plugin{file, descriptor, {}, std::move(library)};
    try {
        plugin.params = parse_param_specs(descriptor->name, descriptor->parameters);
    } catch (const std::exception& e) {
        return refuse(e.what());
    }
    plugins_.push_back(std::move(plugin));
    return true;
}

const Plugin* PluginRegistry::try_find(PluginKind kind, std::string_view name) const {
    const auto it = std::find_if(plugins_.begin(), plugins_.end(),
                                 [&](const Plugin& p) { return p.kind() == kind && p.name() == name; });
    return it == plugins_.end() ? nullptr : &*it;
}

std::vector<std::string> PluginRegistry::names(PluginKind kind) const {
    std::vector<std::string> out;
    for (const auto& p : plugins_) {
        if (p.kind() == kind) out.emplace_back(p.name());
    }
    return out;
}

const Plugin& PluginRegistry::find(PluginKind kind, std::string_view name, const Location& where) const {
    if (const Plugin* p = try_find(kind, name)) return *p;
    const auto known = names(kind);
    std::string message = std::string("unknown ") + to_string(kind) + " plugin '" + std::string(name) + "'" +
                          did_you_mean(name, known);
    message += known.empty() ? std::string("; no ") + to_string(kind) + " plugins are loaded"
                             : "; available: " + quoted_list(known);
    for (const auto& r : refused_) {
        if (r.file.filename().string().find(std::string(name)) != std::string::npos) {
            message += "; note: " + r.file.string() + " was refused: " + r.reason;
        }
    }
    if (folders_.empty()) message += "; no plugin folder was found (use --plugin-path or HWNAS_PLUGIN_PATH)";
    where.fail(message);
}

std::shared_ptr<SearchSpace> PluginRegistry::make_space(const Plugin& plugin, const PluginContext& context) const {
    return call_plugin(plugin, [&] { return plugin.descriptor->make_space(context); });
}

std::shared_ptr<CostProvider> PluginRegistry::make_provider(const Plugin& plugin, const PluginContext& context) const {
    return call_plugin(plugin, [&] { return plugin.descriptor->make_provider(context); });
}

std::shared_ptr<Strategy> PluginRegistry::make_strategy(const Plugin& plugin, const nlohmann::json& params,
                                                        SearchContext context) const {
    return call_plugin(plugin, [&] { return plugin.descriptor->make_strategy(params, std::move(context)); });
}

}  // namespace hwnas::engine
