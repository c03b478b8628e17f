#pragma once
// Random search: every candidate is an independent uniform sample of the
// space. The baseline every other strategy has to beat at equal budget.
#include <nlohmann/json.hpp>

#include "hwnas/strategy.hpp"

namespace hwnas::strategies {

class RandomSearch final : public Strategy {
public:
    RandomSearch(const nlohmann::json& params, SearchContext context);

    /// Fills every slot with a fresh sample; never finishes on its own.
    std::size_t ask(std::span<Architecture> out) override;
    void tell(std::span<const Evaluation> evaluations) override;

private:
    SearchContext context_;
    std::size_t asked_ = 0;
};

}  // namespace hwnas::strategies
