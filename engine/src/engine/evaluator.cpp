#include "engine/evaluator.hpp"

#include <limits>

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
    row_metrics_.resize(routes.size());
    row_objectives_.resize(history_.objective_count);
}

std::uint64_t Evaluator::remaining() const noexcept {
    if (budget_.evaluations == 0) return std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t used = budget_.count_unique ? unique() : total();
    return used >= budget_.evaluations ? 0 : budget_.evaluations - used;
}

bool Evaluator::exhausted() const noexcept {
    if (remaining() == 0) return true;
    return budget_.seconds && seconds_ >= *budget_.seconds;
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

void Evaluator::evaluate(std::span<const Architecture> archs, std::vector<Evaluation>& out) {
    const std::size_t first = history_.size();
    const std::size_t m = history_.metric_count;
    const std::size_t k = history_.objective_count;
    History& h = history_;
    // Values are built in small scratch rows and appended with push_back: with
    // the reserved capacity that is a store each, where resize() was a call.
    double* metrics = row_metrics_.data();
    double* objectives = row_objectives_.data();
    for (const Architecture& arch : archs) {
        const auto row = static_cast<std::uint32_t>(h.size());
        h.archs.push_back(arch);
        const std::uint32_t earlier = cache_.find_or_insert(arch, row, h.archs);
        if (earlier == ArchIndex::none) {
            try {
                if (!session_.space().is_valid(arch)) {
                    throw Error("strategy '" + strategy_name_ + "' proposed an architecture that is not valid in space '" +
                                std::string(session_.space().name()) + "': " + to_genes_string(arch));
                }
                measure(arch, metrics);
            } catch (...) {
                // Leave the history as it was before this architecture.
                cache_.erase_last(arch, h.archs);
                h.archs.pop_back();
                throw;
            }
        } else {
            const double* source = h.metrics.data() + std::size_t{earlier} * m;
            std::copy(source, source + m, metrics);
        }
        const Score s = session_.scorer().score({metrics, m}, {objectives, k});
        for (std::size_t i = 0; i < m; ++i) h.metrics.push_back(metrics[i]);
        for (std::size_t i = 0; i < k; ++i) h.objectives.push_back(objectives[i]);
        h.fitness.push_back(s.fitness);
        h.violation.push_back(s.violation);
        h.feasible.push_back(s.feasible ? 1 : 0);
        h.repeated.push_back(earlier == ArchIndex::none ? 0 : 1);
        h.cost_seconds.push_back(seconds_);
    }
    // Views are made after all appends: the storage may have moved meanwhile.
    out.resize(archs.size());
    for (std::size_t i = 0; i < archs.size(); ++i) {
        const std::size_t row = first + i;
        Evaluation& e = out[i];
        e.arch = h.archs[row];
        e.step = row;
        e.metrics = {h.metrics.data() + row * m, m};
        e.objectives = {h.objectives.data() + row * k, k};
        e.fitness = h.fitness[row];
        e.violation = h.violation[row];
        e.feasible = h.feasible[row] != 0;
    }
}

}  // namespace hwnas::engine
