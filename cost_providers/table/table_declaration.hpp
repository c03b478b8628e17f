#pragma once
// What a table declaration says (one entry of the `tables` parameter or of a
// preset), and the rules that turn a CSV column into a metric: which columns
// apply to the experiment's dataset, how they are named, their unit and
// direction.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/metric.hpp"

namespace hwnas::table {

/// {"match": glob, "unit": ..., "better": "lower"|"higher", "description": ...};
/// fields left out come from the built-in fallback rules.
struct UnitRule {
    std::string match;
    std::optional<std::string> unit;
    std::optional<Direction> better;
    std::string description;
};

struct TableDeclaration {
    std::string file;                              ///< as written; resolved by PluginContext::resolve
    std::string key = "arch_str";                  ///< column holding architecture strings
    std::optional<std::vector<std::string>> columns;  ///< absent = every column but the key and the index
    std::vector<UnitRule> units;
    std::string prefix;                            ///< prepended to every metric name of this table
    std::string suffix;                            ///< appended to every metric name of this table
    std::optional<std::string> cost_seconds_column;  ///< column giving the query cost in seconds
    std::string where;                             ///< e.g. "parameter /tables/1", for messages
};

/// Reads an array of declarations; `where` names it in messages (e.g.
/// "parameter /tables" or "preset 'nb201'"). Throws hwnas::Error naming the
/// JSON pointer of anything wrong.
std::vector<TableDeclaration> parse_declarations(const nlohmann::json& tables, const std::string& where);

/// Shell-style glob: '*' any run of characters, '?' one character.
bool glob_match(std::string_view pattern, std::string_view text);

/// The metric part of a column for `dataset`: "cifar10.test_acc" gives
/// "test_acc" for dataset cifar10 and nothing for any other dataset; a column
/// without a dot applies to every dataset; with no dataset, every column is
/// kept under its full name.
std::optional<std::string> metric_part(std::string_view column, std::string_view dataset);

/// Name, unit, direction and description of the metric read from `column`
/// (first matching rule of `table`, then the built-in fallbacks).
MetricInfo describe_metric(const TableDeclaration& table, std::string_view column, std::string_view dataset);

}  // namespace hwnas::table
