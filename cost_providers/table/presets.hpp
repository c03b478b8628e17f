#pragma once
// Built-in table declarations for the benchmarks in the data directory,
// selected by the provider's `preset` parameter.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::table {

/// The declarations of preset `name` (same format as the `tables`
/// parameter), or nothing if there is no such preset.
std::optional<nlohmann::json> find_preset(std::string_view name);

/// Names of every built-in preset, sorted.
std::vector<std::string> preset_names();

}  // namespace hwnas::table
