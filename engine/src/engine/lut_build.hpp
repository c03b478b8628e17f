#pragma once
// Building a block look-up table by measuring every block of a space once
// (`hwnas lut build`, docs/live-cpu.md).
//
// A block is a keyed layer of SearchSpace::network(arch) together with the
// unkeyed layers after it (the space says those belong to the keyed block,
// e.g. OFA's first block: depthwise conv keyed, pointwise conv and add not).
// That is exactly what the block_lut provider prices under the key.
//
// The blocks are measured by any cost provider through the SDK alone: the
// provider is made over a BlockSpace, a space whose architecture i stands for
// block i, so a provider that times `network(arch)` (live_cpu) times one
// block. No plugin header is needed and the SDK is unchanged.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/lut_fit.hpp"
#include "hwnas/cost_provider.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

/// The block starting at keyed layer `first` of `network`: that layer and the
/// unkeyed layers after it, as a network of its own whose input is the
/// layer's input. Inputs before `first` become the network input (-1).
Network block_network(const Network& network, std::size_t first);

struct KeyedBlock {
    std::string key;
    Network network;
};

struct BlockSearchOptions {
    std::uint64_t seed = 0;         ///< seeds the base architectures
    std::size_t stall = 200;        ///< stop after this many bases in a row found no new key
    std::size_t max_bases = 100000; ///< give up (error) after this many bases
};

struct BlockCollection {
    std::vector<KeyedBlock> blocks;  ///< one per distinct key, sorted by key
    std::size_t bases = 0;           ///< base architectures tried
    std::size_t networks = 0;        ///< networks built (bases and their one-gene variants)
    std::size_t last_new_base = 0;   ///< 1-based index of the last base that found a new key
};

/// Every distinct key of the space, found by varying one gene at a time
/// through all its values from seeded random bases (canonicalised; invalid
/// variants skipped) until `stall` bases in a row add no key. Exact in one
/// base when each key depends on one gene (FBNet); for keys that depend on
/// several genes (OFA: resolution x kernel x expansion) it is a coverage
/// check, as stated in the LUT's provenance. Throws if the space has no
/// keyed layer, or if one key stands for two different blocks.
BlockCollection collect_blocks(const SearchSpace& space, const BlockSearchOptions& options);

/// A one-gene space whose architecture {i} has block i's network.
class BlockSpace : public SearchSpace {
public:
    BlockSpace(std::string name, const std::vector<KeyedBlock>& blocks);

    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return {&dimension_, 1}; }
    [[nodiscard]] std::string to_string(const Architecture& arch) const override;
    [[nodiscard]] Network network(const Architecture& arch) const override;

private:
    std::string name_;
    Dimension dimension_;
    const std::vector<KeyedBlock>& blocks_;
};

/// Prices blocks 0..count-1 with metrics `ids` of `provider` (made over a
/// BlockSpace), one evaluate() each, in key order: row-major values,
/// values[block * ids.size() + i]. `progress(done, total)` is called after each.
std::vector<double> measure_blocks(const CostProvider& provider, std::span<const std::size_t> ids, std::size_t count,
                                   const std::function<void(std::size_t, std::size_t)>& progress);

/// A LUT from measured block values (row-major as measure_blocks returns them).
FittedLut measured_lut(const std::string& space, const std::string& dataset, const std::vector<std::string>& metrics,
                       const std::vector<KeyedBlock>& blocks, const std::vector<double>& values);

}  // namespace hwnas::engine
