// The process provider: metrics from a command's stdout, and a clear error for
// each way a command can fail (status, invalid JSON, missing metric, timeout).
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>
#include <thread>
#include <vector>

#include "defaults.hpp"
#include "nb201_space.hpp"
#include "process_provider.hpp"
#include "test_support.hpp"

namespace {

using hwnas::Architecture;
using hwnas::process::ProcessProvider;

const nlohmann::json lexicographic = {{"index_order", "lexicographic"}};

const hwnas::nb201::Nb201Space& space() {
    static const hwnas::nb201::Nb201Space s(hwnas::PluginContext{lexicographic, {}, {}, "cifar10"});
    return s;
}

const nlohmann::json two_metrics = nlohmann::json::parse(R"([
    {"name": "lat", "unit": "ms", "better": "lower"},
    {"name": "n", "unit": "", "better": "higher"}])");

/// A provider running `script` with /bin/sh, from a fresh folder.
struct Fixture {
    std::filesystem::path dir = hwnas::test::temp_dir("process");
    nlohmann::json params;
    std::unique_ptr<ProcessProvider> provider;

    explicit Fixture(const std::string& script, nlohmann::json extra = nlohmann::json::object()) {
        hwnas::test::write_file(dir / "measure.sh", script);
        nlohmann::json given = {{"command", {"sh", "./measure.sh"}}, {"metrics", two_metrics}};
        given.update(extra);
        params = hwnas::test::with_defaults(ProcessProvider::parameters, given);
        provider = std::make_unique<ProcessProvider>(hwnas::PluginContext{params, {}, dir, "cifar10", &space()});
    }
    ~Fixture() { std::filesystem::remove_all(dir); }

    std::vector<double> evaluate(const Architecture& arch) const {
        std::vector<double> out(2);
        const std::vector<std::size_t> ids{0, 1};
        provider->evaluate(arch, ids, out);
        return out;
    }
};

const Architecture arch{1, 2, 3, 4, 0, 2};

/// lat = sum of the genes + 0.5, n = number of layers in the network description.
const char* python_script =
    "exec python3 -c 'import json,sys; a=json.load(sys.stdin); "
    "print(json.dumps({\"lat\": sum(a[\"genes\"]) + 0.5, \"n\": len(a[\"network\"][\"layers\"]), "
    "\"arch\": a[\"arch\"], \"space\": a[\"space\"]}))'\n";

bool process_gone(pid_t pid) {
    // Up to 10 s for init to reap it; a zombie ('Z') is dead already.
    for (int i = 0; i < 1000; ++i) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        if (!std::getline(stat, line)) return true;
        const auto close = line.rfind(')');
        if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("process: the command reads the architecture on stdin and prints its metrics", "[process]") {
    const Fixture f(python_script);
    const auto values = f.evaluate(arch);
    CHECK(values[0] == 1 + 2 + 3 + 4 + 0 + 2 + 0.5);
    CHECK(values[1] == static_cast<double>(space().network(arch).layers.size()));
    const auto input = nlohmann::json::parse(f.provider->input_for(arch));
    CHECK(input.at("space") == "nb201");
    CHECK(input.at("arch") == space().to_string(arch));
    CHECK(input.at("genes_string") == "1-2-3-4-0-2");
    CHECK(f.provider->query_cost_seconds(arch) > 0.0);  // the measured wall time
}

TEST_CASE("process: a fixed query_cost_seconds replaces the measured time", "[process]") {
    const Fixture f(python_script, {{"query_cost_seconds", 7.5}});
    f.evaluate(arch);
    CHECK(f.provider->query_cost_seconds(arch) == 7.5);
}

TEST_CASE("process: a non-zero exit names the status and shows the end of stderr", "[process]") {
    const Fixture f("cat >/dev/null; echo 'first line' >&2; echo 'device not found' >&2; exit 3\n");
    REQUIRE_THROWS_AS(f.evaluate(arch), hwnas::Error);
    try {
        f.evaluate(arch);
    } catch (const hwnas::Error& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("exited with status 3, expected 0"));
        CHECK_THAT(what, Catch::Contains("device not found"));
        CHECK_THAT(what, Catch::Contains("nb201:1-2-3-4-0-2"));
    }
}

TEST_CASE("process: output that is not JSON is a clear error showing what was printed", "[process]") {
    const Fixture f("echo 'latency is 3 ms'\n");
    try {
        f.evaluate(arch);
        FAIL("expected an error");
    } catch (const hwnas::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("printed invalid JSON on stdout: expected one JSON object of metrics, found 'latency is 3 ms"));
    }
}

TEST_CASE("process: a declared metric missing from the output is named - with the keys found", "[process]") {
    const Fixture f("echo '{\"lat\": 1.0, \"other\": 2}'\n");
    try {
        f.evaluate(arch);
        FAIL("expected an error");
    } catch (const hwnas::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("printed no metric 'n'"));
        CHECK_THAT(e.what(), Catch::Contains("found the keys: lat, other"));
    }
    const Fixture g("echo '{\"lat\": \"fast\", \"n\": 2}'\n");
    CHECK_THROWS_WITH(g.evaluate(arch), Catch::Contains("metric 'lat': expected a finite number, found \"fast\""));
}

TEST_CASE("process: a run over the timeout is killed with the processes it started", "[process]") {
    // The script starts a grandchild in its process group, then hangs.
    const Fixture f("sleep 60 & echo $! > grandchild.pid; echo 'warming up' >&2; wait\n", {{"timeout_seconds", 0.3}});
    try {
        f.evaluate(arch);
        FAIL("expected an error");
    } catch (const hwnas::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("timed out after 0.3 s (parameter timeout_seconds); its process group was killed"));
        CHECK_THAT(e.what(), Catch::Contains("warming up"));
    }
    const auto pid = std::stoi(hwnas::test::read_file(f.dir / "grandchild.pid"));
    CHECK(process_gone(pid));
}

TEST_CASE("process: a program that does not exist is a clear error", "[process]") {
    const auto dir = hwnas::test::temp_dir("process-missing");
    const auto params = hwnas::test::with_defaults(
        ProcessProvider::parameters, {{"command", {"./no-such-measure-script"}}, {"metrics", two_metrics}});
    const ProcessProvider provider(hwnas::PluginContext{params, {}, dir, "cifar10", &space()});
    std::vector<double> out(1);
    const std::vector<std::size_t> ids{0};
    CHECK_THROWS_WITH(provider.evaluate(arch, ids, out), Catch::Contains("cannot start") && Catch::Contains("no-such-measure-script"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("process: no more runs at once than the parallel limit - whatever the threads", "[process]") {
    // Each run counts the runs in progress (mkdir is atomic) and reports the count.
    const Fixture f(
        "cat >/dev/null; mkdir running.$$; n=$(ls -d running.* | wc -l); sleep 0.1; rmdir running.$$; "
        "echo \"{\\\"lat\\\": $n, \\\"n\\\": 0}\"\n",
        {{"parallel", 2}});
    std::vector<double> seen(6);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) {
        threads.emplace_back([&, t] { seen[t] = f.evaluate(space().from_index(t))[0]; });
    }
    for (auto& t : threads) t.join();
    for (const double in_progress : seen) CHECK(in_progress <= 2);
}

TEST_CASE("process: the shipped example runs through hwnas query", "[process][cli]") {
    const auto example = hwnas::test::source_dir() / "cost_providers/process/examples";
    const nlohmann::json params = {
        {"command", {"python3", (example / "toy_latency.py").string()}},
        {"metrics", {{{"name", "toy_latency_ms"}, {"unit", "ms"}}, {{"name", "layers"}}}}};
    const auto r = hwnas::test::run_hwnas("query nb201 1-2-3-4-0-2 --provider process --space-params '" + lexicographic.dump() +
                                          "' --provider-params '" + params.dump() + "'");
    REQUIRE(r.exit_code == 0);
    const auto out = nlohmann::json::parse(r.out);
    CHECK(out.at("metrics").at("toy_latency_ms").get<double>() > 0.0);
    CHECK(out.at("metrics").at("layers").get<double>() > 0.0);
}
