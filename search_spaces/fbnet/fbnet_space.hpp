#pragma once
// FBNet space of HW-NAS-Bench: 22 searchable layers, 9 candidate blocks each.
//
// Gene i is the block of layer i, in the API's block order (fbnet_macro.hpp),
// so the genes form "7-8-1-...-5" is HW-NAS-Bench's op_idx_list and HELP's
// `arch` column. Every combination is a distinct network (9^22, too many to
// enumerate in 64 bits); sampling, mutation and crossover are the SDK's.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fbnet_macro.hpp"
#include "hwnas/plugin.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::fbnet {

class FbnetSpace : public SearchSpace {
public:
    /// Parameter: dataset_macro ("auto" | "cifar100" | "ImageNet"), see plugin.cpp.
    explicit FbnetSpace(const PluginContext& context);

    [[nodiscard]] std::string_view name() const override { return "fbnet"; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return dimensions_; }

    /// The 22 block names joined by '|', e.g. "k3_e1|skip|k5_e6|...".
    [[nodiscard]] std::string to_string(const Architecture& arch) const override;
    /// The native string, the genes form "7-8-1-..." (optionally "fbnet:"-prefixed),
    /// or a Python list "[7, 8, 1, ...]" as HW-NAS-Bench prints op_idx_list.
    [[nodiscard]] Architecture parse(std::string_view text) const override;

    /// features: per layer (kernel, expansion, groups), all 0 for skip (66 numbers).
    [[nodiscard]] std::size_t encoding_size(Encoding encoding) const override;
    void encode(const Architecture& arch, Encoding encoding, std::span<double> out) const override;

    [[nodiscard]] Network network(const Architecture& arch) const override;

    [[nodiscard]] const MacroConfig& macro() const noexcept { return *macro_; }

private:
    void require_arch(const Architecture& arch, std::string_view what) const;
    [[nodiscard]] Architecture parse_names(std::string_view text, std::string_view original) const;
    [[nodiscard]] Architecture parse_python_list(std::string_view text, std::string_view original) const;

    std::vector<Dimension> dimensions_;
    const MacroConfig* macro_;
};

}  // namespace hwnas::fbnet
