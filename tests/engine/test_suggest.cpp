#include <catch2/catch.hpp>

#include "engine/suggest.hpp"

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
    CHECK(hwnas::engine::edit_distance("kitten", "sitting") == 3);
    CHECK(hwnas::engine::edit_distance("", "abc") == 3);
    CHECK(hwnas::engine::edit_distance("same", "same") == 0);
}

TEST_CASE("suggestions offer near names only") {
    const std::vector<std::string> names = {"regularized_evolution", "random", "reinforce", "nsga2"};
    CHECK(hwnas::engine::closest("regularised_evolution", names) == std::vector<std::string>{"regularized_evolution"});
    CHECK(hwnas::engine::did_you_mean("radnom", names) == " (did you mean 'random'?)");
    CHECK(hwnas::engine::did_you_mean("bayesian_optimisation", names).empty());
}
