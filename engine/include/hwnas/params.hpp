#pragma once
// Reading a plugin's parameters. The engine has already validated them
// against the plugin's declaration; these checks repeat the range test so a
// plugin made directly (tests, other hosts) still fails with a clear message.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hwnas/error.hpp"

namespace hwnas {

/// An integer >= minimum; throws "<plugin>: parameter '<name>': expected ...".
inline std::int64_t integer_param(const nlohmann::json& params, std::string_view plugin, const char* name,
                                  std::int64_t minimum) {
    const std::string expected = "expected an integer >= " + std::to_string(minimum);
    const auto fail = [&](const std::string& what) {
        return Error(std::string(plugin) + ": parameter '" + name + "': " + what);
    };
    std::int64_t value = 0;
    try {
        value = params.at(name).get<std::int64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw fail(expected + " (" + e.what() + ")");
    }
    if (value < minimum) throw fail(expected + ", found " + std::to_string(value));
    return value;
}

/// A number >= minimum, and <= maximum when one is given.
inline double number_param(const nlohmann::json& params, std::string_view plugin, const char* name, double minimum,
                           std::optional<double> maximum = std::nullopt) {
    std::string expected = "expected a number >= " + nlohmann::json(minimum).dump();
    if (maximum) expected += " and <= " + nlohmann::json(*maximum).dump();
    const auto fail = [&](const std::string& what) {
        return Error(std::string(plugin) + ": parameter '" + name + "': " + what);
    };
    double value = 0;
    try {
        value = params.at(name).get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw fail(expected + " (" + e.what() + ")");
    }
    if (!(value >= minimum && value <= maximum.value_or(HUGE_VAL))) {
        throw fail(expected + ", found " + nlohmann::json(value).dump());
    }
    return value;
}

}  // namespace hwnas
