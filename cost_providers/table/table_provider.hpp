#pragma once
// TableProvider: metrics looked up in per-architecture CSV tables.
//
// Every metric is a column of values by row, so a query is one row lookup
// and a load per metric. By column because a run asks for few metrics of
// many architectures: the columns it reads stay in cache (NB201: 125 KB
// each), where whole rows of every metric of a dataset (60 of them) would not.
// Rows are the space's own index when the space is small enough to
// enumerate; such columns are shared through the engine's SharedData with the
// table providers of other environments on the same space (a batch over
// three datasets keeps one copy of the 31 device latency columns, not three).
// Else rows are numbered through a hash map and the provider keeps its own
// matrix. Cells an architecture has no value for hold NaN (tables never
// contain NaN: the CSV reader refuses it), which is how absence from a table
// is detected without extra storage.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "hwnas/cost_provider.hpp"
#include "hwnas/csv_reader.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "hwnas/shared_data.hpp"

#include "table_declaration.hpp"

namespace hwnas {

class TableProvider : public CostProvider {
public:
    explicit TableProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;
    [[nodiscard]] double query_cost_seconds(const Architecture& arch) const override;

    /// True when rows are the space's index (no hash lookup per query).
    [[nodiscard]] bool uses_space_index() const noexcept { return dense_; }
    /// Number of rows held (the space's size when indexed, else the distinct architectures read).
    [[nodiscard]] std::size_t row_count() const noexcept { return row_count_; }

private:
    /// One declared table: its file's header and the columns it contributes.
    /// The rows are read when the table is loaded, in one streamed pass.
    struct Table {
        table::TableDeclaration declaration;
        std::filesystem::path path;
        std::vector<std::string> header;
        std::size_t key_column = 0;
        std::vector<std::size_t> columns;  ///< CSV columns, in metric order
        std::size_t first_metric = 0;      ///< its metrics are first_metric .. first_metric + columns.size() - 1
    };

    /// The key texts of the table loaded last and the rows they went to:
    /// tables of one space usually list the same keys in the same order, and
    /// a key text seen on the same line need not be parsed again.
    struct LoadedKeys {
        std::string texts;                ///< the keys, one after the other
        std::vector<std::size_t> ends;    ///< where each key ends in texts
        std::vector<std::size_t> rows;
        [[nodiscard]] std::string_view text(std::size_t i) const {
            const std::size_t begin = i == 0 ? 0 : ends[i - 1];
            return std::string_view(texts).substr(begin, ends[i] - begin);
        }
    };

    static constexpr std::size_t no_row = SIZE_MAX;

    std::vector<table::TableDeclaration> declarations(const PluginContext& context) const;
    Table open_table(table::TableDeclaration declaration, const PluginContext& context, SharedData& shared);
    void add_metrics(Table& table, std::string_view dataset);
    void choose_storage(const std::vector<Table>& tables);
    /// Indexed rows: the table's columns, shared by file and column name.
    void load_columns(const Table& table, SharedData& shared);
    /// The space index of each row of the table, checked (one pass over the file).
    std::vector<std::uint32_t> read_row_indexes(const Table& table) const;
    /// Hashed rows: reads a table into the row-major loading matrix; `keys`
    /// (the previous table's) is replaced by this table's.
    void load_rows(const Table& table, LoadedKeys& keys);
    std::size_t row_for_insert(const Architecture& arch);
    /// Turns the row-major loading matrix of hashed rows into columns.
    void store_by_column();
    Architecture parse_key(const Table& table, const CsvReader& row) const;
    /// `row` repeats an architecture listed earlier in the file: names both lines.
    [[noreturn]] void fail_duplicate(const Table& table, const CsvReader& row, const Architecture& arch) const;

    [[nodiscard]] std::size_t find_row(const Architecture& arch) const {
        if (dense_) {
            const std::uint64_t index = space_.index(arch);
            return index < row_count_ ? static_cast<std::size_t>(index) : no_row;
        }
        const auto it = rows_.find(arch);
        return it == rows_.end() ? no_row : std::size_t{it->second};
    }
    [[nodiscard]] double value(std::size_t row, std::size_t metric) const noexcept {
        return columns_[metric][row];
    }
    [[noreturn]] void fail_absent(const Architecture& arch, std::size_t metric) const;
    [[noreturn]] void fail_unknown_metric(std::size_t id) const;

    struct Source {
        std::string file;
        std::string column;
    };

    const SearchSpace& space_;
    std::vector<MetricInfo> metrics_;
    std::vector<Source> sources_;            ///< where each metric is read from, for messages
    std::vector<std::size_t> cost_metrics_;  ///< metrics that are query costs in seconds
    std::size_t metric_count_ = 0;
    bool dense_ = false;
    std::size_t row_count_ = 0;
    std::unordered_map<Architecture, std::uint32_t> rows_;  ///< only when !dense_
    std::vector<const double*> columns_;  ///< each metric's values by row
    std::vector<std::shared_ptr<const std::vector<double>>> shared_columns_;  ///< indexed rows: what columns_ points into
    std::vector<double> values_;  ///< hashed rows: the matrix columns_ points into (by row while loading)
};

}  // namespace hwnas
