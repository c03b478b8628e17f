#pragma once
// Writing CSV: one field, quoted only when it must be (RFC 4180).
#include <string>

namespace hwnas::engine {

/// `text` as a CSV field: as is, or in double quotes (inner quotes doubled)
/// when it holds a comma, a quote or a line break.
inline std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace hwnas::engine
