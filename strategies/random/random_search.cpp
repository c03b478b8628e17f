#include "random_search.hpp"

#include <string>

namespace hwnas::strategies {

RandomSearch::RandomSearch(const nlohmann::json& /*params*/, SearchContext context) : context_(std::move(context)) {}

std::size_t RandomSearch::ask(std::span<Architecture> out) {
    for (Architecture& arch : out) arch = context_.space.sample(context_.rng);
    asked_ = out.size();
    return out.size();
}

void RandomSearch::tell(std::span<const Evaluation> evaluations) {
    if (evaluations.size() != asked_) {
        throw Error("random: told " + std::to_string(evaluations.size()) + " evaluations after asking for " +
                    std::to_string(asked_));
    }
}

}  // namespace hwnas::strategies
