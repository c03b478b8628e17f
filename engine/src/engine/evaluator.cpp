#include "engine/evaluator.hpp"

#include <algorithm>

namespace hwnas::engine {
namespace {

/// Rows to make room for up front: the budget when small; large budgets
/// (often never used up, e.g. by rejection sampling) grow as needed.
std::size_t initial_rows(const Budget& budget) {
    constexpr std::uint64_t most = 1u << 13;
    return static_cast<std::size_t>(budget.evaluations == 0 ? most : std::min<std::uint64_t>(budget.evaluations, most));
}

}  // namespace

Evaluator::Evaluator(const Session& session, std::string strategy_name)
    : session_(session),
      strategy_name_(std::move(strategy_name)),
      budget_(session.experiment().budget),
      count_seconds_(budget_.seconds.has_value()),
      cache_(initial_rows(budget_)) {
    history_.metric_count = session.problem().metrics.size();
    history_.objective_count = session.problem().objectives.size();
    history_.reserve(initial_rows(budget_));
    ids_.resize(session.providers().size());
    slots_.resize(session.providers().size());
    const auto routes = session.routes();
    for (std::size_t slot = 0; slot < routes.size(); ++slot) {
        ids_[routes[slot].provider].push_back(routes[slot].id);
        slots_[routes[slot].provider].push_back(slot);
    }
    scratch_.resize(routes.size());
}

void Evaluator::measure(const Architecture& arch, double* metrics_out) {
    const auto providers = session_.providers();
    for (std::size_t p = 0; p < providers.size(); ++p) {
        if (ids_[p].empty()) continue;
        const std::span<double> values(scratch_.data(), ids_[p].size());
        providers[p]->evaluate(arch, ids_[p], values);
        for (std::size_t k = 0; k < values.size(); ++k) metrics_out[slots_[p][k]] = values[k];
        if (count_seconds_) seconds_ += providers[p]->query_cost_seconds(arch);
    }
}

void Evaluator::record_new(const Architecture& arch, std::size_t row) {
    History& h = history_;
    if (!session_.space().is_valid(arch)) {
        throw Error("strategy '" + strategy_name_ + "' proposed an architecture that is not valid in space '" +
                    std::string(session_.space().name()) + "': " + to_genes_string(arch));
    }
    double* metrics = h.metrics.data() + row * h.metric_count;
    double* objectives = h.objectives.data() + row * h.objective_count;
    measure(arch, metrics);
    const Score s = session_.scorer().score({metrics, h.metric_count}, {objectives, h.objective_count});
    h.fitness[row] = s.fitness;
    h.violation[row] = s.violation;
    h.feasible[row] = s.feasible ? 1 : 0;
    h.repeated[row] = 0;
    h.cost_seconds[row] = seconds_;
}

void Evaluator::record_repeat(std::size_t earlier, std::size_t row) {
    History& h = history_;
    const std::size_t m = h.metric_count;
    const std::size_t k = h.objective_count;
    // Element loops, not std::copy: rows hold a few values, and a memmove
    // call costs more than copying them.
    const double* from_metrics = h.metrics.data() + earlier * m;
    double* to_metrics = h.metrics.data() + row * m;
    for (std::size_t i = 0; i < m; ++i) to_metrics[i] = from_metrics[i];
    const double* from_objectives = h.objectives.data() + earlier * k;
    double* to_objectives = h.objectives.data() + row * k;
    for (std::size_t i = 0; i < k; ++i) to_objectives[i] = from_objectives[i];
    h.fitness[row] = h.fitness[earlier];
    h.violation[row] = h.violation[earlier];
    h.feasible[row] = h.feasible[earlier];
    h.repeated[row] = 1;
    h.cost_seconds[row] = seconds_;
}

void Evaluator::grow_history(std::size_t rows) {
    History& h = history_;
    h.metrics.resize(rows * h.metric_count);
    h.objectives.resize(rows * h.objective_count);
    h.fitness.resize(rows);
    h.violation.resize(rows);
    h.feasible.resize(rows);
    h.repeated.resize(rows);
    h.cost_seconds.resize(rows);
}

std::size_t Evaluator::next_history_size() const noexcept {
    const std::size_t doubled = std::max<std::size_t>(2 * rows_, 1024);
    // Up to the reservation first: beyond it the columns are copied to new storage.
    const std::size_t reserved = history_.fitness.capacity();
    return rows_ < reserved ? std::min(doubled, reserved) : doubled;
}

void Evaluator::record(const Architecture& arch) {
    History& h = history_;
    // Grown by doubling from a small start: rows are value-initialised when
    // added, so sizing to the whole reservation at once would clear memory a
    // short run never uses. Architectures are appended instead (each would be
    // cleared on its own, 130 bytes, before being overwritten).
    if (rows_ == h.fitness.size()) grow_history(next_history_size());
    const std::size_t row = rows_;
    h.archs.push_back(arch);
    const std::uint32_t earlier = cache_.find_or_insert(arch, static_cast<std::uint32_t>(row), h.archs);
    if (earlier != ArchIndex::none) {
        record_repeat(earlier, row);
        return;
    }
    try {
        record_new(arch, row);
    } catch (...) {
        // Leave the history as it was before this architecture: the row is not counted.
        cache_.erase_last(arch, h.archs);
        h.archs.pop_back();
        throw;
    }
}

void Evaluator::evaluate(std::span<const Architecture> archs, std::vector<Evaluation>& out) {
    const std::size_t first = rows_;
    for (const Architecture& arch : archs) {
        record(arch);
        ++rows_;
    }
    // Views are made after all rows are written: the storage may have moved meanwhile.
    const History& h = history_;
    const std::size_t m = h.metric_count;
    const std::size_t k = h.objective_count;
    out.resize(archs.size());
    for (std::size_t i = 0; i < archs.size(); ++i) {
        const std::size_t row = first + i;
        Evaluation& e = out[i];
        e.arch = archs[i];
        e.step = row;
        e.metrics = {h.metrics.data() + row * m, m};
        e.objectives = {h.objectives.data() + row * k, k};
        e.fitness = h.fitness[row];
        e.violation = h.violation[row];
        e.feasible = h.feasible[row] != 0;
    }
}

History Evaluator::release_history() {
    grow_history(rows_);  // down to the rows of the run
    return std::move(history_);
}

}  // namespace hwnas::engine
