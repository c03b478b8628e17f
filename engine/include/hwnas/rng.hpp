#pragma once
// Random numbers that are identical on every platform and standard library.
//
// std::uniform_int_distribution and friends are implementation-defined, so a
// seeded run would differ between libstdc++ and libc++. hwnas therefore ships
// its own small generator (xoshiro256**) and its own distributions.
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace hwnas {

__extension__ using uint128 = unsigned __int128;  // GCC/Clang extension, for Lemire's method

/// SplitMix64 step: used to expand seeds and to derive independent streams.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// FNV-1a over a string: a stable (version-independent) hash for stream keys.
constexpr std::uint64_t stable_hash(std::string_view text) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

class Rng {
public:
    using result_type = std::uint64_t;

    explicit constexpr Rng(std::uint64_t seed = 0) noexcept {
        std::uint64_t s = seed;
        for (auto& word : state_) word = splitmix64(s);
    }

    /// An independent stream for (seed, key): e.g. key "run/3/strategy".
    /// The result depends only on the two values, never on call order.
    static constexpr Rng derive(std::uint64_t seed, std::string_view key) noexcept {
        std::uint64_t s = seed ^ stable_hash(key);
        return Rng(splitmix64(s));
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }

    constexpr result_type operator()() noexcept {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    /// Uniform integer in [0, n). n must be > 0. Unbiased (Lemire's method).
    constexpr std::uint64_t below(std::uint64_t n) noexcept {
        uint128 m = static_cast<uint128>((*this)()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<uint128>((*this)()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    /// Uniform double in [0, 1) with 53 random bits.
    constexpr double uniform() noexcept {
        return static_cast<double>((*this)() >> 11) * 0x1.0p-53;
    }

    /// True with probability p.
    constexpr bool bernoulli(double p) noexcept { return uniform() < p; }

    /// Standard normal deviate (Box-Muller; uses two uniforms per call).
    double normal() noexcept {
        const double u1 = 1.0 - uniform();  // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::array<std::uint64_t, 4> state_{};
};

}  // namespace hwnas
