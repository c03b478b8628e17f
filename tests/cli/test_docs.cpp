// Documentation generated from the code stays current.
#include <catch2/catch.hpp>

#include "test_support.hpp"

TEST_CASE("docs/config-reference.md is what hwnas describe --markdown prints for the built-in plugins") {
    // Only the built-in plugins: a user's HWNAS_PLUGIN_PATH would add theirs.
    const auto r = hwnas::test::run_command("env -u HWNAS_PLUGIN_PATH '" + hwnas::test::binary().string() + "' describe --markdown");
    REQUIRE(r.exit_code == 0);
    const auto checked_in = hwnas::test::read_file(hwnas::test::source_dir() / "docs" / "config-reference.md");
    INFO("regenerate it: build/bin/hwnas describe --markdown > docs/config-reference.md");
    CHECK(r.out == checked_in);
}

TEST_CASE("describe --markdown PLUGIN prints that plugin's section, and describe without a name says what it needs") {
    const auto one = hwnas::test::run_hwnas("describe regularized_evolution --markdown");
    REQUIRE(one.exit_code == 0);
    CHECK_THAT(one.out, Catch::StartsWith("### `regularized_evolution`") && Catch::Contains("| `population` |"));
    const auto none = hwnas::test::run_hwnas("describe");
    CHECK(none.exit_code != 0);
    CHECK_THAT(none.err, Catch::Contains("describe needs a plugin name"));
}
