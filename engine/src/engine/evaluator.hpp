#pragma once
// Evaluator: the only caller of cost providers during a run. It checks what
// strategies propose, caches per run, counts the budget and records every
// evaluation in order.
#include <cstdint>
#include <vector>

#include "engine/arch_index.hpp"
#include "engine/history.hpp"
#include "engine/session.hpp"
#include "hwnas/evaluation.hpp"

namespace hwnas::engine {

class Evaluator {
public:
    Evaluator(const Session& session, std::string strategy_name);

    /// Evaluates `archs` in order, appends them to the history and sets `out`
    /// to views of the new entries (valid until the next call).
    void evaluate(std::span<const Architecture> archs, std::vector<Evaluation>& out);

    /// Evaluations still allowed (by count; a seconds budget is checked by exhausted()).
    [[nodiscard]] std::uint64_t remaining() const noexcept;
    [[nodiscard]] bool exhausted() const noexcept;

    [[nodiscard]] const History& history() const noexcept { return history_; }
    /// Hands the history over when the run is done (the evaluator is spent after).
    [[nodiscard]] History release_history() noexcept { return std::move(history_); }
    [[nodiscard]] std::uint64_t total() const noexcept { return history_.size(); }
    [[nodiscard]] std::uint64_t unique() const noexcept { return cache_.size(); }
    [[nodiscard]] double simulated_seconds() const noexcept { return seconds_; }

private:
    void measure(const Architecture& arch, double* metrics_out);

    const Session& session_;
    std::string strategy_name_;
    Budget budget_;
    bool count_seconds_ = false;
    History history_;
    ArchIndex cache_;  ///< arch -> first history row that holds it
    double seconds_ = 0.0;
    // Per provider: the metric ids to ask for and the slots their values go to.
    std::vector<std::vector<std::size_t>> ids_;
    std::vector<std::vector<std::size_t>> slots_;
    std::vector<double> scratch_;         ///< one provider's answer
    std::vector<double> row_metrics_;     ///< the row being evaluated
    std::vector<double> row_objectives_;
};

}  // namespace hwnas::engine
