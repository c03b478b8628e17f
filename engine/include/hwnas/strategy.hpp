#pragma once
// Strategy: what a search-strategy plugin implements, in ask/tell form.
//
// The engine drives the loop: it asks for candidates, evaluates them
// (caching, budgets, constraints, logging and parallelism are its job) and
// tells the strategy the results in the order asked. A strategy never calls
// cost providers and never starts threads.
#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

#include "hwnas/architecture.hpp"
#include "hwnas/evaluation.hpp"
#include "hwnas/objective.hpp"
#include "hwnas/rng.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas {

/// Everything a strategy gets at construction. References stay valid for the
/// strategy's whole life.
struct SearchContext {
    const SearchSpace& space;
    const Problem& problem;
    Rng rng;                       ///< the strategy's own stream (derived from seed and run)
    std::uint64_t budget = 0;      ///< evaluations the run may make (informative)
};

class [[gnu::visibility("default")]] Strategy {
public:
    virtual ~Strategy() = default;

    /// Writes up to out.size() architectures to evaluate next and returns how
    /// many it wrote. Returning 0 ends the run (the strategy is done).
    virtual std::size_t ask(std::span<Architecture> out) = 0;

    /// The evaluations of the architectures of the last ask, in that order.
    virtual void tell(std::span<const Evaluation> evaluations) = 0;

    /// Strategy-specific facts for summary.json (e.g. samples drawn).
    [[nodiscard]] virtual nlohmann::json info() const { return nlohmann::json::object(); }
};

}  // namespace hwnas
