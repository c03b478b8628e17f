#include "fbnet_space.hpp"

#include <algorithm>
#include <charconv>

#include "hwnas/error.hpp"

namespace hwnas::fbnet {
namespace {

constexpr std::size_t features_per_layer = 3;

std::vector<Dimension> make_dimensions() {
    std::vector<std::string> labels;
    for (const auto& b : blocks) labels.emplace_back(b.name);
    std::vector<Dimension> dims;
    for (std::size_t i = 0; i < num_layers; ++i) dims.push_back({"layer " + std::to_string(i), labels});
    return dims;
}

/// A string parameter, or `fallback` when absent (tests build spaces without the engine's defaults).
std::string string_param(const nlohmann::json& params, const std::string& key, std::string_view fallback) {
    if (!params.is_object() || !params.contains(key)) return std::string(fallback);
    const auto& value = params.at(key);
    if (!value.is_string()) {
        throw Error("space 'fbnet': parameter '" + key + "' must be a string, found " + value.dump());
    }
    return value.get<std::string>();
}

std::string all_block_names() {
    std::string out;
    for (const auto& b : blocks) out += (out.empty() ? "" : ", ") + std::string(b.name);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

/// Splits at every `separator`; keeps empty pieces so that their position can be reported.
std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const std::size_t at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

std::string syntax_help() {
    return "expected 22 block names joined by '|' (e.g. 'k3_e1|skip|k5_e6|...', blocks: " + all_block_names() +
           "), 22 block indices 0..8 joined by '-' (e.g. '7-8-1-...') or a list '[7, 8, 1, ...]'";
}

}  // namespace

FbnetSpace::FbnetSpace(const PluginContext& context)
    : dimensions_(make_dimensions()),
      macro_(&select_macro(string_param(context.params, "dataset_macro", "auto"), context.dataset)) {}

void FbnetSpace::require_arch(const Architecture& arch, std::string_view what) const {
    if (arch.size() == num_layers &&
        std::all_of(arch.begin(), arch.end(), [](auto gene) { return gene < num_blocks; })) {
        return;
    }
    throw Error("space 'fbnet': " + std::string(what) + " needs 22 genes in 0..8, got '" + to_genes_string(arch) +
                "'");
}

std::string FbnetSpace::to_string(const Architecture& arch) const {
    require_arch(arch, "to_string()");
    std::string out;
    for (std::size_t i = 0; i < num_layers; ++i) {
        if (i != 0) out.push_back('|');
        out += blocks[arch[i]].name;
    }
    return out;
}

Architecture FbnetSpace::parse(std::string_view text) const {
    std::string_view body = trim(text);
    if (body.starts_with("fbnet:")) body.remove_prefix(6);
    if (body.empty()) throw Error("'' is not an architecture of space 'fbnet': " + syntax_help());
    if (body.front() == '[') return parse_python_list(body, text);
    if (body.front() >= 'a' && body.front() <= 'z') return parse_names(body, text);
    if (parse_genes_string(body)) return SearchSpace::parse(body);
    throw Error("'" + std::string(text) + "' is not an architecture of space 'fbnet': " + syntax_help());
}

Architecture FbnetSpace::parse_names(std::string_view text, std::string_view original) const {
    const auto names = split(text, '|');
    if (names.size() != num_layers) {
        throw Error("'" + std::string(original) + "' has " + std::to_string(names.size()) +
                    " blocks; space 'fbnet' has 22 layers: " + syntax_help());
    }
    Architecture arch = Architecture::zeros(num_layers);
    for (std::size_t i = 0; i < num_layers; ++i) {
        const auto found = std::find_if(blocks.begin(), blocks.end(), [&](const auto& b) { return b.name == names[i]; });
        if (found == blocks.end()) {
            throw Error("'" + std::string(original) + "': layer " + std::to_string(i) + " block '" +
                        std::string(names[i]) + "' is not an FBNet block; expected one of " + all_block_names());
        }
        arch[i] = static_cast<Architecture::Gene>(found - blocks.begin());
    }
    return arch;
}

Architecture FbnetSpace::parse_python_list(std::string_view text, std::string_view original) const {
    if (text.back() != ']') {
        throw Error("'" + std::string(original) + "': a block list must end with ']': " + syntax_help());
    }
    const auto items = split(text.substr(1, text.size() - 2), ',');
    if (items.size() != num_layers) {
        throw Error("'" + std::string(original) + "' lists " + std::to_string(items.size()) +
                    " blocks; space 'fbnet' has 22 layers");
    }
    Architecture arch = Architecture::zeros(num_layers);
    for (std::size_t i = 0; i < num_layers; ++i) {
        const std::string_view item = trim(items[i]);
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
        if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size() || value >= num_blocks) {
            throw Error("'" + std::string(original) + "': item " + std::to_string(i) + " ('" + std::string(item) +
                        "') is not a block index 0..8");
        }
        arch[i] = static_cast<Architecture::Gene>(value);
    }
    return arch;
}

std::size_t FbnetSpace::encoding_size(Encoding encoding) const {
    if (encoding == Encoding::features) return num_layers * features_per_layer;
    return SearchSpace::encoding_size(encoding);
}

void FbnetSpace::encode(const Architecture& arch, Encoding encoding, std::span<double> out) const {
    if (encoding != Encoding::features) {
        SearchSpace::encode(arch, encoding, out);
        return;
    }
    for (std::size_t i = 0; i < num_layers; ++i) {
        const BlockSpec& b = blocks[arch[i]];
        out[features_per_layer * i + 0] = b.kernel;
        out[features_per_layer * i + 1] = b.expand;
        out[features_per_layer * i + 2] = b.group;
    }
}

Network FbnetSpace::network(const Architecture& arch) const {
    require_arch(arch, "network()");
    return build_network(arch, *macro_);
}

}  // namespace hwnas::fbnet
