// Simulated annealing: a whole hwnas strategy plugin in one file.
//
// Start from a random architecture; each step mutates the current one and
// moves there if the child is better, or, if it is worse, with probability
// exp(-loss / T); T cools geometrically. Constraint violation comes first:
// a child that violates the constraints more is never taken.
#include <cmath>
#include <hwnas/plugin.hpp>
#include <optional>

namespace {

class SimulatedAnnealing final : public hwnas::Strategy {
public:
    SimulatedAnnealing(const nlohmann::json& params, hwnas::SearchContext context)
        : context_(std::move(context)),
          temperature_(params.at("initial_temperature").get<double>()),
          cooling_(params.at("cooling").get<double>()) {
        if (!context_.problem.has_scalar_fitness()) {
            throw hwnas::Error(
                "simulated_annealing needs one fitness to compare; "
                "use a single objective, a penalty or a weighted sum");
        }
    }

    std::size_t ask(std::span<hwnas::Architecture> out) override {
        if (out.empty()) return 0;
        out[0] = current_ ? context_.space.mutate(current_->arch, context_.rng) : context_.space.sample(context_.rng);
        return 1;  // one candidate per step: the next step depends on this one
    }

    void tell(std::span<const hwnas::Evaluation> evaluations) override {
        const hwnas::Evaluation& child = evaluations.front();
        if (!current_ || accept(child)) current_ = Point{child.arch, child.fitness, child.violation};
        temperature_ *= cooling_;
    }

    nlohmann::json info() const override { return {{"final_temperature", temperature_}}; }

private:
    struct Point {
        hwnas::Architecture arch;
        double fitness;
        double violation;
    };

    bool accept(const hwnas::Evaluation& child) {
        if (child.violation != current_->violation) return child.violation < current_->violation;
        const double loss = current_->fitness - child.fitness;
        return loss <= 0 || context_.rng.uniform() < std::exp(-loss / temperature_);
    }

    hwnas::SearchContext context_;
    double temperature_;
    double cooling_;
    std::optional<Point> current_;
};

}  // namespace

HWNAS_PLUGIN(hwnas::strategy_plugin<SimulatedAnnealing>("simulated_annealing", "1.0.0",
                                                        "Simulated annealing over one-gene mutations (example plugin)",
                                                        R"json({
      "initial_temperature": {"type": "number", "default": 1.0, "minimum": 1e-9,
                              "description": "starting temperature, in fitness units"},
      "cooling": {"type": "number", "default": 0.99, "minimum": 0, "maximum": 1,
                  "description": "the temperature is multiplied by this after every step"}
    })json"))
