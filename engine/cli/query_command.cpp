// `hwnas query SPACE ARCH`: every metric of one architecture, as JSON.
#include <iostream>

#include "engine/json_text.hpp"
#include "commands.hpp"
#include "engine/experiment.hpp"
#include "engine/session.hpp"

namespace hwnas::cli {
namespace {

struct QueryOptions {
    std::string space;
    std::string arch;
    std::vector<std::string> providers{"table"};
    std::string dataset = "cifar10";
    std::string space_params = "{}";
    std::string provider_params = "{}";
};

nlohmann::json query_one(const SearchSpace& space, const std::vector<std::shared_ptr<CostProvider>>& providers,
                         const std::string& text) {
    const Architecture arch = space.parse(text);
    nlohmann::json out;
    out["arch"] = space.to_string(arch);
    out["genes"] = to_genes_string(arch);
    if (space.size()) out["index"] = space.index(arch);
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& provider : providers) {
        const auto infos = provider->metrics();
        std::vector<std::size_t> ids(infos.size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
        std::vector<double> values(ids.size());
        provider->evaluate(arch, ids, values);
        for (std::size_t i = 0; i < ids.size(); ++i) metrics[infos[i].name] = values[i];
    }
    out["metrics"] = metrics;
    return out;
}

}  // namespace

void add_query_command(CLI::App& app, const GlobalOptions& options) {
    auto q = std::make_shared<QueryOptions>();
    CLI::App* cmd = app.add_subcommand("query", "Print every metric of one architecture as JSON");
    cmd->fallthrough();
    cmd->add_option("space", q->space, "Search space plugin, e.g. nb201")->required();
    cmd->add_option("arch", q->arch,
                    "Architecture: native string, genes form (3-3-4-1-3-1) or '-' to read one per line from stdin")
        ->required();
    cmd->add_option("--provider", q->providers, "Cost provider plugin(s)")->capture_default_str();
    cmd->add_option("--dataset", q->dataset, "Dataset, e.g. cifar10, cifar100, ImageNet16-120")->capture_default_str();
    cmd->add_option("--space-params", q->space_params, "Space parameters as JSON");
    cmd->add_option("--provider-params", q->provider_params, "Provider parameters as JSON (same for every provider)");
    cmd->callback([q, &options] {
        const auto registry = load_plugins(options);
        const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), q->dataset};
        const engine::Location where("command line");
        const auto space = engine::make_space(
            registry, {q->space, q->space, engine::parse_json_text(q->space_params, "--space-params"), where / "space"}, setting);
        std::vector<std::shared_ptr<CostProvider>> providers;
        const auto provider_params = engine::parse_json_text(q->provider_params, "--provider-params");
        for (const auto& name : q->providers) {
            providers.push_back(engine::make_provider(registry, {name, name, provider_params, where / "provider"}, setting, *space));
        }
        if (q->arch != "-") {
            std::cout << query_one(*space, providers, q->arch).dump(2) << "\n";
            return;
        }
        // One JSON object per input line, so scripts can stream architectures through.
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(std::cin, line)) {
            ++line_no;
            if (line.empty()) continue;
            try {
                std::cout << query_one(*space, providers, line).dump() << "\n";
            } catch (const Error& e) {
                throw Error("stdin:" + std::to_string(line_no) + ": " + e.what());
            }
        }
    });
}

}  // namespace hwnas::cli
