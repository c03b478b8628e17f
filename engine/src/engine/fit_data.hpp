#pragma once
// The rows `hwnas fit` learns from: architectures with one value of one
// metric, read from a CSV/JSON dataset or drawn from a cost provider.
//
// CSV (read here rather than by read_measurements because datasets such as
// Accel-NASBench's spread the architecture over several columns and leave
// cells of missing measurements empty): the architecture is one column, a
// list of columns "a,b,c" or a prefix "block*" (every column whose name
// starts with it, in file order), their texts joined by ',' for the space to
// parse. Rows with an empty metric cell are skipped and counted. JSON
// records: as read_measurements reads them.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hwnas/architecture.hpp"
#include "hwnas/cost_provider.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

struct FitDataSource {
    std::filesystem::path file;
    std::string records;       ///< JSON only: the record group
    std::string key_column;    ///< column(s) holding the architecture, see above
    std::string metric;        ///< column / record field of the value
    std::string split_column;  ///< CSV only, optional: a column tagging rows train / val / test
    std::string dataset;       ///< JSON records of other datasets are skipped
};

struct FitData {
    std::string metric;
    std::vector<Architecture> archs;
    std::vector<double> values;
    std::vector<std::string> split_tags;  ///< per row, when a split column was read
    std::string source;                   ///< where the rows came from, for metadata and reports
    std::size_t skipped_missing = 0;      ///< rows without a value of the metric

    [[nodiscard]] std::size_t size() const noexcept { return archs.size(); }
};

/// Reads a ".json" file as records, anything else as CSV (see above).
FitData read_fit_data(const SearchSpace& space, const FitDataSource& source);

/// `count` architectures drawn with space.sample from the stream (seed,
/// "fit/sample"), each valued by `provider`'s metric `metric_id`.
FitData sample_provider(const SearchSpace& space, const CostProvider& provider, std::size_t metric_id,
                        std::size_t count, std::uint64_t seed, const std::string& source);

/// Every architecture of an enumerable space, valued by the provider.
FitData enumerate_provider(const SearchSpace& space, const CostProvider& provider, std::size_t metric_id,
                           const std::string& source);

/// A stable 64-bit hash (hex) of the rows: each "space:genes=value" line, in order.
std::string fit_data_hash(const SearchSpace& space, const FitData& data);

}  // namespace hwnas::engine
