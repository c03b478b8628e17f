#include "mnasnet_space.hpp"

#include "hwnas/error.hpp"
#include "mnasnet_genome.hpp"

namespace hwnas::mnasnet {
namespace {

std::vector<std::string> labels_of(std::span<const int> values) {
    std::vector<std::string> labels;
    for (const int v : values) labels.push_back(std::to_string(v));
    return labels;
}

std::vector<Dimension> make_dimensions() {
    std::vector<Dimension> dims;
    for (std::size_t b = 0; b < num_blocks; ++b) {
        const std::string block = "block" + std::to_string(b);
        dims.push_back({block + "_e", labels_of(expand_values)});
        dims.push_back({block + "_k", labels_of(kernel_values)});
        dims.push_back({block + "_l", labels_of(std::span<const int>(layer_values).first(layer_choices(b)))});
        dims.push_back({block + "_se", {"on", "off"}});
    }
    return dims;
}

MacroConfig macro_from(const nlohmann::json& params) {
    MacroConfig macro;
    if (!params.is_object()) return macro;
    if (params.contains("input_size")) {
        const auto& value = params.at("input_size");
        if (!value.is_number_integer() || value.get<int>() < 32 || value.get<int>() > 1024) {
            throw Error("space 'mnasnet': parameter 'input_size' must be an integer 32..1024, found " + value.dump());
        }
        macro.input_size = value.get<int>();
    }
    if (params.contains("activation")) {
        const auto& value = params.at("activation");
        if (!value.is_string() || (value != "swish" && value != "relu")) {
            throw Error("space 'mnasnet': parameter 'activation' must be \"swish\" or \"relu\", found " + value.dump());
        }
        macro.activation = value.get<std::string>();
    }
    return macro;
}

std::string syntax_help() {
    return "expected 7 blocks 'e<1|4|6>_k<3|5>_l<layers>_se<1|0>' joined by '|' (e.g. "
           "'e1_k3_l1_se1|e6_k3_l2_se1|e6_k5_l2_se1|e6_k3_l3_se1|e6_k5_l3_se1|e6_k5_l4_se1|e6_k3_l1_se1'), "
           "the dataset's 28 block columns joined by ',', or 28 genes joined by '-'";
}

}  // namespace

MnasnetSpace::MnasnetSpace(const PluginContext& context)
    : dimensions_(make_dimensions()), macro_(macro_from(context.params)) {}

void MnasnetSpace::require_arch(const Architecture& arch, std::string_view what) const {
    if (in_range(arch)) return;
    throw Error("space 'mnasnet': " + std::string(what) + " needs 28 genes within their dimensions, got '" +
                to_genes_string(arch) + "'");
}

std::string MnasnetSpace::to_string(const Architecture& arch) const {
    require_arch(arch, "to_string()");
    return format_blocks(arch);
}

Architecture MnasnetSpace::parse(std::string_view text) const {
    std::string_view body = text;
    if (body.starts_with("mnasnet:")) body.remove_prefix(8);
    if (auto blocks = parse_blocks(body)) return *blocks;
    if (parse_genes_string(body)) return SearchSpace::parse(body);
    throw Error("'" + std::string(text) + "' is not an architecture of space 'mnasnet': " + syntax_help());
}

void MnasnetSpace::encode(const Architecture& arch, Encoding encoding, std::span<double> out) const {
    if (encoding != Encoding::features) {
        SearchSpace::encode(arch, encoding, out);
        return;
    }
    for (std::size_t b = 0; b < num_blocks; ++b) {
        out[genes_per_block * b + expand_gene] = expand_of(arch, b);
        out[genes_per_block * b + kernel_gene] = kernel_of(arch, b);
        out[genes_per_block * b + layers_gene] = layers_of(arch, b);
        out[genes_per_block * b + se_gene] = se_of(arch, b) ? 1.0 : 0.0;
    }
}

Network MnasnetSpace::network(const Architecture& arch) const {
    require_arch(arch, "network()");
    return build_network(arch, macro_);
}

}  // namespace hwnas::mnasnet
