#pragma once
// NAS-Bench-201: 6 edges of a 4-node cell, 5 operations each (15625 cells).
//
// Genes are the edge operations in arch-string order (see nb201_cell.hpp).
// index()/from_index() follow the official NB201 numbering (the row order of
// its benchmark files) unless the parameter index_order is "lexicographic".
// Sampling and the one-hot encoding are the SDK's defaults: every 6-gene
// combination is a distinct NB201 entry, so there is nothing to canonicalise.
// Mutation and crossover are the SDK's too, with the same random draws, but
// written for 6 x 5 constants: they run once per evaluation in a search.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"
#include "nb201_index.hpp"

namespace hwnas::nb201 {

class Nb201Space : public SearchSpace {
public:
    /// Parameters: index_order ("official" | "lexicographic"), index_file
    /// (table with `index`, `arch_str`; resolved with PluginContext::resolve).
    explicit Nb201Space(const PluginContext& context);

    [[nodiscard]] std::string_view name() const override { return "nb201"; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return dimensions_; }

    [[nodiscard]] std::uint64_t index(const Architecture& arch) const override;
    [[nodiscard]] Architecture from_index(std::uint64_t i) const override;

    /// `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`
    [[nodiscard]] std::string to_string(const Architecture& arch) const override;
    /// The native string, or the genes form "3-3-4-1-3-1" / "nb201:3-3-4-1-3-1".
    [[nodiscard]] Architecture parse(std::string_view text) const override;

    [[nodiscard]] Network network(const Architecture& arch) const override;

    /// SearchSpace::mutate's result and draws: one edge gets another operation.
    [[nodiscard]] Architecture mutate(const Architecture& arch, Rng& rng) const override;
    /// SearchSpace::crossover's result and draws: each edge from either parent.
    [[nodiscard]] Architecture crossover(const Architecture& a, const Architecture& b, Rng& rng) const override;

private:
    std::vector<Dimension> dimensions_;
    /// Null with index_order "lexicographic"; shared by the spaces of a batch.
    std::shared_ptr<const OfficialIndex> official_;
    std::string dataset_;
};

}  // namespace hwnas::nb201
