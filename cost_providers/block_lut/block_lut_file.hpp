#pragma once
// A block look-up table as read from a file in hwnas's block-LUT format
// (docs/block-lut-format.md): per metric, one value per layer key, plus an
// optional constant offset.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hwnas/metric.hpp"

namespace hwnas::block_lut {

/// The format id and the version this reader understands.
inline constexpr const char* format_id = "hwnas-block-lut";
inline constexpr int format_version = 1;

struct BlockLut {
    std::filesystem::path file;
    std::string space;    ///< space whose layer keys these are, e.g. "fbnet"
    std::string dataset;  ///< "" when the keys do not depend on the dataset
    std::vector<MetricInfo> metrics;
    std::vector<double> offsets;  ///< per metric; 0 when the file gives none
    bool has_offset = false;
    std::vector<std::string> keys;                       ///< row -> key, sorted (as the JSON object is read)
    std::unordered_map<std::string, std::size_t> rows;   ///< key -> row
    std::vector<double> values;                          ///< row-major: values[row * metrics.size() + metric]

    [[nodiscard]] std::optional<std::size_t> row(const std::string& key) const {
        const auto it = rows.find(key);
        if (it == rows.end()) return std::nullopt;
        return it->second;
    }
    [[nodiscard]] double value(std::size_t row, std::size_t metric) const {
        return values[row * metrics.size() + metric];
    }
};

/// Reads and checks a LUT file. Throws hwnas::Error naming the file and the
/// JSON pointer (or line and column) of what is wrong.
BlockLut read_block_lut(const std::filesystem::path& file);

}  // namespace hwnas::block_lut
