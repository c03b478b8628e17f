#include "reinforce.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "reinforce";

}  // namespace

Reinforce::Reinforce(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      learning_rate_(number_param(params, strategy_name, "learning_rate", 0.0, std::nullopt)),
      baseline_decay_(number_param(params, strategy_name, "baseline_decay", 0.0, 1.0)),
      batch_(static_cast<std::size_t>(integer_param(params, strategy_name, "batch", 1))) {
    if (!context_.problem.has_scalar_fitness()) {
        throw Error(std::string(strategy_name) +
                    " needs a single objective or a scalarising formulation; use nsga2 for Pareto search");
    }
    const auto dims = context_.space.dimensions();
    offsets_.push_back(0);
    for (const auto& d : dims) {
        if (d.size() == 0) throw Error(std::string(strategy_name) + ": gene '" + d.name + "' has no choices");
        offsets_.push_back(offsets_.back() + d.size());
    }
    logits_.assign(offsets_.back(), 0.0);
    probabilities_.assign(offsets_.back(), 0.0);
    for (std::size_t g = 0; g < dims.size(); ++g) refresh_probabilities(g);
    drawn_.resize(batch_);
    rewards_.resize(batch_);
}

std::span<double> Reinforce::gene_span(std::vector<double>& values, std::size_t gene) {
    return {values.data() + offsets_[gene], offsets_[gene + 1] - offsets_[gene]};
}

std::span<const double> Reinforce::gene_span(const std::vector<double>& values, std::size_t gene) const {
    return {values.data() + offsets_[gene], offsets_[gene + 1] - offsets_[gene]};
}

std::size_t Reinforce::ask(std::span<Architecture> out) {
    asked_ = std::min(out.size(), batch_ - drawn_count_);
    for (std::size_t i = 0; i < asked_; ++i) {
        drawn_[drawn_count_] = draw();
        out[i] = drawn_[drawn_count_];
        context_.space.canonicalize(out[i]);
        ++drawn_count_;
    }
    return asked_;
}

Architecture Reinforce::draw() {
    const std::size_t genes = offsets_.size() - 1;
    Architecture arch = Architecture::zeros(genes);
    for (std::size_t g = 0; g < genes; ++g) {
        const auto p = gene_span(probabilities_, g);
        double u = context_.rng.uniform();
        std::size_t choice = 0;
        // Rounding can leave u just above the last cumulative sum: the last choice takes it.
        while (choice + 1 < p.size() && u >= p[choice]) u -= p[choice++];
        arch[g] = static_cast<Architecture::Gene>(choice);
    }
    return arch;
}

void Reinforce::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error(std::string(strategy_name) + ": told " + std::to_string(evaluations.size()) +
                    " evaluations after asking for " + std::to_string(asked_));
    }
    for (const Evaluation& e : evaluations) rewards_[told_count_++] = reward(e);
    asked_ = 0;
    if (told_count_ == batch_) update_policy();
}

double Reinforce::reward(const Evaluation& evaluation) {
    if (!has_lowest_fitness_ || evaluation.fitness < lowest_fitness_) lowest_fitness_ = evaluation.fitness;
    has_lowest_fitness_ = true;
    return evaluation.violation > 0.0 ? lowest_fitness_ : evaluation.fitness;
}

void Reinforce::update_policy() {
    if (!has_baseline_) baseline_ = rewards_[0];
    has_baseline_ = true;
    const double step = learning_rate_ / static_cast<double>(batch_);
    const std::size_t genes = offsets_.size() - 1;
    for (std::size_t b = 0; b < batch_; ++b) {
        const double advantage = rewards_[b] - baseline_;
        for (std::size_t g = 0; g < genes; ++g) {
            const auto logits = gene_span(logits_, g);
            const auto p = gene_span(probabilities_, g);
            for (std::size_t c = 0; c < logits.size(); ++c) {
                const double onehot = drawn_[b][g] == c ? 1.0 : 0.0;
                logits[c] += step * advantage * (onehot - p[c]);
            }
        }
    }
    for (std::size_t b = 0; b < batch_; ++b) {
        baseline_ = baseline_decay_ * baseline_ + (1.0 - baseline_decay_) * rewards_[b];
    }
    for (std::size_t g = 0; g < genes; ++g) refresh_probabilities(g);
    drawn_count_ = 0;
    told_count_ = 0;
    ++updates_;
}

void Reinforce::refresh_probabilities(std::size_t gene) {
    const auto logits = gene_span(logits_, gene);
    const auto p = gene_span(probabilities_, gene);
    const double top = *std::max_element(logits.begin(), logits.end());  // keeps exp() from overflowing
    double total = 0.0;
    for (std::size_t c = 0; c < logits.size(); ++c) total += p[c] = std::exp(logits[c] - top);
    for (double& x : p) x /= total;
}

nlohmann::json Reinforce::info() const {
    const std::size_t genes = offsets_.size() - 1;
    double entropy = 0.0;
    double probability = 1.0;
    Architecture likeliest = Architecture::zeros(genes);
    for (std::size_t g = 0; g < genes; ++g) {
        const auto p = gene_span(probabilities_, g);
        for (const double x : p) {
            if (x > 0.0) entropy -= x * std::log(x);
        }
        const auto top = std::max_element(p.begin(), p.end());  // ties: the first choice
        likeliest[g] = static_cast<Architecture::Gene>(top - p.begin());
        probability *= *top;
    }
    context_.space.canonicalize(likeliest);
    return {{"entropy", entropy},
            {"most_probable", to_genes_string(likeliest)},
            {"most_probable_probability", probability},
            {"updates", updates_}};
}

}  // namespace hwnas::strategies
