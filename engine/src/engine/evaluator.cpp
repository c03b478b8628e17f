#include "engine/evaluator.hpp"

#include <limits>

namespace hwnas::engine {

Evaluator::Evaluator(const Session& session, std::string strategy_name)
    : session_(session),
      strategy_name_(std::move(strategy_name)),
      budget_(session.experiment().budget),
      count_seconds_(budget_.seconds.has_value()) {
    history_.metric_count = session.problem().metrics.size();
    history_.objective_count = session.problem().objectives.size();
    if (budget_.evaluations > 0 && budget_.evaluations < (1u << 24)) history_.reserve(budget_.evaluations);
    ids_.resize(session.providers().size());
    slots_.resize(session.providers().size());
    const auto routes = session.routes();
    for (std::size_t slot = 0; slot < routes.size(); ++slot) {
        ids_[routes[slot].provider].push_back(routes[slot].id);
        slots_[routes[slot].provider].push_back(slot);
    }
    scratch_.resize(routes.size());
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
    for (const Architecture& arch : archs) {
        const std::size_t row = history_.size();
        history_.metrics.resize((row + 1) * m);
        history_.objectives.resize((row + 1) * k);
        double* metrics = history_.metrics.data() + row * m;

        const auto [it, inserted] = cache_.try_emplace(arch, static_cast<std::uint32_t>(row));
        if (inserted) {
            if (!session_.space().is_valid(arch)) {
                cache_.erase(it);
                throw Error("strategy '" + strategy_name_ + "' proposed an architecture that is not valid in space '" +
                            std::string(session_.space().name()) + "': " + to_genes_string(arch));
            }
            measure(arch, metrics);
        } else {
            const double* earlier = history_.metrics.data() + std::size_t{it->second} * m;
            std::copy(earlier, earlier + m, metrics);
        }
        const Score s = session_.scorer().score({metrics, m}, {history_.objectives.data() + row * k, k});
        history_.archs.push_back(arch);
        history_.fitness.push_back(s.fitness);
        history_.violation.push_back(s.violation);
        history_.feasible.push_back(s.feasible ? 1 : 0);
        history_.repeated.push_back(inserted ? 0 : 1);
        history_.cost_seconds.push_back(seconds_);
    }
    // Views are made after all appends: the storage may have moved meanwhile.
    out.resize(archs.size());
    for (std::size_t i = 0; i < archs.size(); ++i) {
        const std::size_t row = first + i;
        Evaluation& e = out[i];
        e.arch = history_.archs[row];
        e.step = row;
        e.metrics = {history_.metrics.data() + row * m, m};
        e.objectives = {history_.objectives.data() + row * k, k};
        e.fitness = history_.fitness[row];
        e.violation = history_.violation[row];
        e.feasible = history_.feasible[row] != 0;
    }
}

}  // namespace hwnas::engine
