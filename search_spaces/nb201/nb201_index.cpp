#include "nb201_index.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include "hwnas/csv_reader.hpp"
#include "hwnas/error.hpp"
#include "nb201_cell.hpp"

namespace hwnas::nb201 {
namespace {

constexpr std::size_t not_seen = 0;  // CSV lines are 1-based, so 0 marks "no row yet"

std::uint32_t read_index(const CsvReader& csv, std::size_t col) {
    const std::string_view field = csv.field(col);
    std::uint32_t value = 0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || ec != std::errc{} || ptr != field.data() + field.size() || value >= num_archs) {
        throw Error(csv.where(col) + ": expected an architecture index 0.." + std::to_string(num_archs - 1) +
                    ", found '" + std::string(field) + "'");
    }
    return value;
}

Architecture read_cell(const CsvReader& csv, std::size_t col) {
    try {
        return parse_cell(csv.field(col));
    } catch (const Error& e) {
        throw Error(csv.where(col) + ": " + e.what());
    }
}

}  // namespace

OfficialIndex::OfficialIndex(const std::filesystem::path& file)
    : official_of_code_(num_archs), code_of_official_(num_archs) {
    CsvReader csv(file);
    const std::size_t index_col = csv.column("index");
    const std::size_t arch_col = csv.column("arch_str");
    // The line that first gave each index / each cell, to name both in duplicate errors.
    std::vector<std::size_t> line_of_index(num_archs, not_seen);
    std::vector<std::size_t> line_of_code(num_archs, not_seen);

    while (csv.next()) {
        const std::uint32_t index = read_index(csv, index_col);
        if (line_of_index[index] != not_seen) {
            throw Error(csv.where(index_col) + ": index " + std::to_string(index) +
                        " appears twice (first on line " + std::to_string(line_of_index[index]) + ")");
        }
        const std::uint32_t code = lexicographic_code(read_cell(csv, arch_col));
        if (line_of_code[code] != not_seen) {
            throw Error(csv.where(arch_col) + ": architecture '" + std::string(csv.field(arch_col)) +
                        "' appears twice (first on line " + std::to_string(line_of_code[code]) + ")");
        }
        line_of_index[index] = csv.line();
        line_of_code[code] = csv.line();
        official_of_code_[code] = static_cast<std::uint16_t>(index);
        code_of_official_[index] = static_cast<std::uint16_t>(code);
    }

    // Indices are in range and distinct, so fewer rows than architectures is the only gap left.
    if (csv.rows() != num_archs) {
        std::uint32_t missing = 0;
        while (line_of_index[missing] != not_seen) ++missing;
        throw Error(file.string() + ": expected " + std::to_string(num_archs) +
                    " rows (one per NAS-Bench-201 architecture), found " + std::to_string(csv.rows()) +
                    "; e.g. index " + std::to_string(missing) + " is missing");
    }
}

}  // namespace hwnas::nb201
