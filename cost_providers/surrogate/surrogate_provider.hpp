#pragma once
// SurrogateProvider: metrics predicted by XGBoost surrogates trained with
// `hwnas fit` (one file per metric, docs/surrogate-format.md).
#include <span>
#include <vector>

#include "hwnas/cost_provider.hpp"
#include "hwnas/plugin.hpp"
#include "surrogate_model.hpp"

namespace hwnas::surrogate {

class SurrogateProvider : public CostProvider {
public:
    /// Parameter: models (array of files, resolved with PluginContext::resolve).
    explicit SurrogateProvider(const PluginContext& context);

    [[nodiscard]] std::span<const MetricInfo> metrics() const override { return metrics_; }
    void evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const override;

    /// Metric `id` of every architecture in one XGBoost call; thread-safe.
    [[nodiscard]] std::vector<double> predict(std::span<const Architecture> archs, std::size_t id) const;

private:
    const SearchSpace& space_;
    std::vector<SurrogateModel> models_;
    std::vector<MetricInfo> metrics_;
};

}  // namespace hwnas::surrogate
