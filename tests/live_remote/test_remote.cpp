// The remote provider against agents on loopback: the same metrics as the
// provider run locally, answers from the cache with no agent up, and each
// fault (agent killed, slow, garbage, refused) ending in a complete batch or a
// clear error with every earlier measurement still in the cache.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <atomic>
#include <signal.h>
#include <thread>
#include <vector>

#include "agent_process.hpp"
#include "analytic_provider.hpp"
#include "defaults.hpp"
#include "engine/agent.hpp"
#include "measurement_cache.hpp"
#include "nb201_space.hpp"
#include "process_provider.hpp"
#include "remote_provider.hpp"
#include "test_support.hpp"

namespace {

using hwnas::Architecture;
using hwnas::remote::RemoteProvider;

const nlohmann::json lexicographic = {{"index_order", "lexicographic"}};
const nlohmann::json no_params = nlohmann::json::object();

std::shared_ptr<hwnas::nb201::Nb201Space> space() {
    static const auto s = std::make_shared<hwnas::nb201::Nb201Space>(hwnas::PluginContext{lexicographic, {}, {}, "cifar10"});
    return s;
}

std::shared_ptr<hwnas::CostProvider> analytic() {
    static const auto p = std::make_shared<hwnas::analytic::AnalyticProvider>(hwnas::PluginContext{no_params, {}, {}, "cifar10", space().get()});
    return p;
}

std::unique_ptr<hwnas::engine::Agent> start_agent(std::shared_ptr<hwnas::CostProvider> provider, hwnas::engine::AgentOptions options = {}) {
    hwnas::engine::AgentSetup setup{space(), std::move(provider), "analytic", "1.0.0", no_params, "cifar10", ""};
    auto agent = std::make_unique<hwnas::engine::Agent>(std::move(setup), options);
    agent->start();
    return agent;
}

std::string url(int port) { return "http://127.0.0.1:" + std::to_string(port); }

struct Remote {
    nlohmann::json params;
    std::unique_ptr<RemoteProvider> provider;
    Remote(const std::vector<std::string>& agents, nlohmann::json extra = nlohmann::json::object()) {
        nlohmann::json given = {{"agents", agents}, {"retries", 1}, {"backoff_seconds", 0.05}, {"timeout_seconds", 30}};
        given.update(extra);
        params = hwnas::test::with_defaults(RemoteProvider::parameters, given);
        provider = std::make_unique<RemoteProvider>(hwnas::PluginContext{params, {}, {}, "cifar10", space().get()});
    }
};

std::vector<Architecture> some_archs(std::size_t n, std::uint64_t first = 0) {
    std::vector<Architecture> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(space()->from_index((first + i * 617) % *space()->size()));
    return out;
}

std::vector<std::vector<double>> local(const hwnas::CostProvider& provider, const std::vector<Architecture>& archs) {
    std::vector<std::size_t> ids(provider.metrics().size());
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
    std::vector<std::vector<double>> out;
    for (const auto& a : archs) {
        std::vector<double> v(ids.size());
        provider.evaluate(a, ids, v);
        out.push_back(v);
    }
    return out;
}

/// An HTTP server that looks like an agent on /health (it copies a real
/// agent's description) but answers /measure with `measure`.
struct FakeAgent {
    httplib::Server http;
    std::thread thread;
    int port = 0;
    FakeAgent(const nlohmann::json& description, httplib::Server::Handler measure) {
        http.Get("/health", [description](const httplib::Request&, httplib::Response& res) {
            res.set_content(description.dump(), "application/json");
        });
        http.Post("/measure", std::move(measure));
        port = http.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { http.listen_after_bind(); });
        while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakeAgent() {
        http.stop();
        thread.join();
    }
};

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const hwnas::Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("remote: metrics through an agent on loopback equal the provider run locally", "[remote]") {
    const auto agent = start_agent(analytic());
    const Remote remote({url(agent->port())}, {{"batch_size", 3}, {"parallel", 2}});
    REQUIRE(remote.provider->metrics().size() == analytic()->metrics().size());
    CHECK(remote.provider->metrics()[0].name == analytic()->metrics()[0].name);
    const auto archs = some_archs(20);
    CHECK(remote.provider->measure(archs) == local(*analytic(), archs));
    // One architecture at a time, as the engine asks.
    std::vector<double> one(1);
    const std::vector<std::size_t> ids{1};
    remote.provider->evaluate(archs[7], ids, one);
    CHECK(one[0] == local(*analytic(), {archs[7]})[0][1]);
}

TEST_CASE("remote: the agent describes the device - provider and metrics", "[remote]") {
    const auto agent = start_agent(analytic());
    httplib::Client client(url(agent->port()));
    const auto res = client.Get("/health");
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto d = nlohmann::json::parse(res->body);
    CHECK(d.at("device").at("hardware_threads").get<unsigned>() == std::thread::hardware_concurrency());
    CHECK_FALSE(d.at("device").at("cpu_model").get<std::string>().empty());
    CHECK(d.at("provider").at("name") == "analytic");
    CHECK(d.at("hwnas_version") == HWNAS_VERSION);
    CHECK(d.at("fingerprint") == hwnas::engine::device_fingerprint(d.at("device")));
}

TEST_CASE("remote: a second query is answered from the cache with every agent down", "[remote][cache]") {
    const auto dir = hwnas::test::temp_dir("remote-cache");
    const auto cache = (dir / "cache.sqlite").string();
    const auto archs = some_archs(10);
    std::string agent_url;
    {
        const auto agent = start_agent(analytic());
        agent_url = url(agent->port());
        const Remote remote({agent_url}, {{"cache", cache}});
        CHECK(remote.provider->measure(archs) == local(*analytic(), archs));
        CHECK(remote.provider->sent() == 10);
        CHECK(remote.provider->measure(archs) == local(*analytic(), archs));
        CHECK(remote.provider->sent() == 10);  // nothing sent twice
    }
    // The agent is gone: its description and the measurements come from the cache.
    const Remote offline({agent_url}, {{"cache", cache}, {"connect_timeout_seconds", 0.5}});
    CHECK(offline.provider->measure(archs) == local(*analytic(), archs));
    CHECK(offline.provider->sent() == 0);
    // Something not measured before is a clear error naming the agent.
    const auto more = some_archs(1, 5);
    CHECK_THAT(error_of([&] { (void)offline.provider->measure(more); }),
               Catch::Contains("could not measure 1 architecture(s)") && Catch::Contains(agent_url) && Catch::Contains("cannot reach"));
    CHECK(hwnas::MeasurementCache(cache).size() == 10);
    std::filesystem::remove_all(dir);
}

TEST_CASE("remote: no agent and no cache is a clear error at construction", "[remote]") {
    int free_port = 0;
    {
        const auto agent = start_agent(analytic());
        free_port = agent->port();
    }
    CHECK_THROWS_WITH(Remote({url(free_port)}, {{"connect_timeout_seconds", 0.5}}),
                      Catch::Contains("cannot learn the metrics: no agent answered"));
}

TEST_CASE("remote: garbage replies fail over to a good agent - or end in a clear error", "[remote][fault]") {
    const auto good = start_agent(analytic());
    const auto description = good->describe();
    FakeAgent garbage(description, [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<html>502 proxy says hello</html>", "text/html");
    });
    const auto archs = some_archs(6);
    const Remote both({url(garbage.port), url(good->port())}, {{"batch_size", 1}});
    CHECK(both.provider->measure(archs) == local(*analytic(), archs));

    const Remote only({url(garbage.port)}, {{"retries", 0}});
    const auto what = error_of([&] { (void)only.provider->measure(archs); });
    CHECK_THAT(what, Catch::Contains("answered POST /measure with invalid JSON: expected a JSON object, found '<html>502 proxy"));

    FakeAgent short_reply(description, [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"fingerprint": "x", "results": []})", "application/json");
    });
    const Remote shorted({url(short_reply.port)}, {{"retries", 0}});
    CHECK_THAT(error_of([&] { (void)shorted.provider->measure(archs); }), Catch::Contains("expected 6 results, found 0"));
}

TEST_CASE("remote: replies slower than the timeout are a clear error - earlier measurements stay cached", "[remote][fault]") {
    const auto dir = hwnas::test::temp_dir("remote-slow");
    const auto cache = (dir / "cache.sqlite").string();
    const auto good = start_agent(analytic());
    const auto before = some_archs(3);
    {
        const Remote remote({url(good->port())}, {{"cache", cache}});
        (void)remote.provider->measure(before);
    }
    std::atomic<bool> release{false};
    FakeAgent slow(good->describe(), [&](const httplib::Request&, httplib::Response& res) {
        // Holds the reply well past the client's timeout (released at the end of the test).
        for (int i = 0; i < 300 && !release; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        res.set_content("{}", "application/json");
    });
    const Remote remote({url(slow.port)}, {{"cache", cache}, {"timeout_seconds", 0.3}, {"retries", 0}});
    auto archs = before;
    archs.push_back(space()->from_index(4242));
    const auto what = error_of([&] { (void)remote.provider->measure(archs); });
    release = true;
    CHECK_THAT(what, Catch::Contains("no complete reply within the timeout"));
    const hwnas::MeasurementCache check(cache);
    CHECK(check.size() == 3);
    std::filesystem::remove_all(dir);
}

TEST_CASE("remote: oversized and malformed requests get a 4xx with a JSON message", "[remote][fault]") {
    hwnas::engine::AgentOptions options;
    options.max_request_bytes = 1024;
    const auto agent = start_agent(analytic(), options);
    httplib::Client client(url(agent->port()));
    const auto big = client.Post("/measure", std::string(4096, ' '), "application/json");
    REQUIRE(big);
    CHECK(big->status == 413);
    CHECK_THAT(nlohmann::json::parse(big->body).at("error").get<std::string>(), Catch::Contains("larger than 1024 bytes"));

    const auto bad = client.Post("/measure", "{\"architectures\": [", "application/json");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK_THAT(nlohmann::json::parse(bad->body).at("error").get<std::string>(), Catch::Contains("invalid JSON"));

    const auto wrong = client.Post("/measure", R"({"space": "nb201", "architectures": ["9-9-9"]})", "application/json");
    REQUIRE(wrong);
    CHECK(wrong->status == 400);
    CHECK_THAT(nlohmann::json::parse(wrong->body).at("error").get<std::string>(), Catch::Contains("/architectures/0"));

    // Through the provider: a batch too big for the agent is refused, not retried.
    const Remote remote({url(agent->port())}, {{"batch_size", 100}});
    CHECK_THAT(error_of([&] { (void)remote.provider->measure(some_archs(100)); }),
               Catch::Contains("refused the request (HTTP 413)") && Catch::Contains("larger than 1024 bytes"));
}

TEST_CASE("remote: an agent killed mid-batch and restarted - the batch completes and nothing measured is lost", "[remote][fault]") {
    const auto dir = hwnas::test::temp_dir("remote-kill");
    const auto cache = (dir / "cache.sqlite").string();
    // A measurement that takes a while, so the kill lands mid-batch.
    hwnas::test::write_file(dir / "measure.sh",
                            "sleep 0.05; exec python3 -c 'import json,sys; a=json.load(sys.stdin); "
                            "print(json.dumps({\"lat\": sum(a[\"genes\"]) * 1.5}))'\n");
    const nlohmann::json provider_params = {{"command", {"sh", (dir / "measure.sh").string()}},
                                            {"metrics", {{{"name", "lat"}, {"unit", "ms"}}}}};
    const std::vector<std::string> args{"--space", "nb201", "--space-params", lexicographic.dump(), "--provider", "process",
                                        "--provider-params", provider_params.dump(), "--jobs", "2"};
    auto agent = std::make_unique<hwnas::test::AgentProcess>(args);
    const int port = agent->port();
    const Remote remote({url(port)}, {{"cache", cache}, {"batch_size", 1}, {"parallel", 2}, {"retries", 8}, {"backoff_seconds", 0.1}});

    const auto archs = some_archs(10);
    std::vector<std::vector<double>> got;
    std::string error;
    std::thread batch([&] {
        try {
            got = remote.provider->measure(archs);
        } catch (const hwnas::Error& e) {
            error = e.what();
        }
    });
    const hwnas::MeasurementCache watch(cache);
    for (int i = 0; i < 3000 && watch.size() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::size_t before_kill = watch.size();
    agent->kill(SIGKILL);
    agent = std::make_unique<hwnas::test::AgentProcess>(args, port);
    batch.join();

    REQUIRE(error.empty());
    CHECK(before_kill >= 3);
    CHECK(before_kill < archs.size());
    const auto params = hwnas::test::with_defaults(hwnas::process::ProcessProvider::parameters, provider_params);
    const hwnas::process::ProcessProvider direct(hwnas::PluginContext{params, {}, dir, "cifar10", space().get()});
    CHECK(got == local(direct, archs));
    CHECK(watch.size() == archs.size());
    agent.reset();
    std::filesystem::remove_all(dir);
}

// Hidden (run by name): prints throughput for the report, asserts nothing about speed.
TEST_CASE("remote: throughput with and without the cache", "[.throughput]") {
    const auto dir = hwnas::test::temp_dir("remote-throughput");
    const auto agent = start_agent(analytic(), {"127.0.0.1", 0, 1u << 20, 16, 2});
    const auto archs = some_archs(2000, 1);
    const auto rate = [&](const Remote& remote) {
        const auto start = std::chrono::steady_clock::now();
        const auto values = remote.provider->measure(archs);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(values == local(*analytic(), archs));
        return static_cast<double>(archs.size()) / seconds;
    };
    for (const int batch : {1, 8, 64}) {
        const Remote plain({url(agent->port())}, {{"batch_size", batch}, {"parallel", 2}});
        const Remote cached({url(agent->port())}, {{"batch_size", batch}, {"parallel", 2},
                                                   {"cache", (dir / std::string("c").append(std::to_string(batch)).append(".sqlite")).string()}});
        const double no_cache = rate(plain);
        const double cold = rate(cached);
        const double warm = rate(cached);
        std::printf("batch_size %2d: no cache %8.0f arch/s | cache, cold (measure + commit) %8.0f arch/s | cache, warm (all hits) %8.0f arch/s\n",
                    batch, no_cache, cold, warm);
    }
    std::filesystem::remove_all(dir);
}
