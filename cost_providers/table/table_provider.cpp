#include "table_provider.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <limits>
#include <optional>
#include <set>

#include "presets.hpp"

namespace hwnas {
namespace {

/// Spaces up to this size are indexed directly (NB201 has 15625 cells).
constexpr std::uint64_t max_indexed_rows = 50'000'000;
/// A directly indexed matrix this small is always fine, however sparse the tables.
constexpr std::uint64_t small_matrix_bytes = std::uint64_t{64} << 20;
/// Above that, index directly only if the tables cover at least 1/4 of the space.
constexpr std::uint64_t max_sparsity = 4;

constexpr double absent = std::numeric_limits<double>::quiet_NaN();

const SearchSpace& require_space(const PluginContext& context) {
    if (context.space == nullptr) throw Error("the table provider needs the experiment's search space to read its tables");
    return *context.space;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

using Header = std::vector<std::string>;

std::string column_list(const Header& header) { return joined(header); }

std::optional<std::size_t> find_column(const Header& header, std::string_view name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
}

/// A column named in a declaration: as in the file, or without the
/// experiment's dataset ("test_acc" for "cifar10.test_acc").
std::size_t resolve_declared_column(const std::filesystem::path& file, const Header& header, const std::string& name,
                                    std::string_view dataset, const std::string& where) {
    auto column = find_column(header, name);
    if (!column && !dataset.empty()) column = find_column(header, std::string(dataset) + "." + name);
    const std::string at = file.string() + ":1: ";
    if (!column) {
        throw Error(at + "no column '" + name + "' (" + where + "); columns are: " + column_list(header));
    }
    const std::string_view found = header[*column];
    if (!table::metric_part(found, dataset)) {
        throw Error(at + "column '" + std::string(found) + "' (" + where + ") belongs to dataset '" +
                    std::string(found.substr(0, found.find('.'))) + "', but the experiment's dataset is '" +
                    std::string(dataset) + "'");
    }
    return *column;
}

/// The datasets named by "<dataset>.<metric>" columns, for messages.
std::set<std::string> datasets_in(const Header& header) {
    std::set<std::string> out;
    for (const auto& name : header) {
        if (const auto dot = name.find('.'); dot != std::string::npos) out.emplace(name.substr(0, dot));
    }
    return out;
}

/// Shared-data keys: a table file's rows are the same for every provider
/// that reads it with the same key column.
std::string file_key(const std::filesystem::path& path, std::size_t key_column) {
    return path.string() + "\n" + std::to_string(key_column);
}

}  // namespace

TableProvider::TableProvider(const PluginContext& context) : space_(require_space(context)) {
    // Files and indexed columns are shared with the table providers of the
    // other environments of a batch (e.g. one per dataset) when the engine
    // offers a SharedData; else they are made here, for this provider alone.
    SharedData own;
    SharedData& shared = context.shared != nullptr ? *context.shared : own;
    std::vector<Table> tables;
    for (auto& declaration : declarations(context)) tables.push_back(open_table(std::move(declaration), context, shared));

    for (auto& table : tables) add_metrics(table, context.dataset);
    if (metrics_.empty()) {
        std::set<std::string> datasets;
        for (const auto& table : tables) datasets.merge(datasets_in(table.header));
        const std::string have = datasets.empty() ? std::string("no dataset")
                                                  : "datasets " + joined({datasets.begin(), datasets.end()});
        throw Error("no table column applies to dataset '" + context.dataset + "'; the tables have columns for " + have);
    }
    metric_count_ = metrics_.size();
    choose_storage(tables);
    if (dense_) {
        for (const auto& table : tables) {
            if (!table.columns.empty()) load_columns(table, shared);
        }
        return;
    }
    LoadedKeys keys;
    for (const auto& table : tables) {
        if (!table.columns.empty()) load_rows(table, keys);
    }
    store_by_column();
}

std::vector<table::TableDeclaration> TableProvider::declarations(const PluginContext& context) const {
    const nlohmann::json& params = context.params;
    const nlohmann::json tables = params.contains("tables") ? params.at("tables") : nlohmann::json::array();
    const nlohmann::json preset_param = params.contains("preset") ? params.at("preset") : nlohmann::json("auto");
    if (!preset_param.is_string()) throw Error("parameter /preset: expected a string, found " + preset_param.dump());
    const std::string preset = preset_param.get<std::string>();
    auto declared = table::parse_declarations(tables, "parameter /tables");
    if (preset == "none" || (preset == "auto" && !declared.empty())) {
        if (declared.empty()) throw Error("parameter /tables: no tables declared and parameter /preset is \"none\"");
        return declared;
    }
    const std::string name = preset == "auto" ? std::string(space_.name()) : preset;
    const auto preset_tables = table::find_preset(name);
    if (!preset_tables) {
        const std::string presets = joined(table::preset_names());
        if (preset == "auto") {
            throw Error("parameter /tables: no tables declared, and space '" + name +
                        "' has no built-in preset (presets: " + presets + ")");
        }
        throw Error("parameter /preset: unknown preset '" + preset + "'; presets are: " + presets +
                    " (or \"auto\", \"none\")");
    }
    // A named preset's tables come first, then the declared ones.
    auto out = table::parse_declarations(*preset_tables, "preset '" + name + "'");
    std::move(declared.begin(), declared.end(), std::back_inserter(out));
    return out;
}

TableProvider::Table TableProvider::open_table(table::TableDeclaration declaration, const PluginContext& context,
                                              SharedData& shared) {
    const std::filesystem::path path = context.resolve(declaration.file);
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(declaration.where + ": cannot open table file " + path.string() +
                    ": no such file; relative paths are read from the data directory (" + context.data_dir.string() +
                    ": check --data-dir or HWNAS_DATA_DIR), \"./\" paths from the experiment file's folder");
    }
    Table table;
    table.path = path;
    // Only the header is read here (shared: every provider on the space
    // opens the same files); the rows are read when the columns are loaded.
    table.header = *shared.get<Header>("table header\n" + path.string(),
                                       [&] { return std::make_shared<const Header>(CsvReader(path).header()); });
    const auto key = find_column(table.header, declaration.key);
    if (!key) {
        throw Error(path.string() + ":1: no key column '" + declaration.key + "' (" + declaration.where +
                    "/key); columns are: " + column_list(table.header));
    }
    table.key_column = *key;
    table.declaration = std::move(declaration);
    return table;
}

void TableProvider::add_metrics(Table& table, std::string_view dataset) {
    const auto& declaration = table.declaration;
    const Header& header = table.header;
    std::vector<std::size_t> columns;
    if (declaration.columns) {
        for (std::size_t i = 0; i < declaration.columns->size(); ++i) {
            columns.push_back(resolve_declared_column(table.path, header, (*declaration.columns)[i], dataset,
                                                      declaration.where + "/columns/" + std::to_string(i)));
        }
    } else {
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::string_view name = header[c];
            const bool is_index = name == "index" || name == "arch_index";
            if (c == table.key_column || is_index || name.empty() || !table::metric_part(name, dataset)) continue;
            columns.push_back(c);
        }
    }
    std::optional<std::size_t> cost_column;
    if (declaration.cost_seconds_column) {
        cost_column = resolve_declared_column(table.path, header, *declaration.cost_seconds_column, dataset,
                                              declaration.where + "/cost_seconds_column");
        if (std::find(columns.begin(), columns.end(), *cost_column) == columns.end()) columns.push_back(*cost_column);
    }

    table.first_metric = metrics_.size();
    for (const std::size_t c : columns) {
        const std::string& column = header[c];
        MetricInfo info = table::describe_metric(declaration, column, dataset);
        for (std::size_t other = 0; other < metrics_.size(); ++other) {
            if (metrics_[other].name != info.name) continue;
            throw Error("metric '" + info.name + "' is offered twice: by " + sources_[other].file + " (column '" +
                        sources_[other].column + "') and by " + table.path.string() + " (column '" + column +
                        "'); give one table a \"prefix\" or list its \"columns\"");
        }
        if (cost_column == c) cost_metrics_.push_back(metrics_.size());
        metrics_.push_back(std::move(info));
        sources_.push_back({table.path.string(), column});
    }
    table.columns = std::move(columns);
}

void TableProvider::choose_storage(const std::vector<Table>& tables) {
    // Rows of the tables that give metrics, counted without parsing (an
    // upper bound: blank lines count), only when the choice needs them, and once.
    std::optional<std::size_t> counted;
    const auto rows_in_tables = [&] {
        if (!counted) {
            counted = 0;
            for (const auto& table : tables) {
                if (!table.columns.empty()) *counted += csv_line_count(table.path);
            }
        }
        return *counted;
    };
    const auto size = space_.size();
    dense_ = false;
    if (size && *size <= max_indexed_rows) {
        const std::uint64_t bytes = *size * metric_count_ * sizeof(double);
        dense_ = bytes <= small_matrix_bytes || *size <= max_sparsity * rows_in_tables();
    }
    if (dense_) {
        row_count_ = static_cast<std::size_t>(*size);
        return;
    }
    row_count_ = 0;
    const std::size_t rows = rows_in_tables();
    rows_.reserve(rows);
    values_.reserve(rows * metric_count_);
}

std::size_t TableProvider::row_for_insert(const Architecture& arch) {
    const auto [it, inserted] = rows_.try_emplace(arch, static_cast<std::uint32_t>(row_count_));
    if (inserted) {
        if (row_count_ == std::numeric_limits<std::uint32_t>::max()) throw Error("too many architectures in the tables");
        values_.resize(values_.size() + metric_count_, absent);
        ++row_count_;
    }
    return std::size_t{it->second};
}

void TableProvider::store_by_column() {
    std::vector<double> by_column(values_.size());
    for (std::size_t row = 0; row < row_count_; ++row) {
        for (std::size_t metric = 0; metric < metric_count_; ++metric) {
            by_column[metric * row_count_ + row] = values_[row * metric_count_ + metric];
        }
    }
    values_ = std::move(by_column);
    for (std::size_t metric = 0; metric < metric_count_; ++metric) columns_.push_back(values_.data() + metric * row_count_);
}

void TableProvider::load_columns(const Table& table, SharedData& shared) {
    const std::string rows_key = file_key(table.path, table.key_column);
    const auto indexes = shared.get<std::vector<std::uint32_t>>("table rows\n" + rows_key, [&] {
        return std::make_shared<const std::vector<std::uint32_t>>(read_row_indexes(table));
    });
    // Columns another provider of the batch has loaded are taken as they
    // are; the others are read together, in one pass over the file. The
    // pass itself is shared by its set of columns: providers loading at the
    // same time usually miss the same ones (every dataset's provider reads
    // the 27 device latency columns), and one reads them while the others wait.
    const auto column_key = [&](std::size_t c) { return "table column\n" + rows_key + "\n" + table.header[c]; };
    std::vector<std::shared_ptr<const std::vector<double>>> columns(table.columns.size());
    std::vector<std::size_t> missing;  // positions in table.columns
    std::string pass_key = "table columns\n" + rows_key;
    for (std::size_t k = 0; k < table.columns.size(); ++k) {
        columns[k] = shared.find<std::vector<double>>(column_key(table.columns[k]));
        if (columns[k]) continue;
        missing.push_back(k);
        pass_key += "\n" + table.header[table.columns[k]];
    }
    if (!missing.empty()) {
        using Pass = std::vector<std::vector<double>>;
        // The rows pass and this one must see the same lines.
        const auto fail_changed = [&] { throw Error(table.path.string() + ": the file changed while it was read"); };
        const auto pass = shared.get<Pass>(pass_key, [&] {
            auto values = std::make_shared<Pass>(missing.size(), std::vector<double>(row_count_, absent));
            CsvReader reader(table.path);
            while (reader.next()) {
                const std::size_t r = reader.rows() - 1;
                if (r >= indexes->size()) fail_changed();
                const std::uint32_t index = (*indexes)[r];
                for (std::size_t i = 0; i < missing.size(); ++i) {
                    (*values)[i][index] = reader.number(table.columns[missing[i]]);
                }
            }
            if (reader.rows() != indexes->size()) fail_changed();
            return std::shared_ptr<const Pass>(std::move(values));
        });
        for (std::size_t i = 0; i < missing.size(); ++i) {
            const std::size_t k = missing[i];
            // Each column is stored on its own, sharing the pass's ownership (no copy).
            columns[k] = shared.get<std::vector<double>>(column_key(table.columns[k]), [&] {
                return std::shared_ptr<const std::vector<double>>(pass, &(*pass)[i]);
            });
        }
    }
    for (auto& column : columns) {
        columns_.push_back(column->data());
        shared_columns_.push_back(std::move(column));
    }
}

std::vector<std::uint32_t> TableProvider::read_row_indexes(const Table& table) const {
    std::vector<std::uint32_t> out;
    std::vector<bool> seen(row_count_, false);
    CsvReader reader(table.path);
    while (reader.next()) {
        const Architecture arch = parse_key(table, reader);
        const std::uint64_t index = space_.index(arch);
        if (seen[index]) fail_duplicate(table, reader, arch);
        seen[index] = true;
        out.push_back(static_cast<std::uint32_t>(index));
    }
    out.shrink_to_fit();
    return out;
}

Architecture TableProvider::parse_key(const Table& table, const CsvReader& row) const {
    try {
        return space_.parse(row.field(table.key_column));
    } catch (const Error& e) {
        throw Error(row.where(table.key_column) + ": " + e.what());
    }
}

void TableProvider::load_rows(const Table& table, LoadedKeys& keys) {
    LoadedKeys loaded;
    CsvReader reader(table.path);
    while (reader.next()) {
        // Parsing a key is most of the loading time: a key text that the
        // previous table had on the same line is in the same row.
        const std::size_t r = reader.rows() - 1;
        const std::string_view text = reader.field(table.key_column);
        const bool known = r < keys.rows.size() && keys.text(r) == text;
        const std::size_t index = known ? keys.rows[r] : row_for_insert(parse_key(table, reader));
        double* row = values_.data() + index * metric_count_ + table.first_metric;
        // Every table fills its first metric for each of its rows, so a value
        // already there means this table listed the architecture before.
        if (!std::isnan(row[0])) fail_duplicate(table, reader, parse_key(table, reader));
        for (std::size_t k = 0; k < table.columns.size(); ++k) row[k] = reader.number(table.columns[k]);
        loaded.texts += text;
        loaded.ends.push_back(loaded.texts.size());
        loaded.rows.push_back(index);
    }
    keys = std::move(loaded);
    values_.shrink_to_fit();
}

void TableProvider::fail_duplicate(const Table& table, const CsvReader& row, const Architecture& arch) const {
    // Errors only: the file is read again up to the first line with this architecture.
    CsvReader earlier(table.path);
    while (earlier.next() && earlier.line() < row.line() && !(parse_key(table, earlier) == arch)) {
    }
    throw Error(row.where(table.key_column) + ": architecture '" + space_.to_string(arch) +
                "' appears twice, on lines " + std::to_string(earlier.line()) + " and " + std::to_string(row.line()));
}

void TableProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const {
    if (ids.empty()) return;
    const std::size_t row = find_row(arch);
    if (row == no_row) fail_absent(arch, ids[0]);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::size_t id = ids[i];
        if (id >= metric_count_) fail_unknown_metric(id);
        const double v = value(row, id);
        if (std::isnan(v)) fail_absent(arch, id);
        out[i] = v;
    }
}

double TableProvider::query_cost_seconds(const Architecture& arch) const {
    if (cost_metrics_.empty()) return 0.0;
    const std::size_t row = find_row(arch);
    if (row == no_row) fail_absent(arch, cost_metrics_[0]);
    double seconds = 0.0;
    for (const std::size_t id : cost_metrics_) {
        const double v = value(row, id);
        if (std::isnan(v)) fail_absent(arch, id);
        seconds += v;
    }
    return seconds;
}

void TableProvider::fail_absent(const Architecture& arch, std::size_t metric) const {
    throw Error("architecture '" + space_.to_string(arch) + "' is not in table " + sources_[metric].file +
                " (needed for metric '" + metrics_[metric].name + "')");
}

void TableProvider::fail_unknown_metric(std::size_t id) const {
    throw Error("metric id " + std::to_string(id) + " is out of range: the table provider has " +
                std::to_string(metric_count_) + " metrics");
}

}  // namespace hwnas
