#pragma once
// "Did you mean ...?" for unknown names in configs and on the command line.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hwnas::engine {

/// Edit distance (insertions, deletions, substitutions) between two names.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates closest to `name` (at most 3), or none if nothing is close.
std::vector<std::string> closest(std::string_view name, std::span<const std::string> candidates);

/// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string did_you_mean(std::string_view name, std::span<const std::string> candidates);

/// "'a', 'b', 'c'" for listing valid names in a message.
std::string quoted_list(std::span<const std::string> names);

}  // namespace hwnas::engine
