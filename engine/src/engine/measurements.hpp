#pragma once
// Whole-network measurements read for `hwnas lut fit`: one architecture and
// one value per metric per row, from a CSV table or from JSON records.
//
// CSV: the column `key_column` holds the architecture in any form the space
// parses (e.g. HELP's "7-8-1-..."), the metric columns hold numbers.
// JSON: a records array (the whole document, its "records", or the group
// named `records`, itself an array or {"records": [...]}); in each record
// `key_column` is the architecture (a string the space parses, or an array
// of gene numbers such as HW-NAS-Bench's op_idx_list) and a metric is
// record[metric] or record["metrics"][metric]. Records carrying a "dataset"
// other than the wanted one are skipped (and counted).
#include <filesystem>
#include <string>
#include <vector>

#include "hwnas/architecture.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

struct MeasurementSource {
    std::filesystem::path file;
    std::string records;     ///< JSON only: the record group, e.g. "help_cifar100"; "" for the default
    std::string key_column;  ///< column / record field holding the architecture
    std::vector<std::string> metrics;
    std::string dataset;     ///< records tagged with another dataset are skipped
};

struct Measurements {
    std::vector<std::string> metrics;
    std::vector<Architecture> archs;
    std::vector<double> values;        ///< row-major: values[row * metrics.size() + metric]
    std::vector<std::string> origins;  ///< where each row was read, for messages
    std::string source;                ///< "file" or "file (records)", for reports
    std::size_t skipped_other_dataset = 0;

    [[nodiscard]] std::size_t size() const noexcept { return archs.size(); }
    [[nodiscard]] double value(std::size_t row, std::size_t metric) const {
        return values[row * metrics.size() + metric];
    }
};

/// Reads a ".json" file as records, anything else as CSV. Throws
/// hwnas::Error naming the file, the line or JSON pointer, and the problem.
Measurements read_measurements(const SearchSpace& space, const MeasurementSource& source);

}  // namespace hwnas::engine
