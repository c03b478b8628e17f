// op_cost: a whole hwnas cost-provider plugin in one file.
//
// A per-operation cost model a user writes down from a few measurements:
// the cost of an architecture is the sum, over its decisions, of the cost of
// the chosen label ("nor_conv_3x3": 0.8 ms, "skip_connect": 0.05 ms, ...).
// Works with any space; labels the model does not name cost `default_cost`.
#include <hwnas/plugin.hpp>
#include <string>
#include <vector>

namespace {

class OpCost final : public hwnas::CostProvider {
public:
    explicit OpCost(const hwnas::PluginContext& context)
        : metrics_{{context.params.at("metric").get<std::string>(), context.params.at("unit").get<std::string>(),
                    hwnas::Direction::lower_is_better, "sum of per-operation costs (op_cost model)"}} {
        if (context.space == nullptr) throw hwnas::Error("op_cost needs the experiment's search space");
        const nlohmann::json& costs = context.params.at("costs");
        const double fallback = context.params.at("default_cost").get<double>();
        // One cost per (decision, choice), looked up once here so evaluate is a sum.
        for (const hwnas::Dimension& dimension : context.space->dimensions()) {
            std::vector<double> row;
            for (const std::string& label : dimension.labels) {
                const auto it = costs.find(label);
                if (it != costs.end() && !it->is_number()) {
                    throw hwnas::Error("op_cost: /costs/" + label + " must be a number, found " + it->dump());
                }
                row.push_back(it == costs.end() ? fallback : it->get<double>());
            }
            cost_.push_back(std::move(row));
        }
    }

    std::span<const hwnas::MetricInfo> metrics() const override { return metrics_; }

    void evaluate(const hwnas::Architecture& arch, std::span<const std::size_t> /*ids: only one metric*/,
                  std::span<double> out) const override {
        double total = 0.0;
        for (std::size_t i = 0; i < cost_.size(); ++i) total += cost_[i][arch[i]];
        out[0] = total;
    }

private:
    std::vector<hwnas::MetricInfo> metrics_;
    std::vector<std::vector<double>> cost_;  // [decision][choice]
};

}  // namespace

HWNAS_PLUGIN(hwnas::provider_plugin<OpCost>("op_cost", "1.0.0",
                                            "Sum of per-operation costs from a user's table (example plugin)",
                                            R"json({
      "costs": {"type": "object", "description": "choice label -> cost, e.g. {\"nor_conv_3x3\": 0.8}"},
      "default_cost": {"type": "number", "default": 0.0, "description": "cost of labels not in costs"},
      "metric": {"type": "string", "default": "op_cost", "description": "name of the metric"},
      "unit": {"type": "string", "default": "ms", "description": "unit of the costs"}
    })json"))
