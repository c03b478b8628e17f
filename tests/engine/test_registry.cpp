#include <catch2/catch.hpp>

#include "engine/registry.hpp"
#include "test_support.hpp"

using hwnas::PluginKind;
using hwnas::engine::PluginRegistry;

namespace {
std::filesystem::path fixtures() { return HWNAS_FIXTURE_PLUGIN_DIR; }

const hwnas::engine::RefusedPlugin* refusal(const PluginRegistry& r, const std::string& file_part) {
    for (const auto& x : r.refused()) {
        if (x.file.filename().string().find(file_part) != std::string::npos) return &x;
    }
    return nullptr;
}
}  // namespace

TEST_CASE("the built-in plugins load from the plugin folder") {
    PluginRegistry registry;
    registry.load_directories({hwnas::test::plugin_dir()});
    CHECK(registry.refused().empty());
    CHECK(registry.try_find(PluginKind::search_space, "nb201") != nullptr);
    CHECK(registry.try_find(PluginKind::cost_provider, "table") != nullptr);
    CHECK(registry.try_find(PluginKind::strategy, "regularized_evolution") != nullptr);
    CHECK(registry.try_find(PluginKind::strategy, "random") != nullptr);
}

TEST_CASE("files that are not plugins or have another ABI are refused with the reason, the rest load") {
    PluginRegistry registry;
    registry.load_directories({fixtures(), hwnas::test::plugin_dir()});

    const auto* not_plugin = refusal(registry, "not_a_plugin");
    REQUIRE(not_plugin);
    CHECK_THAT(not_plugin->reason, Catch::Contains("not a hwnas plugin"));

    const auto* wrong_abi = refusal(registry, "wrong_abi");
    REQUIRE(wrong_abi);
    CHECK_THAT(wrong_abi->reason, Catch::Contains("ABI version 999") && Catch::Contains("expects version " + std::to_string(hwnas::sdk_abi_version)));

    CHECK(registry.try_find(PluginKind::search_space, "nb201") != nullptr);
}

TEST_CASE("unknown plugin names get suggestions and the list of what exists") {
    PluginRegistry registry;
    registry.load_directories({hwnas::test::plugin_dir()});
    CHECK_THROWS_WITH(registry.find(PluginKind::strategy, "regularized_evolutoin",
                                    hwnas::engine::Location("e.json") / "strategy" / "plugin"),
                      Catch::Contains("e.json: /strategy/plugin: unknown strategy plugin 'regularized_evolutoin' "
                                      "(did you mean 'regularized_evolution'?)") &&
                          Catch::Contains("available: "));
}

TEST_CASE("a factory that throws becomes an error naming the plugin and its file") {
    PluginRegistry registry;
    registry.load_directories({fixtures(), hwnas::test::plugin_dir()});
    const auto* plugin = registry.try_find(PluginKind::strategy, "fixture_throwing");
    REQUIRE(plugin);
    const auto* space_plugin = registry.try_find(PluginKind::search_space, "nb201");
    REQUIRE(space_plugin);
    const nlohmann::json none = nlohmann::json::object();
    const auto space = registry.make_space(
        *space_plugin, hwnas::PluginContext{nlohmann::json{{"index_order", "lexicographic"}, {"index_file", ""}},
                                            hwnas::test::data_dir(), ".", "cifar10", nullptr});
    const hwnas::Problem problem;
    CHECK_THROWS_WITH(registry.make_strategy(*plugin, none, hwnas::SearchContext{*space, problem, hwnas::Rng(1), 10}),
                      Catch::Contains("plugin 'fixture_throwing' (") && Catch::Contains("failed to start: fixture refuses to start"));
}
