#include "rejection_sampling.hpp"

#include <algorithm>
#include <string>

#include "hwnas/params.hpp"

namespace hwnas::strategies {
namespace {

constexpr const char* strategy_name = "rejection_sampling";

}  // namespace

RejectionSampling::RejectionSampling(const nlohmann::json& params, SearchContext context)
    : context_(std::move(context)),
      population_(static_cast<std::uint64_t>(integer_param(params, strategy_name, "population", 1))),
      max_samples_(static_cast<std::uint64_t>(integer_param(params, strategy_name, "max_samples", 1))) {}

std::size_t RejectionSampling::ask(std::span<Architecture> out) {
    if (kept_ >= population_ || out_of_samples()) {
        asked_ = 0;
        return 0;
    }
    // Each draw keeps at most one member, so asking for what is still
    // missing never draws past the population-th feasible sample.
    const std::uint64_t wanted = std::min(population_ - kept_, max_samples_ - drawn_);
    asked_ = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), wanted));
    for (std::size_t i = 0; i < asked_; ++i) out[i] = context_.space.sample(context_.rng);
    return asked_;
}

void RejectionSampling::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error(std::string(strategy_name) + ": told " + std::to_string(evaluations.size()) +
                    " evaluations after asking for " + std::to_string(asked_));
    }
    drawn_ += evaluations.size();
    kept_ += static_cast<std::uint64_t>(
        std::count_if(evaluations.begin(), evaluations.end(), [](const Evaluation& e) { return e.feasible; }));
}

nlohmann::json RejectionSampling::info() const {
    nlohmann::json out = {{"samples_drawn", drawn_}, {"kept", kept_}, {"population", population_}};
    if (kept_ < population_ && out_of_samples()) {
        out["stopped"] = "stopped after max_samples (" + std::to_string(max_samples_) + ") draws: kept " +
                         std::to_string(kept_) + " of population " + std::to_string(population_) +
                         "; the constraints may be too tight for uniform sampling";
    }
    return out;
}

}  // namespace hwnas::strategies
