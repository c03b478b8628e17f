#include "ofa_space.hpp"

#include <algorithm>

#include "hwnas/error.hpp"

namespace hwnas::ofa {
namespace {

std::vector<std::string> labels_of(std::span<const int> values) {
    std::vector<std::string> labels;
    for (const int v : values) labels.push_back(std::to_string(v));
    return labels;
}

std::string layer_name(std::size_t layer) {
    return "stage " + std::to_string(layer / max_depth) + " layer " + std::to_string(layer % max_depth);
}

std::vector<Dimension> make_dimensions() {
    std::vector<Dimension> dims(num_genes);
    for (std::size_t layer = 0; layer < num_layers; ++layer) {
        dims[kernel_gene + layer] = {layer_name(layer) + " kernel", labels_of(kernel_values)};
        dims[expand_gene + layer] = {layer_name(layer) + " expand", labels_of(expand_values)};
    }
    for (std::size_t s = 0; s < num_stages; ++s) {
        dims[depth_gene + s] = {"stage " + std::to_string(s) + " depth", labels_of(depth_values)};
    }
    std::vector<std::string> resolutions;
    for (int r = min_resolution; r <= max_resolution; r += resolution_step) resolutions.push_back(std::to_string(r));
    dims[resolution_gene] = {"resolution", resolutions};
    return dims;
}

double width_mult_param(const nlohmann::json& params) {
    if (!params.is_object() || !params.contains("width_mult")) return 1.0;
    const auto& value = params.at("width_mult");
    if (!value.is_number() || (value.get<double>() != 1.0 && value.get<double>() != 1.2)) {
        throw Error("space 'ofa': parameter 'width_mult' must be 1.0 or 1.2, found " + value.dump());
    }
    return value.get<double>();
}

/// The genes a mutation may change: depths, resolution, and kernel and expansion of active layers.
std::size_t decisions_that_matter(const Architecture& arch, std::array<std::size_t, num_genes>& genes) {
    std::size_t n = 0;
    for (std::size_t layer = 0; layer < num_layers; ++layer) {
        if (!is_active(arch, layer)) continue;
        genes[n++] = kernel_gene + layer;
        genes[n++] = expand_gene + layer;
    }
    for (std::size_t g = depth_gene; g < num_genes; ++g) genes[n++] = g;
    return n;
}

std::string syntax_help() {
    return "expected 'ks=<20 kernels>;e=<20 expansions>;d=<5 depths>;r=<resolution>' "
           "(e.g. 'ks=7-5-3-3-...;e=6-4-3-3-...;d=2-2-2-2-3;r=204'), HELP's columns 'ks,e,d,r' joined by ',', "
           "or 46 genes joined by '-'";
}

}  // namespace

OfaSpace::OfaSpace(const PluginContext& context)
    : dimensions_(make_dimensions()), widths_(widths_for(width_mult_param(context.params))) {}

void OfaSpace::canonicalize(Architecture& arch) const {
    if (in_range(arch)) reset_inactive_layers(arch);
}

Architecture OfaSpace::mutate(const Architecture& arch, Rng& rng) const {
    require_valid(arch, "mutate()");
    std::array<std::size_t, num_genes> candidates{};
    const std::size_t n = decisions_that_matter(arch, candidates);
    const std::size_t gene = candidates[rng.below(n)];
    const std::size_t choices = dimensions_[gene].size();
    Architecture child = arch;
    child[gene] = static_cast<Architecture::Gene>((arch[gene] + 1 + rng.below(choices - 1)) % choices);
    reset_inactive_layers(child);  // a shallower stage drops its last layers
    return child;
}

void OfaSpace::require_valid(const Architecture& arch, std::string_view what) const {
    if (is_valid(arch)) return;
    throw Error("space 'ofa': " + std::string(what) + " needs a canonical 46-gene architecture, got '" +
                to_genes_string(arch) + "'");
}

std::string OfaSpace::to_string(const Architecture& arch) const {
    require_valid(arch, "to_string()");
    return format_config(arch);
}

Architecture OfaSpace::parse(std::string_view text) const {
    std::string_view body = text;
    if (body.starts_with("ofa:")) body.remove_prefix(4);
    if (auto config = parse_config(body)) return *config;
    if (parse_genes_string(body)) return parse_genes(body, text);
    throw Error("'" + std::string(text) + "' is not an architecture of space 'ofa': " + syntax_help());
}

Architecture OfaSpace::parse_genes(std::string_view text, std::string_view original) const {
    const Architecture arch = *parse_genes_string(text);
    if (in_range(arch)) {
        for (std::size_t layer = 0; layer < num_layers; ++layer) {
            if (is_active(arch, layer) || (arch[kernel_gene + layer] == 0 && arch[expand_gene + layer] == 0)) {
                continue;
            }
            throw Error("'" + std::string(original) + "' is not canonical: " + layer_name(layer) +
                        " is inactive (depth " + std::to_string(depth_of(arch, layer / max_depth)) +
                        ") so its kernel and expand genes (" + std::to_string(kernel_gene + layer) + " and " +
                        std::to_string(expand_gene + layer) + ") must be 0");
        }
    }
    check_valid(arch, original);
    return arch;
}

void OfaSpace::encode(const Architecture& arch, Encoding encoding, std::span<double> out) const {
    if (encoding == Encoding::one_hot) {
        SearchSpace::encode(arch, encoding, out);
        // Kernel and expansion dimensions come first, 3 choices each.
        for (std::size_t layer = 0; layer < num_layers; ++layer) {
            if (is_active(arch, layer)) continue;
            out[3 * (kernel_gene + layer)] = 0.0;
            out[3 * (expand_gene + layer)] = 0.0;
        }
        return;
    }
    for (std::size_t layer = 0; layer < num_layers; ++layer) {
        const bool active = is_active(arch, layer);
        out[kernel_gene + layer] = active ? kernel_of(arch, layer) : 0;
        out[expand_gene + layer] = active ? expand_of(arch, layer) : 0;
    }
    for (std::size_t s = 0; s < num_stages; ++s) out[depth_gene + s] = depth_of(arch, s);
    out[resolution_gene] = resolution_of(arch);
}

Network OfaSpace::network(const Architecture& arch) const {
    require_valid(arch, "network()");
    return build_network(arch, widths_);
}

}  // namespace hwnas::ofa
