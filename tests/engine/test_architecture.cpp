#include <catch2/catch.hpp>

#include <unordered_set>

#include "hwnas/architecture.hpp"

using hwnas::Architecture;

TEST_CASE("architectures compare, hash and print by their genes") {
    const Architecture a{3, 3, 4, 1, 3, 1};
    Architecture b = Architecture::zeros(6);
    for (std::size_t i = 0; i < 6; ++i) b[i] = a[i];
    CHECK(a == b);
    CHECK(a.hash() == b.hash());
    b[5] = 2;
    CHECK_FALSE(a == b);
    CHECK(a < b);
    CHECK(hwnas::to_genes_string(a) == "3-3-4-1-3-1");

    // Shrinking clears the dropped genes so equality stays exact.
    Architecture c{1, 2, 3};
    c.resize(2);
    c.resize(3);
    CHECK(c == Architecture{1, 2, 0});
}

TEST_CASE("the genes form parses back and rejects malformed text") {
    const auto parsed = hwnas::parse_genes_string("10-0-65535");
    REQUIRE(parsed);
    CHECK(*parsed == Architecture{10, 0, 65535});
    for (const char* bad : {"", "-", "1-", "-1", "1--2", "a-1", "1-2x", "65536", "1 -2"}) {
        INFO(bad);
        CHECK_FALSE(hwnas::parse_genes_string(bad));
    }
}

TEST_CASE("an architecture holds at most max_genes genes") {
    CHECK_NOTHROW(Architecture::zeros(Architecture::max_genes));
    CHECK_THROWS_WITH(Architecture::zeros(Architecture::max_genes + 1), Catch::Contains("at most 64 genes"));
}

TEST_CASE("hashes of distinct small architectures do not collide") {
    std::unordered_set<std::uint64_t> hashes;
    for (std::uint16_t i = 0; i < 5 * 5 * 5 * 5; ++i) {
        hashes.insert(Architecture{static_cast<std::uint16_t>(i % 5), static_cast<std::uint16_t>(i / 5 % 5),
                                   static_cast<std::uint16_t>(i / 25 % 5), static_cast<std::uint16_t>(i / 125)}
                          .hash());
    }
    CHECK(hashes.size() == 625);
}
