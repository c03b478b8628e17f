#pragma once
// Plugin descriptor and export macros.
//
// A plugin is a shared library exporting two symbols through Boost.DLL:
//   hwnas_plugin_abi         -> std::uint32_t(), the SDK ABI it was built with
//   hwnas_plugin_descriptor  -> const PluginDescriptor*(), read only if the ABI matches
// A whole strategy plugin is one class plus one line:
//   HWNAS_PLUGIN(hwnas::strategy_plugin<MyStrategy>("my_search", "1.0.0", "summary", R"({...})"))
// where MyStrategy has a constructor (const nlohmann::json& params, hwnas::SearchContext context).
// Spaces and providers take (const hwnas::PluginContext& context).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include <boost/dll/alias.hpp>
#include <nlohmann/json.hpp>

#include "hwnas/cost_provider.hpp"
#include "hwnas/search_space.hpp"
#include "hwnas/shared_data.hpp"
#include "hwnas/strategy.hpp"

namespace hwnas {

/// Bumped whenever a type that crosses the plugin boundary changes layout or
/// meaning. A plugin built against another version is refused at load.
inline constexpr std::uint32_t sdk_abi_version = 2;

enum class PluginKind : std::uint32_t { search_space = 1, cost_provider = 2, strategy = 3 };

inline const char* to_string(PluginKind kind) noexcept {
    switch (kind) {
        case PluginKind::search_space: return "space";
        case PluginKind::cost_provider: return "provider";
        case PluginKind::strategy: return "strategy";
    }
    return "unknown";
}

/// What a space or provider plugin gets at construction.
struct PluginContext {
    const nlohmann::json& params;      ///< validated against the descriptor, defaults filled in
    std::filesystem::path data_dir;    ///< the benchmark data directory (--data-dir)
    std::filesystem::path config_dir;  ///< folder of the experiment file
    std::string dataset;               ///< the experiment's dataset, e.g. "cifar10"
    const SearchSpace* space = nullptr;  ///< the experiment's space; null while building a space
    /// Data shared with the plugins of other environments on the same space
    /// (e.g. the other datasets of a batch); null when there is none to share with.
    SharedData* shared = nullptr;

    /// Where a file named in a config lives: absolute paths as they are,
    /// "./x" and "../x" relative to the config file, anything else relative
    /// to the data directory.
    [[nodiscard]] std::filesystem::path resolve(const std::string& file) const {
        const std::filesystem::path path(file);
        if (path.is_absolute()) return path;
        if (file.starts_with("./") || file.starts_with("../")) return config_dir / path;
        return data_dir / path;
    }
};

struct PluginDescriptor {
    std::uint32_t abi_version = sdk_abi_version;
    PluginKind kind = PluginKind::strategy;
    const char* name = "";
    const char* version = "";
    const char* summary = "";
    /// JSON object describing the parameters: name -> {"type": "integer" |
    /// "number" | "boolean" | "string" | "array" | "object", "default": value
    /// (absent = required), "description": text, optional "minimum",
    /// "maximum", "enum"}. The engine validates configs against it.
    const char* parameters = "{}";
    std::unique_ptr<SearchSpace> (*make_space)(const PluginContext&) = nullptr;
    std::unique_ptr<CostProvider> (*make_provider)(const PluginContext&) = nullptr;
    std::unique_ptr<Strategy> (*make_strategy)(const nlohmann::json& params, SearchContext context) = nullptr;
};

template <class T>
PluginDescriptor space_plugin(const char* name, const char* version, const char* summary,
                              const char* parameters = "{}") {
    PluginDescriptor d{sdk_abi_version, PluginKind::search_space, name, version, summary, parameters};
    d.make_space = [](const PluginContext& c) -> std::unique_ptr<SearchSpace> {
        return std::make_unique<T>(c);
    };
    return d;
}

template <class T>
PluginDescriptor provider_plugin(const char* name, const char* version, const char* summary,
                                 const char* parameters = "{}") {
    PluginDescriptor d{sdk_abi_version, PluginKind::cost_provider, name, version, summary, parameters};
    d.make_provider = [](const PluginContext& c) -> std::unique_ptr<CostProvider> {
        return std::make_unique<T>(c);
    };
    return d;
}

template <class T>
PluginDescriptor strategy_plugin(const char* name, const char* version, const char* summary,
                                 const char* parameters = "{}") {
    PluginDescriptor d{sdk_abi_version, PluginKind::strategy, name, version, summary, parameters};
    d.make_strategy = [](const nlohmann::json& p, SearchContext c) -> std::unique_ptr<Strategy> {
        return std::make_unique<T>(p, std::move(c));
    };
    return d;
}

}  // namespace hwnas

/// Exports the descriptor built by the expression (one per shared library).
#define HWNAS_PLUGIN(...)                                                          \
    namespace hwnas_plugin_export {                                                \
    std::uint32_t abi() { return ::hwnas::sdk_abi_version; }                       \
    const ::hwnas::PluginDescriptor* descriptor() {                                \
        static const ::hwnas::PluginDescriptor d = __VA_ARGS__;                    \
        return &d;                                                                 \
    }                                                                              \
    }                                                                              \
    BOOST_DLL_ALIAS(hwnas_plugin_export::abi, hwnas_plugin_abi)                    \
    BOOST_DLL_ALIAS(hwnas_plugin_export::descriptor, hwnas_plugin_descriptor)
