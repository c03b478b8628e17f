// `hwnas agent`'s serving loop, exported for the CLI, which loads this
// library for that command only.
#include <signal.h>

#include <iostream>

#include <boost/dll/alias.hpp>
#include <spdlog/spdlog.h>

#include "engine/agent.hpp"

namespace hwnas::engine {

void serve_agent_until_signal(AgentSetup setup, const AgentOptions& options, const std::string& space_name,
                              const std::string& provider_name) {
    // Signals are taken synchronously by sigwait below, so they are
    // blocked before the server starts its threads (which inherit the mask).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    Agent agent(std::move(setup), options);
    const int bound = agent.start();
    // Tests and scripts read the port from this line (port 0 picks one).
    std::cout << "hwnas agent listening on http://" << options.host << ":" << bound << std::endl;
    spdlog::info("agent: measuring space '{}' with provider '{}' on {} (fingerprint {})", space_name, provider_name,
                 agent.describe().at("device").at("cpu_model").get<std::string>(),
                 agent.describe().at("fingerprint").get<std::string>());
    int received = 0;
    sigwait(&stop_signals, &received);
    spdlog::info("agent: signal {} received, stopping", received);
    agent.stop();
}

}  // namespace hwnas::engine

BOOST_DLL_ALIAS(hwnas::engine::serve_agent_until_signal, hwnas_serve_agent)
