#include "block_lut_provider.hpp"

#include <string>

#include "hwnas/error.hpp"

namespace hwnas::block_lut {
namespace {

const SearchSpace& require_space(const PluginContext& context) {
    if (context.space == nullptr) throw Error("the block_lut provider needs the experiment's search space");
    return *context.space;
}

BlockLut load(const PluginContext& context) {
    const auto& params = context.params;
    if (!params.is_object() || !params.contains("file")) {
        throw Error("block_lut: parameter 'file' is required: the LUT to read (see docs/block-lut-format.md)");
    }
    const auto& file = params.at("file");
    if (!file.is_string() || file.get<std::string>().empty()) {
        throw Error("block_lut: parameter 'file' must name a LUT file (see docs/block-lut-format.md)");
    }
    return read_block_lut(context.resolve(file.get<std::string>()));
}

/// A LUT is made for one space (its keys) and, usually, one dataset (the shapes in its keys).
void check_matches(const BlockLut& lut, const SearchSpace& space, const std::string& dataset) {
    if (lut.space != space.name()) {
        throw Error(lut.file.string() + ": /space: the LUT is for space '" + lut.space + "', the experiment's space is '" +
                    std::string(space.name()) + "'");
    }
    if (!lut.dataset.empty() && !dataset.empty() && lut.dataset != dataset) {
        throw Error(lut.file.string() + ": /dataset: the LUT is for dataset '" + lut.dataset +
                    "', the experiment's dataset is '" + dataset + "'");
    }
}

}  // namespace

BlockLutProvider::BlockLutProvider(const PluginContext& context) : space_(require_space(context)), lut_(load(context)) {
    check_matches(lut_, space_, context.dataset);
}

void BlockLutProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids,
                                std::span<double> out) const {
    const std::size_t metric_count = lut_.metrics.size();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] >= metric_count) {
            throw Error("block_lut: metric id " + std::to_string(ids[i]) + " is out of range (the LUT " +
                        lut_.file.string() + " has " + std::to_string(metric_count) + " metrics)");
        }
        out[i] = 0.0;
    }
    const Network network = space_.network(arch);
    std::size_t keyed = 0;
    for (std::size_t layer = 0; layer < network.layers.size(); ++layer) {
        const std::string& key = network.layers[layer].key;
        if (key.empty()) continue;
        const auto row = lut_.row(key);
        if (!row) fail_missing_key(arch, layer, key);
        const double* values = lut_.values.data() + *row * metric_count;
        for (std::size_t i = 0; i < ids.size(); ++i) out[i] += values[ids[i]];
        ++keyed;
    }
    if (keyed == 0) {
        throw Error("block_lut: the network of " + qualified_name(space_, arch) +
                    " has no layer with a LUT key: space '" + std::string(space_.name()) +
                    "' does not key its layers, so a block LUT cannot price it");
    }
    if (lut_.has_offset) {
        for (std::size_t i = 0; i < ids.size(); ++i) out[i] += lut_.offsets[ids[i]];
    }
}

void BlockLutProvider::fail_missing_key(const Architecture& arch, std::size_t layer, const std::string& key) const {
    throw Error("block_lut: no entry for key '" + key + "' (layer " + std::to_string(layer) + " of " +
                space_.to_string(arch) + ", " + qualified_name(space_, arch) + ") in the LUT " + lut_.file.string() +
                " (" + std::to_string(lut_.keys.size()) + " entries, space '" + lut_.space + "'" +
                (lut_.dataset.empty() ? "" : ", dataset '" + lut_.dataset + "'") + ")");
}

}  // namespace hwnas::block_lut
