#include "agent_client.hpp"

#include <httplib.h>

namespace hwnas::remote {
namespace {

std::string excerpt(const std::string& text) {
    if (text.empty()) return "an empty body";
    return "'" + (text.size() > 200 ? text.substr(0, 200) + "..." : text) + "'";
}

/// The "error" an agent put in a JSON body, else the body itself.
std::string error_message(const std::string& body) {
    try {
        const auto doc = nlohmann::json::parse(body);
        if (doc.is_object() && doc.contains("error") && doc.at("error").is_string()) return doc.at("error").get<std::string>();
    } catch (const nlohmann::json::parse_error&) {
    }
    return excerpt(body);
}

httplib::Client make_client(const std::string& url, const Timeouts& t) {
    httplib::Client client(url);
    client.set_connection_timeout(t.connect);
    client.set_read_timeout(t.read);
    client.set_write_timeout(t.read);
    return client;
}

nlohmann::json parse_reply(const std::string& url, const std::string& what, const std::string& body) {
    try {
        return nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        throw TransientError("agent " + url + " answered " + what + " with invalid JSON: expected a JSON object, found " +
                             excerpt(body) + " (" + e.what() + ")");
    }
}

}  // namespace

AgentClient::AgentClient(std::string url, Timeouts timeouts) : url_(std::move(url)), timeouts_(timeouts) {
    while (url_.ends_with('/')) url_.pop_back();
    if (!url_.starts_with("http://")) {
        throw Error("remote: parameter 'agents': expected URLs like \"http://127.0.0.1:8080\", found \"" + url_ + "\"");
    }
}

nlohmann::json AgentClient::describe() const {
    auto client = make_client(url_, timeouts_);
    const auto res = client.Get("/health");
    if (!res) throw TransientError("agent " + url_ + ": cannot reach it (" + httplib::to_string(res.error()) + ")");
    if (res->status != 200) {
        throw TransientError("agent " + url_ + ": GET /health answered HTTP " + std::to_string(res->status) + ": " +
                             error_message(res->body));
    }
    auto doc = parse_reply(url_, "GET /health", res->body);
    for (const char* field : {"fingerprint", "space", "settings", "metrics"}) {
        if (!doc.is_object() || !doc.contains(field)) {
            throw TransientError("agent " + url_ + ": GET /health: expected an agent description with /" + std::string(field) +
                                 ", found " + excerpt(res->body));
        }
    }
    return doc;
}

nlohmann::json AgentClient::measure(const std::string& space, const std::vector<std::string>& archs,
                                    std::string& fingerprint) const {
    auto client = make_client(url_, timeouts_);
    const nlohmann::json request = {{"space", space}, {"architectures", archs}};
    const auto res = client.Post("/measure", request.dump(), "application/json");
    if (!res) {
        const bool timed_out = res.error() == httplib::Error::Read;
        throw TransientError("agent " + url_ + ": " +
                             (timed_out ? "no complete reply within the timeout (parameter timeout_seconds) or connection lost"
                                        : "cannot reach it") +
                             " (" + httplib::to_string(res.error()) + ")");
    }
    if (res->status >= 500 || res->status == 429) {
        throw TransientError("agent " + url_ + ": HTTP " + std::to_string(res->status) + ": " + error_message(res->body));
    }
    if (res->status != 200) {
        throw Error("remote: agent " + url_ + " refused the request (HTTP " + std::to_string(res->status) +
                    "): " + error_message(res->body));
    }
    const auto doc = parse_reply(url_, "POST /measure", res->body);
    if (!doc.is_object() || !doc.contains("results") || !doc.at("results").is_array() || !doc.contains("fingerprint") ||
        !doc.at("fingerprint").is_string()) {
        throw TransientError("agent " + url_ + ": POST /measure: expected {\"fingerprint\", \"results\": [...]}, found " +
                             excerpt(res->body));
    }
    if (doc.at("results").size() != archs.size()) {
        throw TransientError("agent " + url_ + ": POST /measure: expected " + std::to_string(archs.size()) +
                             " results, found " + std::to_string(doc.at("results").size()));
    }
    fingerprint = doc.at("fingerprint").get<std::string>();
    return doc.at("results");
}

}  // namespace hwnas::remote
