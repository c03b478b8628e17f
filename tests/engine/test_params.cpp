#include <catch2/catch.hpp>

#include "engine/params.hpp"
#include "hwnas/error.hpp"

using hwnas::engine::Location;
using nlohmann::json;

namespace {
const char* declaration = R"({
  "population": {"type": "integer", "default": 50, "minimum": 2, "description": "members"},
  "rate": {"type": "number", "default": 0.5, "minimum": 0, "maximum": 1},
  "mode": {"type": "string", "default": "fast", "enum": ["fast", "exact"]},
  "file": {"type": "string", "description": "required"}
})";
}

TEST_CASE("parameters get their defaults and keep given values") {
    const auto specs = hwnas::engine::parse_param_specs("demo", declaration);
    const json out = hwnas::engine::validate_params(specs, json{{"file", "x.csv"}, {"population", 10.0}}, Location("c.json"));
    CHECK(out["population"] == 10);
    CHECK(out["population"].is_number_integer());
    CHECK(out["rate"] == 0.5);
    CHECK(out["mode"] == "fast");
    CHECK(out["file"] == "x.csv");
}

TEST_CASE("parameter errors name the file, the pointer, the expectation and the value found") {
    const auto specs = hwnas::engine::parse_param_specs("demo", declaration);
    const Location where = Location("exp.json") / "strategy" / "params";
    const auto check = [&](const json& given, const std::string& expected) {
        CHECK_THROWS_WITH(hwnas::engine::validate_params(specs, given, where), Catch::Contains(expected));
    };
    check(json{{"file", "f"}, {"populaton", 3}},
          "exp.json: /strategy/params/populaton: unknown parameter 'populaton' (did you mean 'population'?)");
    check(json{{"file", "f"}, {"population", "ten"}},
          "/strategy/params/population: expected an integer >= 2, found the string \"ten\"");
    check(json{{"file", "f"}, {"population", 1}}, "expected an integer >= 2, found the integer 1");
    check(json{{"file", "f"}, {"rate", 2}}, "expected a number >= 0 and <= 1");
    check(json{{"file", "f"}, {"mode", "exakt"}}, "(one of \"fast\", \"exact\"), found the string \"exakt\" (did you mean 'exact'?)");
    check(json::object(), "/strategy/params/file: missing required parameter (a string)");
    check(json::array(), "expected an object of parameters, found an array");
}

TEST_CASE("a malformed declaration is the plugin's fault and says so") {
    CHECK_THROWS_WITH(hwnas::engine::parse_param_specs("bad", R"({"x": {"type": "float"}})"),
                      Catch::Contains("plugin 'bad' declares its parameters wrongly") && Catch::Contains("'float'"));
    CHECK_THROWS_WITH(hwnas::engine::parse_param_specs("bad", "{oops"), Catch::Contains("plugin 'bad'"));
}
