#pragma once
// SearchSpace: what a space plugin implements.
//
// A minimal space only says its name() and dimensions(); every other member
// has a sensible default built on those two (uniform sampling, one-gene
// mutation, uniform crossover, one-hot encoding, mixed-radix indexing, the
// genes string form). Spaces override what they know better, e.g. NB201's
// native cell string or OFA's canonical form for inactive layers.
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/architecture.hpp"
#include "hwnas/error.hpp"
#include "hwnas/network.hpp"
#include "hwnas/rng.hpp"

namespace hwnas {

/// One categorical decision: its name and the label of each choice.
struct Dimension {
    std::string name;                 ///< e.g. "edge 0->1", "layer 3 block"
    std::vector<std::string> labels;  ///< e.g. {"none", "skip_connect", ...}
    [[nodiscard]] std::size_t size() const noexcept { return labels.size(); }
};

/// Uniform crossover of two architectures of one size: each gene of the
/// child is `a`'s or `b`'s with probability 1/2, independently. One random
/// bit per gene, 64 genes per draw: a draw per gene cost more than the rest
/// of a GA step on NB201.
///
/// Gene i comes from `b` when bit i of the draw is set. The genes are blended
/// four at a time (a machine word) under a mask, without a branch per gene:
/// which parent a gene comes from is a coin flip, so such a branch is
/// mispredicted half the time. Genes past size() are 0 in both parents and
/// stay 0 in the child.
[[nodiscard]] inline Architecture uniform_crossover(const Architecture& a, const Architecture& b, Rng& rng) {
    static_assert(Architecture::max_genes <= 64, "one draw covers every gene");
    static_assert(sizeof(Architecture::Gene) == 2 && std::endian::native == std::endian::little,
                  "gene 4w + k is lane k of 64-bit word w");
    Architecture child = a;
    const std::size_t n = child.size();
    if (n == 0) return child;
    const std::uint64_t bits = rng();
    const auto* from_a = reinterpret_cast<const unsigned char*>(a.genes().data());
    const auto* from_b = reinterpret_cast<const unsigned char*>(b.genes().data());
    auto* to = reinterpret_cast<unsigned char*>(child.genes().data());
    for (std::size_t w = 0; w * 4 < n; ++w) {
        // Spreads bits 4w..4w+3 to the lowest bit of four 16-bit lanes, then fills each lane.
        const std::uint64_t nibble = (bits >> (4 * w)) & 0xF;
        const std::uint64_t mask = ((nibble * 0x0000200040008001ULL) & 0x0001000100010001ULL) * 0xFFFF;
        std::uint64_t x;
        std::uint64_t y;
        std::memcpy(&x, from_a + 8 * w, 8);
        std::memcpy(&y, from_b + 8 * w, 8);
        x = (x & ~mask) | (y & mask);
        std::memcpy(to + 8 * w, &x, 8);
    }
    return child;
}

enum class Encoding {
    one_hot,   ///< per dimension, a 1 at the chosen label (sum of dimension sizes)
    features,  ///< the space's numeric features (default: the genes as numbers)
};

class [[gnu::visibility("default")]] SearchSpace {
public:
    virtual ~SearchSpace() = default;

    [[nodiscard]] virtual std::string_view name() const = 0;
    [[nodiscard]] virtual std::span<const Dimension> dimensions() const = 0;

    // --- operators used by strategies -----------------------------------

    /// A uniformly drawn valid architecture.
    [[nodiscard]] virtual Architecture sample(Rng& rng) const {
        const auto dims = dimensions();
        Architecture arch = Architecture::zeros(dims.size());
        for (std::size_t i = 0; i < dims.size(); ++i) {
            arch[i] = static_cast<Architecture::Gene>(rng.below(dims[i].size()));
        }
        canonicalize(arch);
        return arch;
    }

    /// A copy of `arch` that differs from it in exactly one decision that
    /// matters (Real et al.'s mutation: one gene set to a different choice).
    [[nodiscard]] virtual Architecture mutate(const Architecture& arch, Rng& rng) const {
        const auto dims = dimensions();
        for (int attempt = 0; attempt < 64; ++attempt) {
            Architecture child = arch;
            const std::size_t i = rng.below(dims.size());
            const std::size_t choices = dims[i].size();
            if (choices < 2) continue;
            child[i] = static_cast<Architecture::Gene>((child[i] + 1 + rng.below(choices - 1)) % choices);
            canonicalize(child);
            // Gene i still differs: the child differs (the common case, no full compare).
            if (child[i] != arch[i] || !(child == arch)) return child;
        }
        return arch;  // no decision can change: a one-point space
    }

    /// Uniform crossover: each gene from either parent with probability 1/2.
    [[nodiscard]] virtual Architecture crossover(const Architecture& a, const Architecture& b,
                                                 Rng& rng) const {
        Architecture child = uniform_crossover(a, b, rng);
        canonicalize(child);
        return child;
    }

    /// Brings `arch` to the one form that stands for its network, e.g. resets
    /// genes of inactive layers, so equal networks compare equal.
    virtual void canonicalize(Architecture& /*arch*/) const {}

    [[nodiscard]] virtual bool is_valid(const Architecture& arch) const {
        const auto dims = dimensions();
        if (arch.size() != dims.size()) return false;
        for (std::size_t i = 0; i < dims.size(); ++i) {
            if (arch[i] >= dims[i].size()) return false;
        }
        Architecture canonical = arch;
        canonicalize(canonical);
        return canonical == arch;
    }

    // --- enumeration ----------------------------------------------------

    /// Number of architectures when it fits in 64 bits, else nullopt.
    [[nodiscard]] virtual std::optional<std::uint64_t> size() const {
        std::uint64_t n = 1;
        for (const auto& d : dimensions()) {
            if (d.size() == 0 || n > UINT64_MAX / d.size()) return std::nullopt;
            n *= d.size();
        }
        return n;
    }

    /// Position of `arch` in the space's order, 0 .. size()-1. Default: mixed
    /// radix with the first gene most significant.
    [[nodiscard]] virtual std::uint64_t index(const Architecture& arch) const {
        require_enumerable();
        std::uint64_t i = 0;
        const auto dims = dimensions();
        for (std::size_t g = 0; g < dims.size(); ++g) i = i * dims[g].size() + arch[g];
        return i;
    }

    [[nodiscard]] virtual Architecture from_index(std::uint64_t i) const {
        const auto n = require_enumerable();
        if (i >= n) {
            throw Error("index " + std::to_string(i) + " is out of range for space '" +
                        std::string(name()) + "' (0.." + std::to_string(n - 1) + ")");
        }
        const auto dims = dimensions();
        Architecture arch = Architecture::zeros(dims.size());
        for (std::size_t g = dims.size(); g-- > 0;) {
            arch[g] = static_cast<Architecture::Gene>(i % dims[g].size());
            i /= dims[g].size();
        }
        return arch;
    }

    // --- text -----------------------------------------------------------

    /// The space's native string; default: the genes form "g0-g1-...".
    [[nodiscard]] virtual std::string to_string(const Architecture& arch) const {
        return to_genes_string(arch);
    }

    /// Parses the native string or the genes form (optionally prefixed by
    /// "<space>:"), throwing hwnas::Error that says what was expected.
    [[nodiscard]] virtual Architecture parse(std::string_view text) const {
        const std::string prefix = std::string(name()) + ":";
        if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
        auto arch = parse_genes_string(text);
        if (!arch) {
            throw Error("'" + std::string(text) + "' is not an architecture of space '" +
                        std::string(name()) + "': expected " + std::to_string(dimensions().size()) +
                        " choices joined by '-', e.g. '" + to_genes_string(Architecture::zeros(dimensions().size())) + "'");
        }
        check_valid(*arch, text);
        return *arch;
    }

    // --- encodings and network --------------------------------------------

    [[nodiscard]] virtual std::size_t encoding_size(Encoding encoding) const {
        if (encoding == Encoding::features) return dimensions().size();
        std::size_t n = 0;
        for (const auto& d : dimensions()) n += d.size();
        return n;
    }

    /// Writes the encoding of `arch` into `out` (size encoding_size()).
    virtual void encode(const Architecture& arch, Encoding encoding, std::span<double> out) const {
        const auto dims = dimensions();
        if (encoding == Encoding::features) {
            for (std::size_t i = 0; i < dims.size(); ++i) out[i] = arch[i];
            return;
        }
        std::fill(out.begin(), out.end(), 0.0);
        std::size_t offset = 0;
        for (std::size_t i = 0; i < dims.size(); ++i) {
            out[offset + arch[i]] = 1.0;
            offset += dims[i].size();
        }
    }

    /// The network `arch` stands for. Spaces without one throw.
    [[nodiscard]] virtual Network network(const Architecture& /*arch*/) const {
        throw Error("space '" + std::string(name()) + "' does not describe its networks");
    }

protected:
    /// Throws a clear error if `arch` (read from `text`) is not valid here.
    void check_valid(const Architecture& arch, std::string_view text) const {
        const auto dims = dimensions();
        if (arch.size() != dims.size()) {
            throw Error("'" + std::string(text) + "' has " + std::to_string(arch.size()) +
                        " choices; space '" + std::string(name()) + "' has " +
                        std::to_string(dims.size()));
        }
        for (std::size_t i = 0; i < dims.size(); ++i) {
            if (arch[i] >= dims[i].size()) {
                throw Error("'" + std::string(text) + "': choice " + std::to_string(arch[i]) +
                            " of '" + dims[i].name + "' is out of range (0.." +
                            std::to_string(dims[i].size() - 1) + ")");
            }
        }
        if (!is_valid(arch)) {
            throw Error("'" + std::string(text) + "' is not a valid (canonical) architecture of space '" +
                        std::string(name()) + "'");
        }
    }

private:
    std::uint64_t require_enumerable() const {
        const auto n = size();
        if (!n) throw Error("space '" + std::string(name()) + "' is too large to enumerate");
        return *n;
    }
};

/// "space:genes", the engine's unambiguous printed form of an architecture.
inline std::string qualified_name(const SearchSpace& space, const Architecture& arch) {
    return std::string(space.name()) + ":" + to_genes_string(arch);
}

}  // namespace hwnas
