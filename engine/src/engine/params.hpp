#pragma once
// Plugin parameters: the descriptor declares them (type, default, range,
// description); configs are checked against that before a plugin sees them.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/location.hpp"

namespace hwnas::engine {

struct ParamSpec {
    std::string name;
    std::string type;  ///< integer, number, boolean, string, array, object
    std::string description;
    std::optional<nlohmann::json> default_value;  ///< none: the parameter is required
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::vector<nlohmann::json> allowed;  ///< "enum"
};

/// Reads a descriptor's parameter declaration; throws naming `plugin` if malformed.
std::vector<ParamSpec> parse_param_specs(const std::string& plugin, const char* declaration);

/// Checks `given` (an object, or null for none) against `specs`, fills in
/// defaults and returns the complete parameters. Errors name `where`.
nlohmann::json validate_params(const std::vector<ParamSpec>& specs, const nlohmann::json& given,
                               const Location& where);

/// "an integer >= 2" and the like, for messages and docs.
std::string expectation(const ParamSpec& spec);

}  // namespace hwnas::engine
