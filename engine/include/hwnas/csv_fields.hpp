#pragma once
// What hwnas's two CSV readers share: how a line splits into fields and the
// wording of their errors. CsvFile (csv.hpp) holds a whole table for random
// access; CsvReader (csv_reader.hpp) streams one row at a time.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/error.hpp"

namespace hwnas::csv_fields {

/// Calls `at(start)` with the offset in `line` where each field begins and
/// returns the number of fields (a line always has at least one). A field
/// ends at the comma before the next one, the last at the end of the line.
template <class At>
std::size_t split(std::string_view line, At&& at) {
    std::size_t count = 0;
    for (std::size_t start = 0;; ++count) {
        at(start);
        const std::size_t comma = line.find(',', start);
        if (comma == std::string_view::npos) return count + 1;
        start = comma + 1;
    }
}

/// The line without its '\r' (files written on Windows).
inline std::string_view without_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

inline std::vector<std::string_view> split_views(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t previous = 0;
    bool first = true;
    split(line, [&](std::size_t start) {
        if (!first) fields.push_back(line.substr(previous, start - 1 - previous));
        previous = start;
        first = false;
    });
    fields.push_back(line.substr(previous));
    return fields;
}

inline std::string cannot_open(const std::string& file) {
    return file + ": cannot open file (does it exist? is --data-dir right?)";
}

inline std::string empty_file(const std::string& file) { return file + ": empty file, expected a header line"; }

inline std::string wrong_field_count(const std::string& file, std::size_t line, std::size_t expected,
                                     std::size_t found) {
    return file + ":" + std::to_string(line) + ": expected " + std::to_string(expected) +
           " fields (as in the header), found " + std::to_string(found);
}

/// Index of the column `name` in `header`; throws listing the columns there are.
template <class Header>
std::size_t column(const Header& header, std::string_view name, const std::string& file) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) return i;
    }
    std::string have;
    for (const auto& h : header) have += (have.empty() ? "" : ", ") + std::string(h);
    throw Error(file + ":1: no column '" + std::string(name) + "'; columns are: " + have);
}

/// "file:line: column 'name'" for messages about one field.
inline std::string where(const std::string& file, std::size_t line, std::string_view column) {
    return file + ":" + std::to_string(line) + ": column '" + std::string(column) + "'";
}

/// The field as a finite double; `where()` names it when it is not one.
template <class Where>
double number(std::string_view field, Where&& where) {
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || ec != std::errc{} || ptr != field.data() + field.size() || !std::isfinite(value)) {
        throw Error(where() + ": expected a number, found '" + std::string(field) + "'");
    }
    return value;
}

}  // namespace hwnas::csv_fields
