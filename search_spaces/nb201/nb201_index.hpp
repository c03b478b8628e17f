#pragma once
// The official NAS-Bench-201 architecture index.
//
// NB201 numbers its 15625 cells in the order its benchmark files list them,
// which is not lexicographic. The mapping is read once from a table with
// `index` and `arch_str` columns (e.g. hw-nas-bench/nb201.csv) into two
// arrays, so converting either way is one array look-up.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace hwnas::nb201 {

class OfficialIndex {
public:
    /// Reads and validates `file`: 15625 rows, every index 0..15624 once,
    /// every arch_str a valid cell, no cell twice. Throws hwnas::Error naming
    /// the file and line of the first problem.
    explicit OfficialIndex(const std::filesystem::path& file);

    [[nodiscard]] std::uint32_t official_of(std::uint32_t lexicographic_code) const noexcept {
        return official_of_code_[lexicographic_code];
    }
    [[nodiscard]] std::uint32_t code_of(std::uint32_t official_index) const noexcept {
        return code_of_official_[official_index];
    }

private:
    // uint16 suffices (15625 < 65536) and keeps both tables in 61 KiB.
    std::vector<std::uint16_t> official_of_code_;
    std::vector<std::uint16_t> code_of_official_;
};

}  // namespace hwnas::nb201
