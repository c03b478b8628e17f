#include "table_declaration.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "hwnas/error.hpp"

namespace hwnas::table {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 7> table_fields{"file",   "key",    "columns",
                                                       "units",  "prefix", "suffix",
                                                       "cost_seconds_column"};
constexpr std::array<std::string_view, 4> rule_fields{"match", "unit", "better", "description"};

/// What a JSON value is, for "found ..." in messages (long values cut short).
std::string found(const Json& value) {
    std::string text = value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return std::string(value.type_name()) + " " + text;
}

[[noreturn]] void fail(const std::string& where, const std::string& message) { throw Error(where + ": " + message); }

template <std::size_t N>
void check_fields(const Json& object, const std::array<std::string_view, N>& allowed, const std::string& where) {
    for (const auto& [name, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string list;
        for (const auto field : allowed) list += (list.empty() ? "" : ", ") + std::string(field);
        fail(where, "unknown field '" + name + "'; fields are: " + list);
    }
}

std::optional<std::string> optional_string(const Json& object, const char* field, const std::string& where) {
    if (!object.contains(field)) return std::nullopt;
    const Json& value = object.at(field);
    if (!value.is_string()) fail(where + "/" + field, "expected a string, found " + found(value));
    return value.get<std::string>();
}

Direction parse_direction(const Json& value, const std::string& where) {
    if (value == "lower") return Direction::lower_is_better;
    if (value == "higher") return Direction::higher_is_better;
    fail(where, "expected \"lower\" or \"higher\", found " + found(value));
}

UnitRule parse_rule(const Json& rule, const std::string& where) {
    if (!rule.is_object()) fail(where, "expected an object {\"match\": ..., \"unit\": ..., \"better\": ...}, found " + found(rule));
    check_fields(rule, rule_fields, where);
    UnitRule out;
    const auto match = optional_string(rule, "match", where);
    if (!match) fail(where, "missing field 'match' (a column name or a glob such as \"*_acc\")");
    out.match = *match;
    out.unit = optional_string(rule, "unit", where);
    if (rule.contains("better")) out.better = parse_direction(rule.at("better"), where + "/better");
    out.description = optional_string(rule, "description", where).value_or("");
    return out;
}

std::vector<std::string> parse_columns(const Json& value, const std::string& where) {
    if (!value.is_array()) fail(where, "expected an array of column names, found " + found(value));
    std::vector<std::string> columns;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) fail(where + "/" + std::to_string(i), "expected a column name, found " + found(value[i]));
        columns.push_back(value[i].get<std::string>());
    }
    return columns;
}

TableDeclaration parse_declaration(const Json& decl, const std::string& where) {
    if (!decl.is_object()) fail(where, "expected an object {\"file\": ..., \"key\": ...}, found " + found(decl));
    check_fields(decl, table_fields, where);
    TableDeclaration out;
    out.where = where;
    const auto file = optional_string(decl, "file", where);
    if (!file || file->empty()) fail(where, "missing field 'file' (the CSV file, relative to the data directory)");
    out.file = *file;
    out.key = optional_string(decl, "key", where).value_or(out.key);
    if (decl.contains("columns")) out.columns = parse_columns(decl.at("columns"), where + "/columns");
    if (decl.contains("units")) {
        const Json& units = decl.at("units");
        if (!units.is_array()) fail(where + "/units", "expected an array of unit rules, found " + found(units));
        for (std::size_t i = 0; i < units.size(); ++i) {
            out.units.push_back(parse_rule(units[i], where + "/units/" + std::to_string(i)));
        }
    }
    out.prefix = optional_string(decl, "prefix", where).value_or("");
    out.suffix = optional_string(decl, "suffix", where).value_or("");
    out.cost_seconds_column = optional_string(decl, "cost_seconds_column", where);
    return out;
}

bool contains_ignoring_case(std::string_view text, std::string_view part) {
    const auto it = std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != text.end();
}

/// The built-in guesses used when no rule of the table matches.
MetricInfo fallback(std::string_view name) {
    if (contains_ignoring_case(name, "acc")) return {{}, "%", Direction::higher_is_better, {}};
    if (contains_ignoring_case(name, "latency")) return {{}, "ms", Direction::lower_is_better, {}};
    if (contains_ignoring_case(name, "energy")) return {{}, "mJ", Direction::lower_is_better, {}};
    return {{}, "", Direction::lower_is_better, {}};  // flops, params and anything else: smaller is cheaper
}

}  // namespace

std::vector<TableDeclaration> parse_declarations(const nlohmann::json& tables, const std::string& where) {
    if (!tables.is_array()) fail(where, "expected an array of table declarations, found " + found(tables));
    std::vector<TableDeclaration> out;
    for (std::size_t i = 0; i < tables.size(); ++i) out.push_back(parse_declaration(tables[i], where + "/" + std::to_string(i)));
    return out;
}

bool glob_match(std::string_view pattern, std::string_view text) {
    // Iterative matcher with one backtrack point: the last '*' seen.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            star_text = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::optional<std::string> metric_part(std::string_view column, std::string_view dataset) {
    if (dataset.empty()) return std::string(column);
    const std::size_t dot = column.find('.');
    if (dot == std::string_view::npos) return std::string(column);
    if (column.substr(0, dot) != dataset) return std::nullopt;
    return std::string(column.substr(dot + 1));
}

MetricInfo describe_metric(const TableDeclaration& table, std::string_view column, std::string_view dataset) {
    const std::string base = metric_part(column, dataset).value_or(std::string(column));
    MetricInfo info;
    info.name = table.prefix + base + table.suffix;
    const MetricInfo guess = fallback(info.name);
    info.unit = guess.unit;
    info.better = guess.better;
    // A rule may be written for the column as in the file, for its name without
    // the dataset, or for the final metric name: all three are tried.
    const auto rule = std::find_if(table.units.begin(), table.units.end(), [&](const UnitRule& r) {
        return glob_match(r.match, column) || glob_match(r.match, base) || glob_match(r.match, info.name);
    });
    std::string description;
    if (rule != table.units.end()) {
        info.unit = rule->unit.value_or(info.unit);
        info.better = rule->better.value_or(info.better);
        description = rule->description;
    }
    const std::string source = table.file + ", column " + std::string(column);
    info.description = description.empty() ? source : description + " (" + source + ")";
    return info;
}

}  // namespace hwnas::table
