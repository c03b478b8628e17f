#pragma once
// Agent: an HTTP/JSON server that measures architectures on this machine with
// one provider, for `hwnas agent` and the `remote` provider
// (docs/remote-measurement.md). Built as libhwnas_agent (engine/agent/), apart
// from libhwnas, so that cpp-httplib and the TLS libraries it links are
// loaded by `hwnas agent` only.
//
//   GET  /health, /describe  -> the device, provider, settings and metrics
//   POST /measure            {"space": S, "architectures": [A, ...]}
//                            -> {"fingerprint": F, "results": [{"arch", "metrics"} | {"arch", "error"}]}
//
// Bad requests get a 4xx with {"error": message}; more /measure requests than
// the queue holds get 503 so that clients fail over instead of piling up.
#include <cstddef>
#include <memory>
#include <semaphore>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/cost_provider.hpp"
#include "hwnas/host.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

struct AgentOptions {
    std::string host = "127.0.0.1";
    int port = 0;                               ///< 0: any free port
    std::size_t max_request_bytes = 1u << 20;   ///< larger bodies get 413
    std::size_t max_queue = 16;                 ///< /measure requests admitted at once; more get 503
    std::size_t jobs = 1;                       ///< architectures measured at once
};

/// The plugins an agent measures with and how they were set up.
struct AgentSetup {
    std::shared_ptr<SearchSpace> space;
    std::shared_ptr<CostProvider> provider;
    std::string provider_name;
    std::string provider_version;
    nlohmann::json provider_params = nlohmann::json::object();  ///< validated, defaults filled in
    std::string dataset;
    std::string device_id;  ///< optional label that tells otherwise identical machines apart
};

// This machine and its fingerprint: the SDK's, so plugins that measure
// locally key their caches the same way (hwnas/host.hpp).
using hwnas::describe_host;
using hwnas::device_fingerprint;

/// A request the agent refuses, with the HTTP status to answer.
struct RequestError {
    int status;
    std::string message;
};

class Agent {
public:
    Agent(AgentSetup setup, AgentOptions options);
    ~Agent();
    Agent(const Agent&) = delete;
    Agent& operator=(const Agent&) = delete;

    /// Binds and serves on background threads; returns the port. Throws
    /// hwnas::Error when the address cannot be bound.
    int start();
    /// Stops serving; requests being measured finish first.
    void stop();
    [[nodiscard]] int port() const noexcept { return port_; }

    /// The answer to GET /health.
    [[nodiscard]] const nlohmann::json& describe() const noexcept { return description_; }
    /// The answer to POST /measure with `body`; throws RequestError.
    [[nodiscard]] nlohmann::json measure(const std::string& body) const;

private:
    struct Server;

    AgentSetup setup_;
    AgentOptions options_;
    nlohmann::json description_;
    std::unique_ptr<Server> server_;
    mutable std::counting_semaphore<> jobs_;
    int port_ = 0;
};

/// `hwnas agent`: starts an agent, prints "hwnas agent listening on
/// http://HOST:PORT" (tests and scripts read the port from it) and serves
/// until SIGINT or SIGTERM. In libhwnas_agent, which the CLI loads for this
/// command only (exported as hwnas_serve_agent).
void serve_agent_until_signal(AgentSetup setup, const AgentOptions& options, const std::string& space_name,
                              const std::string& provider_name);
using ServeAgent = void(AgentSetup, const AgentOptions&, const std::string&, const std::string&);

}  // namespace hwnas::engine
