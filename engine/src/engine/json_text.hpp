#pragma once
// JSON text from users (config files, command-line options, request bodies)
// to nlohmann::json, with errors that say where.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hwnas::engine {

/// Parses `text`. Syntax errors become hwnas::Error "ORIGIN:LINE:COLUMN:
/// invalid JSON: ..."; numbers too large for a double (which nlohmann reports
/// as out_of_range, not as a parse error) become "ORIGIN: invalid JSON: ...".
/// ORIGIN names a file or a command-line option.
nlohmann::json parse_json_text(std::string_view text, const std::string& origin);

/// Reads and parses a JSON file; errors as parse_json_text, naming the file.
nlohmann::json read_json_file(const std::filesystem::path& file);

}  // namespace hwnas::engine
