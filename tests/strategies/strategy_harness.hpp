#pragma once
// Drives a strategy through ask / evaluate / tell without the engine.
//
// A toy space (G genes x K choices), a toy problem (named metric functions,
// objectives, constraints, formulation) and a scorer that mirrors the
// engine's: objectives in minimisation form, fitness higher-is-better under
// the formulation, violation = sum of relative constraint excesses. Every
// evaluation is recorded so tests can check what a strategy asked for.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>
#include <nlohmann/json.hpp>

#include "hwnas/plugin.hpp"
#include "test_support.hpp"

namespace hwnas::test {

/// `genes` decisions of `choices` options each; nothing else overridden.
class GridSpace : public SearchSpace {
public:
    GridSpace(std::size_t genes, std::size_t choices) {
        for (std::size_t g = 0; g < genes; ++g) {
            Dimension d{"gene " + std::to_string(g), {}};
            for (std::size_t c = 0; c < choices; ++c) d.labels.push_back(std::to_string(c));
            dims_.push_back(std::move(d));
        }
    }
    [[nodiscard]] std::string_view name() const override { return "grid"; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return dims_; }

private:
    std::vector<Dimension> dims_;
};

/// A grid space that remembers every architecture handed to mutate(), so
/// tests can see which parents a strategy picked.
class MutationRecordingSpace final : public GridSpace {
public:
    using GridSpace::GridSpace;
    [[nodiscard]] Architecture mutate(const Architecture& arch, Rng& rng) const override {
        parents.push_back(arch);
        return GridSpace::mutate(arch, rng);
    }
    mutable std::vector<Architecture> parents;
};

/// Sum of genes [from, to).
inline double gene_range_sum(const Architecture& a, std::size_t from, std::size_t to) {
    double sum = 0;
    for (std::size_t i = from; i < to; ++i) sum += a[i];
    return sum;
}

/// Sum of all genes: the toy fitness of most tests.
inline double gene_sum(const Architecture& a) { return gene_range_sum(a, 0, a.size()); }

using MetricFunction = std::function<double(const Architecture&)>;

/// A problem over named metric functions, built fluently:
///   ToyProblem().metric("acc", f).maximize("acc").at_most("lat", 3)
struct ToyProblem {
    Problem problem;
    std::vector<MetricFunction> functions;  ///< in problem.metrics order
    double penalty_weight = 1.0;            ///< Formulation::penalty

    ToyProblem& metric(std::string name, MetricFunction f) {
        problem.metrics.push_back({std::move(name), "", Direction::lower_is_better, ""});
        functions.push_back(std::move(f));
        return *this;
    }
    ToyProblem& minimize(std::string name) { return objective(std::move(name), Goal::minimize); }
    ToyProblem& maximize(std::string name) { return objective(std::move(name), Goal::maximize); }
    ToyProblem& at_most(std::string name, double bound) {
        problem.constraints.push_back({std::move(name), bound, std::nullopt});
        return *this;
    }
    ToyProblem& formulation(Formulation f) {
        problem.formulation = f;
        return *this;
    }
    ToyProblem& penalty(double weight) {
        problem.formulation = Formulation::penalty;
        penalty_weight = weight;
        return *this;
    }

    [[nodiscard]] std::size_t slot(const std::string& name) const {
        for (std::size_t i = 0; i < problem.metrics.size(); ++i) {
            if (problem.metrics[i].name == name) return i;
        }
        throw std::logic_error("toy problem has no metric '" + name + "'");
    }

private:
    ToyProblem& objective(std::string name, Goal goal) {
        problem.objectives.push_back({std::move(name), goal});
        return *this;
    }
};

/// One evaluation as the strategy was told it (views copied out).
struct Record {
    Architecture arch;
    std::vector<double> metrics;
    std::vector<double> objectives;
    double fitness = std::nan("");
    double violation = 0.0;
    bool feasible = true;

    [[nodiscard]] Evaluation as_evaluation() const {
        Evaluation e;
        e.arch = arch;
        e.metrics = metrics;
        e.objectives = objectives;
        e.fitness = fitness;
        e.violation = violation;
        e.feasible = feasible;
        return e;
    }
};

/// The engine's scoring, restated for the formulations and (max) constraints the tests use.
inline Record score(const ToyProblem& toy, const Architecture& arch) {
    const Problem& p = toy.problem;
    Record r;
    r.arch = arch;
    for (const auto& f : toy.functions) r.metrics.push_back(f(arch));
    for (const auto& o : p.objectives) {
        const double v = r.metrics[toy.slot(o.metric)];
        r.objectives.push_back(o.goal == Goal::maximize ? -v : v);
    }
    double penalised = r.objectives.empty() ? 0.0 : -r.objectives[0];
    for (const auto& c : p.constraints) {
        const double v = r.metrics[toy.slot(c.metric)];
        if (c.max && v > *c.max) {
            r.violation += (v - *c.max) / std::max(std::abs(*c.max), std::numeric_limits<double>::min());
            penalised += toy.penalty_weight * (*c.max - v);
        }
    }
    r.feasible = r.violation == 0.0;
    switch (p.formulation) {
        case Formulation::constrained: r.fitness = -r.objectives.at(0); break;
        case Formulation::penalty:
            r.fitness = penalised;
            r.violation = 0.0;
            break;
        case Formulation::pareto: r.fitness = std::nan(""); break;
        case Formulation::weighted_sum:
        case Formulation::mnasnet: throw std::logic_error("the harness scores no weighted_sum or mnasnet");
    }
    return r;
}

/// What a run did: every evaluation in order and what each ask returned.
struct RunLog {
    std::vector<Record> records;
    std::vector<std::size_t> batches;  ///< sizes returned by ask, in order
    bool finished = false;             ///< the strategy returned 0 from ask

    /// The best record by hwnas::better (violation first, then fitness).
    [[nodiscard]] const Record& best() const {
        if (records.empty()) throw std::logic_error("empty run");
        std::size_t best = 0;
        for (std::size_t i = 1; i < records.size(); ++i) {
            if (better(records[i].as_evaluation(), records[best].as_evaluation())) best = i;
        }
        return records[best];
    }
    [[nodiscard]] std::vector<Architecture> archs() const {
        std::vector<Architecture> out;
        for (const auto& r : records) out.push_back(r.arch);
        return out;
    }
    [[nodiscard]] bool found(const Architecture& arch) const {
        return std::any_of(records.begin(), records.end(), [&](const Record& r) { return r.arch == arch; });
    }
};

/// The context a strategy gets from the engine, for a toy problem.
inline SearchContext make_context(const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed,
                                  std::uint64_t budget) {
    return SearchContext{space, toy.problem, Rng(seed), budget};
}

/// Runs the engine's loop for `budget` evaluations, offering at most
/// `max_slots` candidates per ask (the engine offers up to 1024, fewer near
/// the end of the budget).
inline RunLog run(Strategy& strategy, const SearchSpace& space, const ToyProblem& toy, std::uint64_t budget,
                  std::size_t max_slots = 1024) {
    RunLog log;
    std::vector<Architecture> asked(max_slots);
    while (log.records.size() < budget) {
        const auto slots = static_cast<std::size_t>(std::min<std::uint64_t>(max_slots, budget - log.records.size()));
        const std::size_t n = strategy.ask(std::span<Architecture>(asked.data(), slots));
        if (n == 0) {
            log.finished = true;
            break;
        }
        if (n > slots) throw std::logic_error("strategy wrote more architectures than it was offered");
        log.batches.push_back(n);
        // Batch-local storage, freed after tell: views kept past tell dangle (ASan finds them).
        std::vector<Record> batch;
        for (std::size_t i = 0; i < n; ++i) {
            if (!space.is_valid(asked[i])) throw std::logic_error("invalid architecture " + to_genes_string(asked[i]));
            batch.push_back(score(toy, asked[i]));
        }
        std::vector<Evaluation> told;
        for (std::size_t i = 0; i < n; ++i) {
            told.push_back(batch[i].as_evaluation());
            told.back().step = log.records.size() + i;
        }
        strategy.tell(told);
        log.records.insert(log.records.end(), batch.begin(), batch.end());
    }
    return log;
}

/// The plugin's declared parameter defaults, read from the built plugin
/// itself, with `overrides` applied: what the engine hands a strategy.
inline nlohmann::json plugin_params(const std::string& plugin,
                                    const nlohmann::json& overrides = nlohmann::json::object()) {
    const auto file = plugin_dir() / ("libhwnas_" + plugin + ".so");
    boost::dll::shared_library library(file.string());
    const auto descriptor = library.get_alias<const PluginDescriptor*()>("hwnas_plugin_descriptor")();
    if (descriptor->kind != PluginKind::strategy || std::string(descriptor->name) != plugin) {
        throw std::logic_error(file.string() + " is not the strategy plugin '" + plugin + "'");
    }
    const auto declarations = nlohmann::json::parse(descriptor->parameters);
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, declaration] : declarations.items()) {
        if (declaration.value("description", "").empty()) throw std::logic_error(name + " has no description");
        params[name] = declaration.at("default");
    }
    for (const auto& [name, value] : overrides.items()) {
        if (!params.contains(name)) throw std::logic_error(plugin + " declares no parameter '" + name + "'");
        params[name] = value;
    }
    return params;
}

/// A run's log and the strategy's info() at its end.
struct Outcome {
    RunLog log;
    nlohmann::json info;
};

/// Makes `StrategyClass` with the plugin's defaults plus `overrides`, runs
/// it on `toy` for `budget` evaluations and returns what happened.
template <class StrategyClass>
Outcome run_plugin(const std::string& plugin, const SearchSpace& space, const ToyProblem& toy, std::uint64_t seed,
                   std::uint64_t budget, const nlohmann::json& overrides = nlohmann::json::object(),
                   std::size_t max_slots = 1024) {
    StrategyClass strategy(plugin_params(plugin, overrides), make_context(space, toy, seed, budget));
    Outcome out{run(strategy, space, toy, budget, max_slots), {}};
    out.info = strategy.info();
    return out;
}

}  // namespace hwnas::test
