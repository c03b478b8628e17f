// uniform_crossover: each gene from either parent with probability 1/2,
// independently of the other genes.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "chi_square.hpp"
#include "hwnas/search_space.hpp"

TEST_CASE("uniform crossover takes each gene from either parent with probability 1/2, independently") {
    constexpr std::size_t genes = 64;  // every bit of a draw
    const hwnas::Architecture a = hwnas::Architecture::zeros(genes);
    hwnas::Architecture b = hwnas::Architecture::zeros(genes);
    for (std::size_t g = 0; g < genes; ++g) b[g] = 1;
    hwnas::Rng rng(7);
    constexpr int children = 20000;
    std::vector<int> from_b(genes, 0);
    std::vector<int> pair_counts(4, 0);  // genes 0 and 1: (a,a) (a,b) (b,a) (b,b)
    for (int c = 0; c < children; ++c) {
        const hwnas::Architecture child = hwnas::uniform_crossover(a, b, rng);
        REQUIRE(child.size() == genes);
        for (std::size_t g = 0; g < genes; ++g) from_b[g] += child[g];
        ++pair_counts[2 * child[0] + child[1]];
    }
    // Binomial(20000, 1/2): standard deviation 70.7; 5 of them is p < 1e-6 per gene.
    for (std::size_t g = 0; g < genes; ++g) {
        INFO("gene " << g);
        CHECK(std::abs(from_b[g] - children / 2) < 5 * 70.7);
    }
    // The four combinations of two genes are equally likely (3 degrees of freedom).
    CHECK(hwnas::test::chi_square(pair_counts) < hwnas::test::chi_square_critical_p001(3));

    // Parents of other sizes: only their genes, each from one of them.
    const hwnas::Architecture short_a{0, 0, 0};
    const hwnas::Architecture short_b{4, 4, 4};
    const auto child = hwnas::uniform_crossover(short_a, short_b, rng);
    REQUIRE(child.size() == 3);
    for (std::size_t g = 0; g < 3; ++g) CHECK((child[g] == 0 || child[g] == 4));
}

TEST_CASE("uniform crossover takes gene i from the second parent exactly when bit i of one draw is set") {
    hwnas::Rng rng(11);
    for (const std::size_t genes : {1u, 4u, 5u, 6u, 13u, 22u, 46u, 63u, 64u}) {
        for (int trial = 0; trial < 50; ++trial) {
            hwnas::Architecture a = hwnas::Architecture::zeros(genes);
            hwnas::Architecture b = hwnas::Architecture::zeros(genes);
            for (std::size_t g = 0; g < genes; ++g) {
                a[g] = static_cast<hwnas::Architecture::Gene>(rng.below(65536));
                b[g] = static_cast<hwnas::Architecture::Gene>(rng.below(65536));
            }
            hwnas::Rng predicted = rng;
            const std::uint64_t bits = predicted();
            const hwnas::Architecture child = hwnas::uniform_crossover(a, b, rng);
            INFO(genes << " genes, trial " << trial);
            REQUIRE(child.size() == genes);
            for (std::size_t g = 0; g < genes; ++g) CHECK(child[g] == (((bits >> g) & 1u) != 0 ? b[g] : a[g]));
            CHECK(rng() == predicted());  // one draw, no more
        }
    }
    hwnas::Rng untouched(3);
    const hwnas::Architecture empty;
    CHECK(hwnas::uniform_crossover(empty, empty, untouched).empty());
    CHECK(untouched() == hwnas::Rng(3)());  // no genes, no draw
}
