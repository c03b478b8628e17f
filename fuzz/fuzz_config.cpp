// libFuzzer target: the experiment, grid and parameter parsers on arbitrary
// bytes. The contract under test: any input either parses or is refused with
// hwnas::Error (invalid JSON, or a config error naming file and pointer).
// Any other exception, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/experiment.hpp"
#include "engine/grid.hpp"
#include "engine/json_text.hpp"
#include "engine/location.hpp"
#include "engine/params.hpp"
#include "hwnas/error.hpp"

namespace {

// Every kind of parameter a plugin can declare, with bounds and an enum.
const std::vector<hwnas::engine::ParamSpec>& specs() {
    static const auto declared = hwnas::engine::parse_param_specs("fuzz", R"json({
      "population": {"type": "integer", "default": 50, "minimum": 2, "maximum": 100000},
      "rate": {"type": "number", "default": 0.5, "minimum": 0, "maximum": 1},
      "flag": {"type": "boolean", "default": false},
      "mode": {"type": "string", "default": "a", "enum": ["a", "b"]},
      "list": {"type": "array", "default": []},
      "table": {"type": "object"}
    })json");
    return declared;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    nlohmann::json doc;
    try {
        doc = hwnas::engine::parse_json_text(text, "fuzz.json");
    } catch (const hwnas::Error&) {
        return 0;  // not JSON (or a number beyond a double): reported with file, line and column
    }
    try {
        if (hwnas::engine::is_grid(doc)) {
            (void)hwnas::engine::parse_grid(doc, "fuzz.json");
        } else {
            (void)hwnas::engine::parse_experiment(doc, "fuzz.json");
        }
    } catch (const hwnas::Error&) {
    }
    try {
        const nlohmann::json given = doc.is_object() && doc.contains("params") ? doc["params"] : doc;
        (void)hwnas::engine::validate_params(specs(), given, hwnas::engine::Location("fuzz.json") / "params");
    } catch (const hwnas::Error&) {
    }
    return 0;
}
