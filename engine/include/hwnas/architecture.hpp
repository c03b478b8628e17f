#pragma once
// Architecture: one point of a search space, as a list of categorical choices.
//
// Genes are stored inline (no heap allocation), so copying, hashing and
// comparing architectures in a search loop costs a few nanoseconds. The space
// an architecture belongs to is not stored in it: every architecture lives in
// the context of exactly one SearchSpace, which prints and parses it.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hwnas/error.hpp"

namespace hwnas {

class Architecture {
public:
    using Gene = std::uint16_t;
    /// Largest number of genes a space may have (OFA needs 46, FBNet 22).
    static constexpr std::size_t max_genes = 64;

    Architecture() = default;

    explicit Architecture(std::span<const Gene> genes) { assign(genes); }
    Architecture(std::initializer_list<Gene> genes) {
        assign(std::span<const Gene>(genes.begin(), genes.size()));
    }

    /// An architecture of `n` genes, all 0.
    static Architecture zeros(std::size_t n) {
        Architecture a;
        a.resize(n);
        return a;
    }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] Gene operator[](std::size_t i) const noexcept { return genes_[i]; }
    [[nodiscard]] Gene& operator[](std::size_t i) noexcept { return genes_[i]; }
    [[nodiscard]] std::span<const Gene> genes() const noexcept { return {genes_.data(), size_}; }
    [[nodiscard]] std::span<Gene> genes() noexcept { return {genes_.data(), size_}; }
    [[nodiscard]] auto begin() const noexcept { return genes_.begin(); }
    [[nodiscard]] auto end() const noexcept { return genes_.begin() + size_; }

    void resize(std::size_t n) {
        check_size(n);
        // Genes past size() are kept at 0 so that == and hash can look at whole words.
        std::fill(genes_.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(n, size_)),
                  genes_.end(), Gene{0});
        size_ = static_cast<std::uint8_t>(n);
    }

    friend bool operator==(const Architecture& a, const Architecture& b) noexcept {
        return a.size_ == b.size_ &&
               std::memcmp(a.genes_.data(), b.genes_.data(), a.size_ * sizeof(Gene)) == 0;
    }
    friend bool operator<(const Architecture& a, const Architecture& b) noexcept {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    }

    /// A well-mixed 64-bit hash of the genes (stable across runs and platforms).
    [[nodiscard]] std::uint64_t hash() const noexcept {
        std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ size_;
        for (std::size_t i = 0; i < size_; ++i) {
            h ^= genes_[i];
            h *= 0xFF51AFD7ED558CCDULL;
            h ^= h >> 32;
        }
        h ^= h >> 29;
        h *= 0xC4CEB9FE1A85EC53ULL;
        return h ^ (h >> 32);
    }

private:
    void assign(std::span<const Gene> genes) {
        resize(genes.size());
        std::copy(genes.begin(), genes.end(), genes_.begin());
    }
    static void check_size(std::size_t n) {
        if (n > max_genes) {
            throw Error("an architecture has at most " + std::to_string(max_genes) +
                        " genes; got " + std::to_string(n));
        }
    }

    std::array<Gene, max_genes> genes_{};
    std::uint8_t size_ = 0;
};

/// The genes form of an architecture: choices joined by '-', e.g. "3-3-4-1-3-1".
inline std::string to_genes_string(const Architecture& arch) {
    std::string out;
    out.reserve(arch.size() * 3);
    char buffer[8];
    for (std::size_t i = 0; i < arch.size(); ++i) {
        if (i != 0) out.push_back('-');
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, arch[i]);
        out.append(buffer, end);
    }
    return out;
}

/// Parses the genes form ("3-3-4-1-3-1"). Returns nullopt when `text` is not
/// of that form; range checks against a space are the space's job.
inline std::optional<Architecture> parse_genes_string(std::string_view text) {
    Architecture arch;
    std::size_t count = 0;
    while (!text.empty()) {
        const std::size_t dash = text.find('-');
        const std::string_view token = text.substr(0, dash);
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (token.empty() || ec != std::errc{} || ptr != token.data() + token.size() || value > 0xFFFF ||
            count >= Architecture::max_genes) {
            return std::nullopt;
        }
        arch.resize(count + 1);
        arch[count++] = static_cast<Architecture::Gene>(value);
        if (dash == std::string_view::npos) break;
        text.remove_prefix(dash + 1);
        if (text.empty()) return std::nullopt;  // trailing '-'
    }
    if (count == 0) return std::nullopt;
    return arch;
}

}  // namespace hwnas

template <>
struct std::hash<hwnas::Architecture> {
    std::size_t operator()(const hwnas::Architecture& a) const noexcept { return a.hash(); }
};
