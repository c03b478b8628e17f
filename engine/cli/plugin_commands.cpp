// `hwnas list` and `hwnas describe PLUGIN`.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "engine/session.hpp"
#include "engine/suggest.hpp"

namespace hwnas::cli {
namespace {

struct DescribeOptions {
    std::string name;
    std::string kind;
    std::string space = "nb201";
    std::string dataset = "cifar10";
    bool json = false;
    bool markdown = false;
};

nlohmann::json params_json(const engine::Plugin& plugin) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : plugin.params) {
        nlohmann::json j = {{"name", p.name}, {"type", p.type}, {"description", p.description},
                            {"expects", engine::expectation(p)}};
        j["default"] = p.default_value ? *p.default_value : nlohmann::json(nullptr);
        j["required"] = !p.default_value.has_value();
        out.push_back(j);
    }
    return out;
}

/// The metrics a provider offers, when it can be made with default parameters.
nlohmann::json provider_metrics(const engine::PluginRegistry& registry, const engine::Plugin& plugin,
                                const DescribeOptions& d, const GlobalOptions& options, std::string& note) {
    try {
        const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), d.dataset};
        const engine::Location where("describe");
        const auto space = engine::make_space(registry, {d.space, d.space, nlohmann::json::object(), where}, setting);
        const auto provider = engine::make_provider(
            registry, {std::string(plugin.name()), std::string(plugin.name()), nlohmann::json::object(), where}, setting, *space);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& m : provider->metrics()) {
            out.push_back({{"name", m.name}, {"unit", m.unit}, {"better", to_string(m.better)}, {"description", m.description}});
        }
        return out;
    } catch (const std::exception& e) {
        note = e.what();
        return nlohmann::json::array();
    }
}

nlohmann::json space_dimensions(const engine::PluginRegistry& registry, const engine::Plugin& plugin,
                                const GlobalOptions& options, std::string& note) {
    try {
        const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), ""};
        const auto space = engine::make_space(
            registry, {std::string(plugin.name()), std::string(plugin.name()), nlohmann::json::object(), engine::Location("describe")}, setting);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& d : space->dimensions()) out.push_back({{"name", d.name}, {"choices", d.labels}});
        return out;
    } catch (const std::exception& e) {
        note = e.what();
        return nlohmann::json::array();
    }
}

void print_text(const nlohmann::json& j) {
    std::cout << fmt::format("{} {} {}\n  {}\n  file: {}\n", j["kind"].get<std::string>(), j["name"].get<std::string>(),
                             j["version"].get<std::string>(), j["summary"].get<std::string>(), j["file"].get<std::string>());
    std::cout << "parameters:\n";
    if (j["parameters"].empty()) std::cout << "  (none)\n";
    for (const auto& p : j["parameters"]) {
        std::cout << fmt::format("  {:<18} {:<34} {}\n", p["name"].get<std::string>(),
                                 p["required"].get<bool>() ? "required, " + p["expects"].get<std::string>()
                                                           : "default " + p["default"].dump(),
                                 p["description"].get<std::string>());
    }
    if (j.contains("metrics")) {
        std::cout << "metrics (" << j["metrics_for"].get<std::string>() << "):\n";
        for (const auto& m : j["metrics"]) {
            std::cout << fmt::format("  {:<32} {:<6} {:<7} {}\n", m["name"].get<std::string>(), m["unit"].get<std::string>(),
                                     m["better"].get<std::string>(), m["description"].get<std::string>());
        }
    }
    if (j.contains("dimensions")) {
        std::cout << "dimensions (" << j["dimensions"].size() << "):\n";
        for (const auto& d : j["dimensions"]) {
            std::string choices;
            for (const auto& c : d["choices"]) choices += (choices.empty() ? "" : " ") + c.get<std::string>();
            std::cout << fmt::format("  {:<18} {}\n", d["name"].get<std::string>(), choices);
        }
    }
    if (j.contains("note")) std::cout << "note: " << j["note"].get<std::string>() << "\n";
}

std::string markdown_cell(std::string text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

/// One plugin's section of the configuration reference.
void print_markdown(const engine::Plugin& plugin) {
    std::cout << fmt::format("### `{}` {}\n\n{}\n\n", plugin.name(), plugin.descriptor->version,
                             markdown_cell(plugin.descriptor->summary));
    if (plugin.params.empty()) {
        std::cout << "No parameters.\n\n";
        return;
    }
    std::cout << "| parameter | expects | default | description |\n|---|---|---|---|\n";
    for (const auto& p : plugin.params) {
        std::cout << fmt::format("| `{}` | {} | {} | {} |\n", p.name, markdown_cell(engine::expectation(p)),
                                 p.default_value ? "`" + markdown_cell(p.default_value->dump()) + "`" : "required",
                                 markdown_cell(p.description));
    }
    std::cout << "\n";
}

/// The reference of every plugin's parameters, generated from their own
/// descriptions so it cannot drift from the code (docs/config-reference.md).
void print_markdown_reference(const engine::PluginRegistry& registry) {
    std::cout << "# Plugin parameter reference\n\n"
                 "Generated by `hwnas describe --markdown` from the plugins' own parameter descriptions; "
                 "a test checks that docs/config-reference.md is current. Parameters go in the `params` "
                 "object of the experiment's `space`, `providers[i]` or `strategy` "
                 "(see [experiment-format.md](experiment-format.md)); omitted ones take their default, "
                 "and `hwnas validate` checks them.\n\n";
    const std::pair<PluginKind, const char*> kinds[] = {{PluginKind::search_space, "Search spaces (`space`)"},
                                                        {PluginKind::cost_provider, "Cost providers (`providers`)"},
                                                        {PluginKind::strategy, "Strategies (`strategy`)"}};
    for (const auto& [kind, title] : kinds) {
        std::cout << "## " << title << "\n\n";
        std::vector<const engine::Plugin*> of_kind;
        for (const auto& p : registry.plugins()) {
            if (p.kind() == kind) of_kind.push_back(&p);
        }
        std::sort(of_kind.begin(), of_kind.end(), [](auto* a, auto* b) { return a->name() < b->name(); });
        for (const auto* p : of_kind) print_markdown(*p);
    }
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& options) {
    CLI::App* cmd = app.add_subcommand("list", "List the plugins found on the plugin path");
    cmd->fallthrough();
    cmd->callback([&options] {
        const auto registry = load_plugins(options);
        std::cout << fmt::format("{:<9} {:<24} {:<8} {}\n", "kind", "name", "version", "file");
        for (const auto kind : {PluginKind::search_space, PluginKind::cost_provider, PluginKind::strategy}) {
            for (const auto& p : registry.plugins()) {
                if (p.kind() != kind) continue;
                std::cout << fmt::format("{:<9} {:<24} {:<8} {}\n", to_string(kind), p.name(), p.descriptor->version,
                                         p.file.string());
            }
        }
        for (const auto& r : registry.refused()) std::cout << fmt::format("refused   {}: {}\n", r.file.string(), r.reason);
    });
}

void add_describe_command(CLI::App& app, const GlobalOptions& options) {
    auto d = std::make_shared<DescribeOptions>();
    CLI::App* cmd = app.add_subcommand("describe", "Show a plugin's parameters, defaults and metrics");
    cmd->fallthrough();
    cmd->add_option("plugin", d->name, "Plugin name (optional with --markdown: then every plugin)");
    cmd->add_option("--kind", d->kind, "space, provider or strategy (when a name is used by several kinds)")
        ->check(CLI::IsMember({"space", "provider", "strategy"}));
    cmd->add_option("--space", d->space, "Space to list a provider's metrics for")->capture_default_str();
    cmd->add_option("--dataset", d->dataset, "Dataset to list a provider's metrics for")->capture_default_str();
    cmd->add_flag("--json", d->json, "Print JSON");
    cmd->add_flag("--markdown", d->markdown, "Print the parameters as Markdown (the configuration reference)")
        ->excludes("--json");
    cmd->callback([d, &options] {
        const auto registry = load_plugins(options);
        if (d->markdown && d->name.empty()) {
            print_markdown_reference(registry);
            return;
        }
        if (d->name.empty()) throw Error("describe needs a plugin name (or --markdown for every plugin)");
        std::vector<const engine::Plugin*> matches;
        std::vector<std::string> all;
        for (const auto& p : registry.plugins()) {
            all.emplace_back(p.name());
            if (p.name() == d->name && (d->kind.empty() || d->kind == to_string(p.kind()))) matches.push_back(&p);
        }
        if (matches.empty()) {
            throw Error("no plugin named '" + d->name + "'" + engine::did_you_mean(d->name, all) +
                        "; run 'hwnas list' to see them all");
        }
        if (matches.size() > 1) throw Error("several plugins are named '" + d->name + "': add --kind");
        const engine::Plugin& plugin = *matches.front();
        if (d->markdown) {
            print_markdown(plugin);
            return;
        }
        nlohmann::json j = {{"kind", to_string(plugin.kind())}, {"name", plugin.name()},
                            {"version", plugin.descriptor->version}, {"summary", plugin.descriptor->summary},
                            {"file", plugin.file.string()}, {"parameters", params_json(plugin)}};
        std::string note;
        if (plugin.kind() == PluginKind::cost_provider) {
            j["metrics"] = provider_metrics(registry, plugin, *d, options, note);
            j["metrics_for"] = "space " + d->space + ", dataset " + d->dataset;
        } else if (plugin.kind() == PluginKind::search_space) {
            j["dimensions"] = space_dimensions(registry, plugin, options, note);
        }
        if (!note.empty()) j["note"] = "could not be made with default parameters: " + note;
        if (d->json) {
            std::cout << j.dump(2) << "\n";
        } else {
            print_text(j);
        }
    });
}

}  // namespace hwnas::cli
