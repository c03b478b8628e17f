// `hwnas agent --listen HOST:PORT`: serve measurements of this machine over
// HTTP/JSON to `remote` providers (docs/remote-measurement.md).
#include <boost/dll/import.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <spdlog/spdlog.h>

#include "engine/json_text.hpp"
#include "commands.hpp"
#include "engine/agent.hpp"
#include "engine/environment.hpp"

namespace hwnas::cli {
namespace {

/// Serves until SIGINT or SIGTERM, through libhwnas_agent (engine/agent):
/// the HTTP server and its TLS libraries are loaded by this command only.
void serve_from_agent_library(engine::AgentSetup setup, const engine::AgentOptions& options, const std::string& space,
                 const std::string& provider) {
    const boost::filesystem::path library =
        boost::dll::program_location().parent_path().parent_path() / "lib" / "libhwnas_agent.so";
    std::function<engine::ServeAgent> serve;
    try {
        serve = boost::dll::import_alias<engine::ServeAgent>(library, "hwnas_serve_agent");
    } catch (const std::exception& e) {
        throw Error("agent: cannot load " + library.string() + ": " + e.what());
    }
    serve(std::move(setup), options, space, provider);
}

struct AgentCommandOptions {
    std::string listen = "127.0.0.1:0";
    std::string space;
    std::string space_params = "{}";
    std::string provider;
    std::string provider_params = "{}";
    std::string dataset = "cifar10";
    std::string device_id;
    std::size_t max_request_bytes = 1u << 20;
    std::size_t max_queue = 16;
    std::size_t jobs = 1;
};

/// "HOST:PORT" (IPv6 as "[::1]:PORT").
std::pair<std::string, int> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    const auto fail = [&] {
        return Error("--listen: expected HOST:PORT (e.g. 127.0.0.1:8080, port 0 for any free port), found '" + text + "'");
    };
    if (colon == std::string::npos || colon == 0) throw fail();
    std::string host = text.substr(0, colon);
    if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
    int port = -1;
    try {
        std::size_t used = 0;
        port = std::stoi(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
    }
    if (port < 0 || port > 65535) throw fail();
    return {host, port};
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace

void add_agent_command(CLI::App& app, const GlobalOptions& options) {
    auto a = std::make_shared<AgentCommandOptions>();
    CLI::App* cmd = app.add_subcommand("agent", "Measure architectures on this machine for remote providers (HTTP/JSON)");
    cmd->fallthrough();
    cmd->add_option("--listen", a->listen, "Address to serve on; port 0 picks a free port (printed on stdout)");
    cmd->add_option("--space", a->space, "Search space plugin of the architectures to measure")->required();
    cmd->add_option("--space-params", a->space_params, "Space parameters as JSON");
    cmd->add_option("--provider", a->provider, "Provider plugin that measures (default: live_cpu when installed)");
    cmd->add_option("--provider-params", a->provider_params, "Provider parameters as JSON");
    cmd->add_option("--dataset", a->dataset, "Dataset the provider is set up for");
    cmd->add_option("--device-id", a->device_id, "Label that tells otherwise identical machines apart in caches");
    cmd->add_option("--max-request-bytes", a->max_request_bytes, "Larger request bodies are refused with 413")->check(CLI::PositiveNumber);
    cmd->add_option("--max-queue", a->max_queue, "Measure requests admitted at once; more are refused with 503")->check(CLI::PositiveNumber);
    cmd->add_option("--jobs", a->jobs, "Architectures measured at once (1 keeps latency measurements apart)")->check(CLI::PositiveNumber);
    cmd->callback([a, &options] {
        const auto registry = load_plugins(options);
        if (a->provider.empty()) {
            if (!registry.try_find(PluginKind::cost_provider, "live_cpu")) {
                throw Error("agent: --provider is required: the default provider 'live_cpu' is not installed");
            }
            a->provider = "live_cpu";
        }
        const auto [host, port] = parse_listen(a->listen);
        if (!is_loopback(host)) {
            spdlog::warn("agent: listening on {}, which is not loopback: anyone who reaches it can make this machine "
                         "measure; there is no authentication", host);
        }
        const engine::PluginSetting setting{data_dir(options), std::filesystem::current_path(), a->dataset};
        const engine::Location where("command line");
        const auto space = engine::make_space(
            registry, {a->space, a->space, engine::parse_json_text(a->space_params, "--space-params"), where / "space"}, setting);
        const auto& plugin = registry.find(PluginKind::cost_provider, a->provider, where / "provider");
        const auto given = engine::parse_json_text(a->provider_params, "--provider-params");
        engine::AgentSetup setup;
        setup.space = space;
        setup.provider = engine::make_provider(registry, {a->provider, a->provider, given, where / "provider"}, setting, *space);
        setup.provider_name = a->provider;
        setup.provider_version = plugin.descriptor->version;
        setup.provider_params = engine::validate_params(plugin.params, given, where / "provider-params");
        setup.dataset = a->dataset;
        setup.device_id = a->device_id;
        engine::AgentOptions agent_options{host, port, a->max_request_bytes, a->max_queue, a->jobs};

        serve_from_agent_library(std::move(setup), agent_options, a->space, a->provider);
    });
}

}  // namespace hwnas::cli
