#include "engine/agent.hpp"

#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::engine {
namespace {

constexpr const char* json_type = "application/json";

nlohmann::json metric_list(const CostProvider& provider) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : provider.metrics()) {
        out.push_back({{"name", m.name}, {"unit", m.unit}, {"better", to_string(m.better)}, {"description", m.description}});
    }
    return out;
}

nlohmann::json error_body(const std::string& message) { return {{"error", message}}; }

}  // namespace

struct Agent::Server {
    httplib::Server http;
    std::thread thread;
    std::atomic<std::size_t> admitted{0};
    std::atomic<bool> finished{false};
};

Agent::Agent(AgentSetup setup, AgentOptions options)
    : setup_(std::move(setup)), options_(std::move(options)), jobs_(static_cast<std::ptrdiff_t>(std::max<std::size_t>(1, options_.jobs))) {
    nlohmann::json device = describe_host();
    if (!setup_.device_id.empty()) device["device_id"] = setup_.device_id;
    // What else changes a measurement: the remote provider puts it in its cache key.
    const nlohmann::json settings = {{"provider", setup_.provider_name},
                                     {"provider_version", setup_.provider_version},
                                     {"provider_params", setup_.provider_params},
                                     {"dataset", setup_.dataset}};
    char hostname[256] = "";
    ::gethostname(hostname, sizeof hostname - 1);
    description_ = {{"status", "ok"},
                    {"hwnas_version", HWNAS_VERSION},
                    {"host", hostname},
                    {"device", device},
                    {"fingerprint", device_fingerprint(device)},
                    {"space", std::string(setup_.space->name())},
                    {"provider", {{"name", setup_.provider_name}, {"version", setup_.provider_version}}},
                    {"settings", settings},
                    {"metrics", metric_list(*setup_.provider)},
                    {"limits", {{"max_request_bytes", options_.max_request_bytes}, {"max_queue", options_.max_queue}, {"jobs", options_.jobs}}}};
}

Agent::~Agent() { stop(); }

nlohmann::json Agent::measure(const std::string& body) const {
    nlohmann::json request;
    try {
        request = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception& e) {  // syntax, or a number beyond a double
        throw RequestError{400, std::string("request body: invalid JSON: ") + e.what()};
    }
    if (!request.is_object() || !request.contains("architectures") || !request.at("architectures").is_array()) {
        throw RequestError{400, "request body: expected {\"space\": name, \"architectures\": [strings]}, found " +
                                    std::string(request.type_name()) + (request.is_object() ? " without an array at /architectures" : "")};
    }
    const std::string space(setup_.space->name());
    if (request.contains("space") && request.at("space") != space) {
        throw RequestError{400, "/space: this agent measures space '" + space + "', the request is for " + request.at("space").dump()};
    }
    const auto& items = request.at("architectures");
    std::vector<Architecture> archs;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_string()) {
            throw RequestError{400, "/architectures/" + std::to_string(i) + ": expected an architecture string, found " + items[i].dump()};
        }
        try {
            archs.push_back(setup_.space->parse(items[i].get<std::string>()));
        } catch (const Error& e) {
            throw RequestError{400, "/architectures/" + std::to_string(i) + ": " + e.what()};
        }
    }
    const auto infos = setup_.provider->metrics();
    std::vector<std::size_t> ids(infos.size());
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
    nlohmann::json results = nlohmann::json::array();
    std::vector<double> values(ids.size());
    for (const auto& arch : archs) {
        nlohmann::json item = {{"arch", setup_.space->to_string(arch)}, {"genes", to_genes_string(arch)}};
        jobs_.acquire();
        try {
            setup_.provider->evaluate(arch, ids, values);
            nlohmann::json metrics = nlohmann::json::object();
            for (std::size_t i = 0; i < ids.size(); ++i) metrics[infos[i].name] = values[i];
            item["metrics"] = std::move(metrics);
            item["seconds"] = setup_.provider->query_cost_seconds(arch);
        } catch (const std::exception& e) {
            // One architecture the provider cannot measure does not void the others.
            item["error"] = e.what();
        }
        jobs_.release();
        results.push_back(std::move(item));
    }
    return {{"fingerprint", description_.at("fingerprint")}, {"results", std::move(results)}};
}

int Agent::start() {
    if (server_) return port_;
    server_ = std::make_unique<Server>();
    auto& http = server_->http;
    // One thread per admitted request plus a few for /health, so health checks
    // are answered while the queue is full.
    const std::size_t threads = options_.max_queue + 4;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_payload_max_length(options_.max_request_bytes);
    const auto send_json = [](httplib::Response& res, int status, const nlohmann::json& body) {
        res.status = status;
        res.set_content(body.dump(), json_type);
    };
    http.Get("/health", [this, send_json](const httplib::Request&, httplib::Response& res) { send_json(res, 200, description_); });
    http.Get("/describe", [this, send_json](const httplib::Request&, httplib::Response& res) { send_json(res, 200, description_); });
    http.Post("/measure", [this, send_json](const httplib::Request& req, httplib::Response& res) {
        auto& admitted = server_->admitted;
        if (admitted.fetch_add(1) >= options_.max_queue) {
            admitted.fetch_sub(1);
            send_json(res, 503, error_body("agent busy: " + std::to_string(options_.max_queue) +
                                               " requests already queued (--max-queue); retry later or use another agent"));
            return;
        }
        try {
            send_json(res, 200, measure(req.body));
        } catch (const RequestError& e) {
            send_json(res, e.status, error_body(e.message));
        }
        admitted.fetch_sub(1);
    });
    http.set_exception_handler([send_json](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown failure";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        send_json(res, 500, error_body("agent failure: " + what));
    });
    // httplib answers oversized bodies and unknown paths itself, with an empty body.
    http.set_error_handler([this, send_json](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        std::string message = "HTTP " + std::to_string(res.status);
        if (res.status == 413) {
            message = "request body larger than " + std::to_string(options_.max_request_bytes) +
                      " bytes (the agent's --max-request-bytes); send fewer architectures per request";
        } else if (res.status == 404) {
            message = "no endpoint " + req.method + " " + req.path + "; expected GET /health, GET /describe or POST /measure";
        } else if (res.status == 400) {
            message = "malformed HTTP request";
        }
        send_json(res, res.status, error_body(message));
    });
    int port = -1;
    if (options_.port == 0) {
        port = http.bind_to_any_port(options_.host);
    } else if (http.bind_to_port(options_.host, options_.port)) {
        port = options_.port;
    }
    if (port < 0) {
        server_.reset();
        throw Error("agent: cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                    " (address in use, or not an address of this machine?)");
    }
    port_ = port;
    server_->thread = std::thread([this] {
        server_->http.listen_after_bind();
        server_->finished = true;
    });
    // httplib 0.11 has no wait_until_ready(): is_running() turns true once it accepts.
    while (!server_->http.is_running() && !server_->finished) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
}

void Agent::stop() {
    if (!server_) return;
    server_->http.stop();
    if (server_->thread.joinable()) server_->thread.join();
    server_.reset();
}

}  // namespace hwnas::engine
