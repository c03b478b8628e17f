#pragma once
// History: every evaluation of a run, in order, stored column-wise.
#include <cstdint>
#include <vector>

#include "hwnas/architecture.hpp"

namespace hwnas::engine {

struct History {
    std::size_t metric_count = 0;
    std::size_t objective_count = 0;
    std::vector<Architecture> archs;
    std::vector<double> metrics;     ///< size() * metric_count
    std::vector<double> objectives;  ///< size() * objective_count
    std::vector<double> fitness;
    std::vector<double> violation;
    std::vector<std::uint8_t> feasible;
    std::vector<std::uint8_t> repeated;  ///< 1 if the architecture was evaluated before in this run
    std::vector<double> cost_seconds;    ///< cumulative simulated seconds after each evaluation

    [[nodiscard]] std::size_t size() const noexcept { return archs.size(); }
    [[nodiscard]] const double* metrics_of(std::size_t i) const noexcept { return metrics.data() + i * metric_count; }
    [[nodiscard]] const double* objectives_of(std::size_t i) const noexcept {
        return objectives.data() + i * objective_count;
    }
    void reserve(std::size_t n) {
        archs.reserve(n);
        metrics.reserve(n * metric_count);
        objectives.reserve(n * objective_count);
        fitness.reserve(n);
        violation.reserve(n);
        feasible.reserve(n);
        repeated.reserve(n);
        cost_seconds.reserve(n);
    }
};

}  // namespace hwnas::engine
