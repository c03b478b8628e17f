#include "surrogate_provider.hpp"

#include "hwnas/error.hpp"

namespace hwnas::surrogate {

SurrogateProvider::SurrogateProvider(const PluginContext& context) : space_([&]() -> const SearchSpace& {
    if (context.space == nullptr) throw Error("surrogate: needs the experiment's space");
    return *context.space;
}()) {
    const auto& models = context.params.at("models");
    if (!models.is_array() || models.empty()) {
        throw Error("surrogate: parameter 'models': expected a non-empty array of model files, found " + models.dump());
    }
    for (std::size_t i = 0; i < models.size(); ++i) {
        if (!models[i].is_string()) {
            throw Error("surrogate: parameter 'models/" + std::to_string(i) + "': expected a file name, found " + models[i].dump());
        }
        models_.emplace_back(context.resolve(models[i].get<std::string>()), space_);
        const MetricInfo& metric = models_.back().metric();
        for (const auto& earlier : metrics_) {
            if (earlier.name == metric.name) {
                throw Error("surrogate: parameter 'models/" + std::to_string(i) + "': a second model of metric '" +
                            metric.name + "'; give one model per metric");
            }
        }
        metrics_.push_back(metric);
    }
}

void SurrogateProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const {
    for (std::size_t i = 0; i < ids.size(); ++i) out[i] = models_.at(ids[i]).predict(space_, std::span(&arch, 1))[0];
}

std::vector<double> SurrogateProvider::predict(std::span<const Architecture> archs, std::size_t id) const {
    return models_.at(id).predict(space_, archs);
}

}  // namespace hwnas::surrogate
