#pragma once
// Rejection sampling, the baseline of HW-EvRSNAS: draw uniform samples and
// keep only those that satisfy every constraint (Evaluation::feasible) until
// `population` are kept.
//
// Every feasible draw counts, repeats included, so the number of draws is
// negative-binomial with mean population / p for a feasible fraction p. A
// batch never asks for more samples than are still needed, so the run ends
// exactly at the population-th feasible draw. `max_samples` bounds the draws
// when constraints are (nearly) unsatisfiable.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "hwnas/strategy.hpp"

namespace hwnas::strategies {

class RejectionSampling final : public Strategy {
public:
    RejectionSampling(const nlohmann::json& params, SearchContext context);

    /// Up to (population - kept) samples; 0 once full or out of samples.
    std::size_t ask(std::span<Architecture> out) override;
    void tell(std::span<const Evaluation> evaluations) override;

    /// {"samples_drawn", "kept", "population"} and, when max_samples ran out,
    /// "stopped" saying so.
    [[nodiscard]] nlohmann::json info() const override;

private:
    [[nodiscard]] bool out_of_samples() const noexcept { return drawn_ >= max_samples_; }

    SearchContext context_;
    std::uint64_t population_;
    std::uint64_t max_samples_;
    std::uint64_t drawn_ = 0;
    std::uint64_t kept_ = 0;
    std::size_t asked_ = 0;
};

}  // namespace hwnas::strategies
