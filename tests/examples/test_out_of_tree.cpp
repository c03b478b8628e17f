// An outside author's path: install hwnas, build the example plugins
// (plugins/examples) against the installed package, load them with
// --plugin-path and run an experiment with them.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;
using hwnas::test::read_file;
using hwnas::test::run_command;
using hwnas::test::source_dir;

namespace {

// Appended, not "'" + ...: GCC 12 warns falsely (-Wrestrict) on that pattern.
std::string quoted(const fs::path& p) { return std::string("'").append(p.string()).append("'"); }

void require_ok(const hwnas::test::CommandResult& r, const std::string& what) {
    INFO(what << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
}

/// Names of the dynamic symbols a shared library defines.
std::vector<std::string> exported_symbols(const fs::path& library) {
    const auto r = run_command("nm -D --defined-only " + quoted(library));
    require_ok(r, "nm " + library.string());
    std::vector<std::string> names;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        if (const auto space = line.rfind(' '); space != std::string::npos) names.push_back(line.substr(space + 1));
    }
    return names;
}

/// Only the two descriptor entry points and SDK type information.
bool only_descriptor_exported(const std::vector<std::string>& names) {
    static const std::regex allowed("hwnas_plugin_(abi|descriptor)|_ZT[ISV]N5hwnas.*");
    for (const auto& n : names) {
        if (!std::regex_match(n, allowed)) {
            UNSCOPED_INFO("unexpected exported symbol " << n);
            return false;
        }
    }
    return true;
}

/// The installed engine and the examples' build tree, made once for all test
/// cases.
struct Installed {
    fs::path work = hwnas::test::temp_dir("examples");
    fs::path prefix = work / "prefix";
    fs::path hwnas = prefix / "bin" / "hwnas";
    fs::path plugins = work / "build" / "plugins";
};

const Installed& installed() {
    static const Installed done = [] {
        Installed in;
        const std::string cmake = quoted(HWNAS_TEST_CMAKE);
        require_ok(run_command(cmake + " --install " + quoted(HWNAS_TEST_BUILD_DIR) + " --prefix " + quoted(in.prefix)),
                   "cmake --install");
        require_ok(
            run_command(
                cmake + " -S " + quoted(source_dir() / "plugins" / "examples") + " -B " + quoted(in.work / "build") +
                " -G '" HWNAS_TEST_GENERATOR "' -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=" + quoted(in.prefix)),
            "configure the examples against the installed package");
        require_ok(run_command(cmake + " --build " + quoted(in.work / "build")), "build the examples");
        return in;
    }();
    return done;
}

}  // namespace

TEST_CASE("cmake --install lays out the CLI, plugins, SDK and packages", "[examples]") {
    const auto& in = installed();
    REQUIRE(fs::exists(in.hwnas));
    CHECK(fs::exists(in.prefix / "include" / "hwnas" / "plugin.hpp"));
    CHECK(fs::exists(in.prefix / "lib" / "cmake" / "hwnas" / "hwnasConfig.cmake"));
    CHECK(fs::exists(in.prefix / "lib" / "pkgconfig" / "hwnas.pc"));
    CHECK(fs::exists(in.prefix / "lib" / "libhwnas.so"));
    // The installed CLI finds the installed built-in plugins by itself.
    const auto listed = run_command(quoted(in.hwnas) + " list");
    require_ok(listed, "installed hwnas list");
    CHECK(listed.out.find((in.prefix / "lib" / "hwnas" / "plugins" / "libhwnas_regularized_evolution.so").string()) !=
          std::string::npos);
    // Built-in plugins export their descriptor only, too.
    for (const auto& entry : fs::directory_iterator(in.prefix / "lib" / "hwnas" / "plugins")) {
        INFO(entry.path());
        CHECK(only_descriptor_exported(exported_symbols(entry.path())));
    }
}

TEST_CASE("the out-of-tree example plugins export only their descriptor", "[examples]") {
    const auto& in = installed();
    for (const char* name : {"libhwnas_simulated_annealing.so", "libhwnas_op_cost.so"}) {
        INFO(name);
        CHECK(only_descriptor_exported(exported_symbols(in.plugins / name)));
    }
}

TEST_CASE(
    "an experiment with the out-of-tree strategy and provider gives sane "
    "results",
    "[examples]") {
    const auto& in = installed();
    const fs::path out = in.work / "run";
    const auto run =
        run_command(quoted(in.hwnas) + " run " + quoted(source_dir() / "plugins" / "examples" / "sa_nb201.json") +
                    " --plugin-path " + quoted(in.plugins) + " -o " + quoted(out) + " --data-dir " +
                    quoted(hwnas::test::data_dir()));
    require_ok(run, "hwnas run sa_nb201.json");
    const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
    INFO(summary.dump(2));
    CHECK(summary.at("strategy") == "simulated_annealing");
    CHECK(summary.at("evaluations").at("total") == 400);
    // The strategy cooled once per step: 2.0 * 0.99^400.
    CHECK(summary.at("strategy_info").at("final_temperature").get<double>() ==
          Approx(2.0 * std::pow(0.99, 400)).epsilon(1e-9));

    // The best cell's op_latency is the example model's sum over its six edges.
    const auto& best = summary.at("best");
    const std::map<std::string, double> cost = {
        {"none", 0.0}, {"skip_connect", 0.02}, {"avg_pool_3x3", 0.15}, {"nor_conv_1x1", 0.35}, {"nor_conv_3x3", 0.9}};
    const std::string arch = best.at("arch");
    double expected = 0.0;
    int edges = 0;
    for (const auto& [op, c] : cost) {
        for (auto at = arch.find("|" + op + "~"); at != std::string::npos; at = arch.find("|" + op + "~", at + 1)) {
            expected += c;
            ++edges;
        }
    }
    CHECK(edges == 6);
    const double latency = best.at("metrics").at("op_latency");
    CHECK(latency == Approx(expected));
    CHECK(latency <= 3.0);
    // Annealing with 400 evaluations lands among the good cells (random cells
    // average about 60 %).
    CHECK(best.at("metrics").at("test_acc").get<double>() > 92.0);
}

TEST_CASE("a plugin built with plain g++ and pkg-config loads too", "[examples]") {
    const auto& in = installed();
    const fs::path lib = in.work / "pc" / "libhwnas_op_cost.so";
    fs::create_directories(lib.parent_path());
    const std::string pc = "PKG_CONFIG_PATH=" + quoted(in.prefix / "lib" / "pkgconfig") + " pkg-config";
    require_ok(run_command(quoted(HWNAS_TEST_CXX) + " $(" + pc + " --cflags hwnas) " +
                           quoted(source_dir() / "plugins" / "examples" / "op_cost" / "op_cost.cpp") + " $(" + pc +
                           " --variable=plugin_ldflags hwnas) -o " + quoted(lib)),
               "g++ with pkg-config");
    const auto described =
        run_command(quoted(in.hwnas) + " describe op_cost --plugin-path " + quoted(lib.parent_path()));
    require_ok(described, "hwnas describe op_cost");
    CHECK(described.out.find("default_cost") != std::string::npos);
    CHECK(only_descriptor_exported(exported_symbols(lib)));
}

namespace {

/// The files of docs/write-a-strategy-plugin.md: each fenced block after a
/// "<!-- file: NAME -->" line.
std::map<std::string, std::string> tutorial_files() {
    std::map<std::string, std::string> files;
    std::istringstream doc(read_file(source_dir() / "docs" / "write-a-strategy-plugin.md"));
    std::string line, name;
    while (std::getline(doc, line)) {
        if (line.starts_with("<!-- file: ")) {
            name = line.substr(11, line.find(" -->") - 11);
            std::getline(doc, line);  // the opening fence
            std::string text;
            while (std::getline(doc, line) && !line.starts_with("```")) text += line + "\n";
            files[name] = text;
        }
    }
    return files;
}

}  // namespace

TEST_CASE("the tutorial's plugin, copied from docs/write-a-strategy-plugin.md, builds and finds a good cell",
          "[examples]") {
    const auto& in = installed();
    const auto files = tutorial_files();
    REQUIRE(files.size() == 4);
    const fs::path dir = in.work / "tutorial";
    for (const auto& [name, text] : files) hwnas::test::write_file(dir / name, text);
    const std::string cmake = quoted(HWNAS_TEST_CMAKE);
    require_ok(run_command("cd " + quoted(dir) + " && " + cmake + " -S . -B build -G '" HWNAS_TEST_GENERATOR
                           "' -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=" + quoted(in.prefix) + " && " + cmake +
                           " --build build"),
               "build the tutorial's plugin");
    const auto run = run_command("cd " + quoted(dir) + " && " + quoted(in.hwnas) +
                                 " run experiment.json --plugin-path build/plugins -o results --data-dir " +
                                 quoted(hwnas::test::data_dir()));
    require_ok(run, "run the tutorial's experiment");
    const auto summary = nlohmann::json::parse(read_file(dir / "results" / "summary.json"));
    INFO(summary.dump(2));
    CHECK(summary.at("strategy") == "local_search");
    CHECK(summary.at("evaluations").at("total") == 500);
    const auto& metrics = summary.at("best").at("metrics");
    CHECK(metrics.at("pixel3_latency").get<double>() <= 5.0);
    // The best feasible cell of the table reaches 91.08 %; local search gets close.
    CHECK(metrics.at("test_acc").get<double>() > 89.0);
    CHECK(metrics.at("test_acc").get<double>() <= 91.08);
}
