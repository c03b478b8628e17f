#pragma once
// Parameters as the engine would pass them: the declared defaults, overridden
// by what a test gives (plugins made directly skip the engine's validation).
#include <nlohmann/json.hpp>

namespace hwnas::test {

inline nlohmann::json with_defaults(const char* declaration, const nlohmann::json& given) {
    nlohmann::json out = nlohmann::json::object();
    const auto declared = nlohmann::json::parse(declaration);
    for (const auto& [name, spec] : declared.items()) {
        if (spec.contains("default")) out[name] = spec.at("default");
    }
    for (const auto& [name, value] : given.items()) out[name] = value;
    return out;
}

}  // namespace hwnas::test
