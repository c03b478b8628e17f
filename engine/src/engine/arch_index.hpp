#pragma once
// ArchIndex: an open-addressing hash table from architecture to the first
// history row that holds it. It stores only row numbers (4 bytes a slot) and
// compares keys against the history, so a lookup is one hash, a probe or two
// and no allocation; it replaces std::unordered_map, whose node per entry
// cost more than the rest of an evaluation.
//
// Keys are hashed and compared a machine word at a time: an Architecture keeps
// the genes past size() at 0 (see Architecture::resize), so whole words hold
// exactly its genes. Architecture::hash() mixes gene by gene and == calls
// memcmp; on a six-gene NB201 cell this is a third of the instructions. Which
// hash is used changes only where rows sit in the table, never what a lookup
// returns.
#include <cstdint>
#include <cstring>
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
        std::size_t i = hash(arch) & mask_;
        while (slots_[i] != none) {
            if (same(rows[slots_[i]], arch)) return slots_[i];
            i = (i + 1) & mask_;
        }
        slots_[i] = row;
        ++size_;
        return none;
    }

    /// Forgets `arch` (inserted last): used when its evaluation failed.
    void erase_last(const Architecture& arch, const std::vector<Architecture>& rows) {
        std::size_t i = hash(arch) & mask_;
        while (slots_[i] != none && !same(rows[slots_[i]], arch)) i = (i + 1) & mask_;
        if (slots_[i] == none) return;
        // Backward-shift deletion keeps every probe sequence unbroken.
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & mask_; slots_[j] != none; j = (j + 1) & mask_) {
            const std::size_t home = hash(rows[slots_[j]]) & mask_;
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
    /// Words holding the genes (at most max_genes * 2 bytes / 8 = 16).
    static std::size_t words(const Architecture& arch) noexcept {
        return (arch.size() * sizeof(Architecture::Gene) + 7) / 8;
    }
    static std::uint64_t word(const Architecture& arch, std::size_t w) noexcept {
        std::uint64_t x;
        std::memcpy(&x, reinterpret_cast<const char*>(arch.genes().data()) + w * 8, 8);
        return x;
    }
    static std::uint64_t hash(const Architecture& arch) noexcept {
        std::uint64_t h = 0x9E3779B97F4A7C15ULL * (arch.size() + 1);
        for (std::size_t w = 0; w < words(arch); ++w) {
            h = (h ^ word(arch, w)) * 0xFF51AFD7ED558CCDULL;
            h ^= h >> 32;
        }
        h *= 0xC4CEB9FE1A85EC53ULL;
        return h ^ (h >> 29);
    }
    static bool same(const Architecture& a, const Architecture& b) noexcept {
        if (a.size() != b.size()) return false;
        for (std::size_t w = 0; w < words(a); ++w) {
            if (word(a, w) != word(b, w)) return false;
        }
        return true;
    }
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
            std::size_t i = hash(rows[row]) & mask_;
            while (slots_[i] != none) i = (i + 1) & mask_;
            slots_[i] = row;
        }
    }

    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace hwnas::engine
