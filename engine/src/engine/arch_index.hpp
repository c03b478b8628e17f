#pragma once
// ArchIndex: an open-addressing hash table from architecture to the first
// history row that holds it. It stores only row numbers (4 bytes a slot) and
// compares keys against the history, so a lookup is one hash, a probe or two
// and no allocation; it replaces std::unordered_map, whose node per entry
// cost more than the rest of an evaluation.
#include <cstdint>
#include <vector>

#include "hwnas/architecture.hpp"

namespace hwnas::engine {

class ArchIndex {
public:
    static constexpr std::uint32_t none = UINT32_MAX;

    explicit ArchIndex(std::size_t expected = 64) { rehash(capacity_for(expected)); }

    /// The row stored for `arch`, or inserts `row` for it and returns `none`.
    /// `rows[r]` must be the architecture of every stored row r.
    std::uint32_t find_or_insert(const Architecture& arch, std::uint32_t row, const std::vector<Architecture>& rows) {
        if ((size_ + 1) * 2 > slots_.size()) grow(rows);
        std::size_t i = arch.hash() & mask_;
        while (slots_[i] != none) {
            if (rows[slots_[i]] == arch) return slots_[i];
            i = (i + 1) & mask_;
        }
        slots_[i] = row;
        ++size_;
        return none;
    }

    /// Forgets `arch` (inserted last): used when its evaluation failed.
    void erase_last(const Architecture& arch, const std::vector<Architecture>& rows) {
        std::size_t i = arch.hash() & mask_;
        while (slots_[i] != none && !(rows[slots_[i]] == arch)) i = (i + 1) & mask_;
        if (slots_[i] == none) return;
        // Backward-shift deletion keeps every probe sequence unbroken.
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & mask_; slots_[j] != none; j = (j + 1) & mask_) {
            const std::size_t home = rows[slots_[j]].hash() & mask_;
            if (((j - home) & mask_) >= ((j - hole) & mask_)) {
                slots_[hole] = slots_[j];
                hole = j;
            }
        }
        slots_[hole] = none;
        --size_;
    }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }

private:
    static std::size_t capacity_for(std::size_t n) {
        std::size_t c = 16;
        while (c < 2 * n) c *= 2;
        return c;
    }
    void rehash(std::size_t capacity) {
        slots_.assign(capacity, none);
        mask_ = capacity - 1;
    }
    void grow(const std::vector<Architecture>& rows) {
        std::vector<std::uint32_t> old = std::move(slots_);
        rehash(old.size() * 2);
        for (const std::uint32_t row : old) {
            if (row == none) continue;
            std::size_t i = rows[row].hash() & mask_;
            while (slots_[i] != none) i = (i + 1) & mask_;
            slots_[i] = row;
        }
    }

    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace hwnas::engine
