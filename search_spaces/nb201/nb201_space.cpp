#include "nb201_space.hpp"

#include <filesystem>

#include "hwnas/error.hpp"
#include "nb201_cell.hpp"
#include "nb201_network.hpp"

namespace hwnas::nb201 {
namespace {

constexpr std::string_view default_index_file = "hw-nas-bench/nb201.csv";

std::vector<Dimension> make_dimensions() {
    std::vector<Dimension> dims;
    for (std::size_t e = 0; e < num_edges; ++e) {
        dims.push_back({edge_name(e), std::vector<std::string>(op_names.begin(), op_names.end())});
    }
    return dims;
}

/// A string parameter, or `fallback` when absent (tests build spaces without the engine's defaults).
std::string string_param(const nlohmann::json& params, const std::string& key, std::string_view fallback) {
    if (!params.is_object() || !params.contains(key)) return std::string(fallback);
    const auto& value = params.at(key);
    if (!value.is_string()) {
        throw Error("space 'nb201': parameter '" + key + "' must be a string, found " + value.dump());
    }
    return value.get<std::string>();
}

/// Cheaper than SearchSpace::is_valid (no canonical copy): used on every index().
bool is_cell(const Architecture& arch) noexcept {
    if (arch.size() != num_edges) return false;
    for (const auto gene : arch) {
        if (gene >= num_ops) return false;
    }
    return true;
}

void require_cell(const Architecture& arch, std::string_view what) {
    if (is_cell(arch)) return;
    throw Error("space 'nb201': " + std::string(what) + " needs 6 genes in 0..4, got '" + to_genes_string(arch) + "'");
}

}  // namespace

Nb201Space::Nb201Space(const PluginContext& context) : dimensions_(make_dimensions()), dataset_(context.dataset) {
    const std::string order = string_param(context.params, "index_order", "official");
    if (order == "lexicographic") return;
    if (order != "official") {
        throw Error("space 'nb201': parameter 'index_order' must be \"official\" or \"lexicographic\", found \"" +
                    order + "\"");
    }
    const auto file = context.resolve(string_param(context.params, "index_file", default_index_file));
    if (!std::filesystem::is_regular_file(file)) {
        throw Error(file.string() +
                    ": NAS-Bench-201 index file not found; index_order \"official\" reads the official "
                    "architecture numbering from it. Set --data-dir (or HWNAS_DATA_DIR) to the benchmark data "
                    "folder, point the parameter index_file at the table, or use index_order \"lexicographic\"");
    }
    const auto read = [&] { return std::make_shared<const OfficialIndex>(file); };
    official_ = context.shared != nullptr ? context.shared->get<OfficialIndex>("nb201 index\n" + file.string(), read)
                                          : read();
}

std::uint64_t Nb201Space::index(const Architecture& arch) const {
    require_cell(arch, "index()");
    const std::uint32_t code = lexicographic_code(arch);
    return official_ ? official_->official_of(code) : code;
}

Architecture Nb201Space::from_index(std::uint64_t i) const {
    if (i >= num_archs) {
        throw Error("index " + std::to_string(i) + " is out of range for space 'nb201' (0.." +
                    std::to_string(num_archs - 1) + ")");
    }
    const auto index = static_cast<std::uint32_t>(i);
    return from_lexicographic_code(official_ ? official_->code_of(index) : index);
}

std::string Nb201Space::to_string(const Architecture& arch) const {
    require_cell(arch, "to_string()");
    return format_cell(arch);
}

Architecture Nb201Space::parse(std::string_view text) const {
    std::string_view body = text;
    if (body.starts_with("nb201:")) body.remove_prefix(6);
    if (body.starts_with('|')) return parse_cell(body);
    if (parse_genes_string(body)) return SearchSpace::parse(text);
    throw Error("'" + std::string(text) +
                "' is not an architecture of space 'nb201': expected a cell string "
                "'|op~0|+|op~0|op~1|+|op~0|op~1|op~2|' (e.g. '" +
                format_cell(Architecture{3, 3, 4, 1, 3, 1}) +
                "') or 6 operations 0..4 joined by '-' (e.g. '3-3-4-1-3-1')");
}

Network Nb201Space::network(const Architecture& arch) const {
    require_cell(arch, "network()");
    return build_network(arch, macro_config(dataset_));
}

Architecture Nb201Space::mutate(const Architecture& arch, Rng& rng) const {
    // The SDK's loop takes its first attempt here (5 choices, no canonical
    // form); with the counts as constants the divisions become multiplications.
    Architecture child = arch;
    const std::size_t edge = rng.below(num_edges);
    child[edge] = static_cast<Architecture::Gene>((child[edge] + 1 + rng.below(num_ops - 1)) % num_ops);
    return child;
}

Architecture Nb201Space::crossover(const Architecture& a, const Architecture& b, Rng& rng) const {
    return uniform_crossover(a, b, rng);  // every cell is canonical: no canonicalize() call
}

}  // namespace hwnas::nb201
