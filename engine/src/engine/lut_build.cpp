#include "engine/lut_build.hpp"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::engine {
namespace {

/// Everything about a block network that a measurement depends on, so two
/// blocks under one key can be told apart.
std::string signature(const Network& net) {
    std::string s = fmt::format("in {}x{}", net.input_channels, net.input_size);
    for (const Layer& l : net.layers) {
        s += fmt::format("|{} {}>{} @{} k{} s{} g{} e{} se{}:{} bn{} r{} {} [", static_cast<int>(l.op), l.in_channels,
                         l.out_channels, l.input_size, l.kernel, l.stride, l.groups, l.expand, l.squeeze_excite,
                         l.se_channels, l.batch_norm, l.residual, l.activation);
        for (const int i : l.inputs) s += fmt::format("{},", i);
        s += "]";
    }
    return s;
}

struct Collector {
    std::map<std::string, std::pair<Network, std::string>> blocks;  ///< key -> network, signature

    /// Adds the blocks of `net`; returns how many keys were new.
    std::size_t add(const Network& net, const SearchSpace& space, const Architecture& arch) {
        std::size_t added = 0;
        for (std::size_t i = 0; i < net.layers.size(); ++i) {
            const std::string& key = net.layers[i].key;
            if (key.empty()) continue;
            Network block = block_network(net, i);
            std::string sig = signature(block);
            const auto [it, inserted] = blocks.try_emplace(key, std::move(block), std::move(sig));
            if (inserted) {
                ++added;
            } else if (it->second.second != signature(block_network(net, i))) {
                throw Error("space '" + std::string(space.name()) + "': key '" + key + "' stands for two different "
                            "blocks (layer " + std::to_string(i) + " of " + qualified_name(space, arch) +
                            " differs from an earlier one), so a block LUT cannot price it");
            }
        }
        return added;
    }
};

}  // namespace

Network block_network(const Network& network, std::size_t first) {
    if (first >= network.layers.size()) {
        throw Error("block_network: layer " + std::to_string(first) + " is out of range");
    }
    const Layer& head = network.layers[first];
    Network block;
    block.input_channels = head.in_channels;
    block.input_size = head.input_size;
    block.num_classes = network.num_classes;
    for (std::size_t i = first; i < network.layers.size(); ++i) {
        if (i > first && !network.layers[i].key.empty()) break;
        Layer layer = network.layers[i];
        for (int& input : layer.inputs) input = input < static_cast<int>(first) ? -1 : input - static_cast<int>(first);
        if (i == first && layer.inputs.empty()) layer.inputs = {-1};
        block.layers.push_back(std::move(layer));
    }
    return block;
}

BlockCollection collect_blocks(const SearchSpace& space, const BlockSearchOptions& options) {
    Collector collector;
    BlockCollection out;
    Rng rng = Rng::derive(options.seed, "lut-build/bases");
    const auto dims = space.dimensions();
    std::size_t without_new = 0;
    while (without_new < options.stall) {
        if (out.bases == options.max_bases) {
            throw Error(fmt::format("space '{}': still finding new keys after {} base architectures ({} keys); "
                                    "raise --max-bases",
                                    space.name(), out.bases, collector.blocks.size()));
        }
        const Architecture base = space.sample(rng);
        ++out.bases;
        std::size_t added = collector.add(space.network(base), space, base);
        ++out.networks;
        for (std::size_t g = 0; g < dims.size(); ++g) {
            for (std::size_t v = 0; v < dims[g].size(); ++v) {
                if (v == base[g]) continue;
                Architecture variant = base;
                variant[g] = static_cast<Architecture::Gene>(v);
                space.canonicalize(variant);
                if (!space.is_valid(variant)) continue;
                added += collector.add(space.network(variant), space, variant);
                ++out.networks;
            }
        }
        if (added > 0) {
            out.last_new_base = out.bases;
            without_new = 0;
        } else {
            ++without_new;
        }
    }
    if (collector.blocks.empty()) {
        throw Error("space '" + std::string(space.name()) +
                    "' does not key its layers (Layer::key), so it has no blocks to put in a LUT");
    }
    for (auto& [key, value] : collector.blocks) out.blocks.push_back({key, std::move(value.first)});
    return out;
}

BlockSpace::BlockSpace(std::string name, const std::vector<KeyedBlock>& blocks)
    : name_(std::move(name)), blocks_(blocks) {
    if (blocks.empty() || blocks.size() > 65536) {
        throw Error("BlockSpace: " + std::to_string(blocks.size()) + " blocks; expected 1..65536");
    }
    dimension_.name = "block";
    for (const auto& b : blocks) dimension_.labels.push_back(b.key);
}

std::string BlockSpace::to_string(const Architecture& arch) const {
    return arch.size() == 1 && arch[0] < blocks_.size() ? blocks_[arch[0]].key : to_genes_string(arch);
}

Network BlockSpace::network(const Architecture& arch) const {
    check_valid(arch, to_genes_string(arch));
    return blocks_[arch[0]].network;
}

std::vector<double> measure_blocks(const CostProvider& provider, std::span<const std::size_t> ids, std::size_t count,
                                   const std::function<void(std::size_t, std::size_t)>& progress) {
    std::vector<double> values(count * ids.size());
    for (std::size_t i = 0; i < count; ++i) {
        const Architecture arch{static_cast<Architecture::Gene>(i)};
        provider.evaluate(arch, ids, std::span<double>(values.data() + i * ids.size(), ids.size()));
        if (progress) progress(i + 1, count);
    }
    return values;
}

FittedLut measured_lut(const std::string& space, const std::string& dataset, const std::vector<std::string>& metrics,
                       const std::vector<KeyedBlock>& blocks, const std::vector<double>& values) {
    if (values.size() != blocks.size() * metrics.size()) {
        throw Error("measured_lut: one value per block and metric is needed");
    }
    FittedLut lut;
    lut.space = space;
    lut.dataset = dataset;
    lut.metrics = metrics;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        lut.rows.emplace(blocks[i].key, i);
        lut.keys.push_back(blocks[i].key);
    }
    lut.entries = values;
    return lut;
}

}  // namespace hwnas::engine
