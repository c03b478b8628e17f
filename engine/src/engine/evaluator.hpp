#pragma once
// Evaluator: the only caller of cost providers during a run. It checks what
// strategies propose, caches per run, counts the budget and records every
// evaluation in order.
#include <cstdint>
#include <limits>
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
    /// Inline: the run loop asks before every batch, and a batch is often one architecture.
    [[nodiscard]] std::uint64_t remaining() const noexcept {
        if (budget_.evaluations == 0) return std::numeric_limits<std::uint64_t>::max();
        const std::uint64_t used = budget_.count_unique ? unique() : total();
        return used >= budget_.evaluations ? 0 : budget_.evaluations - used;
    }
    [[nodiscard]] bool exhausted() const noexcept {
        if (remaining() == 0) return true;
        return count_seconds_ && seconds_ >= *budget_.seconds;
    }

    /// Hands the history over when the run is done (the evaluator is spent after).
    [[nodiscard]] History release_history();
    [[nodiscard]] std::uint64_t total() const noexcept { return rows_; }
    [[nodiscard]] std::uint64_t unique() const noexcept { return cache_.size(); }
    [[nodiscard]] double simulated_seconds() const noexcept { return seconds_; }

private:
    /// Sizes every history column but the architectures to `rows` rows.
    void grow_history(std::size_t rows);
    [[nodiscard]] std::size_t next_history_size() const noexcept;
    /// Writes row rows_ of the history for `arch` (rows_ is advanced by the caller).
    void record(const Architecture& arch);
    /// First time in this run: check, ask the providers, score.
    void record_new(const Architecture& arch, std::size_t row);
    /// Seen before at history row `earlier`: the same metrics give the same
    /// scores (the scorer is a pure function), so the row's values are copied.
    void record_repeat(std::size_t earlier, std::size_t row);
    void measure(const Architecture& arch, double* metrics_out);

    const Session& session_;
    std::string strategy_name_;
    Budget budget_;
    bool count_seconds_ = false;
    /// The columns but archs are sized ahead (rows are written in place, with
    /// no capacity check per column); their first rows_ rows are the run's.
    History history_;
    std::size_t rows_ = 0;
    ArchIndex cache_;  ///< arch -> first history row that holds it
    double seconds_ = 0.0;
    // Per provider: the metric ids to ask for and the slots their values go to.
    std::vector<std::vector<std::size_t>> ids_;
    std::vector<std::vector<std::size_t>> slots_;
    std::vector<double> scratch_;  ///< one provider's answer
};

}  // namespace hwnas::engine
