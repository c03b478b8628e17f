#include "ofa_genome.hpp"

#include <algorithm>
#include <charconv>
#include <span>
#include <vector>

#include "hwnas/error.hpp"

namespace hwnas::ofa {
namespace {

/// One part of the config: its name, how many values and which values it takes.
struct Part {
    std::string_view name;
    std::string_view what;  ///< for messages, e.g. "kernel sizes"
    std::size_t count;
    std::size_t first_gene;
    std::span<const int> values;  ///< empty for the resolution (a range)
};

constexpr std::array<std::string_view, 4> part_names{"ks", "e", "d", "r"};

std::array<Part, 4> parts() {
    return {{{"ks", "kernel sizes", num_layers, kernel_gene, kernel_values},
             {"e", "expansion ratios", num_layers, expand_gene, expand_values},
             {"d", "stage depths", num_stages, depth_gene, depth_values},
             {"r", "resolution", 1, resolution_gene, {}}}};
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    while (true) {
        const std::size_t at = text.find(separator);
        pieces.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return pieces;
        text.remove_prefix(at + 1);
    }
}

std::string join(std::span<const int> values) {
    std::string out;
    for (const int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out;
}

std::string join_genes(const Architecture& a, std::size_t first, std::size_t count, std::span<const int> values) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i != 0) out.push_back('-');
        out += std::to_string(values[a[first + i]]);
    }
    return out;
}

/// The pieces appended in order (GCC 12 warns falsely on "literal" + std::string temporaries).
template <class... Pieces>
std::string concat(const Pieces&... pieces) {
    std::string out;
    (out.append(std::string_view(pieces)), ...);
    return out;
}

[[noreturn]] void fail(std::string_view text, const std::string& what) {
    throw Error(concat("'", text, "' is not an architecture of space 'ofa': ", what));
}

/// The gene of `value` in `part`, or a clear error.
Architecture::Gene gene_of(std::string_view text, const Part& part, std::size_t position, std::string_view field) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    const bool is_number = !field.empty() && ec == std::errc{} && ptr == field.data() + field.size();
    if (part.values.empty()) {
        if (is_number && value >= min_resolution && value <= max_resolution &&
            (value - min_resolution) % resolution_step == 0) {
            return static_cast<Architecture::Gene>((value - min_resolution) / resolution_step);
        }
        fail(text, concat("'r' is '", field, "'; expected a resolution 128..224 in steps of 4"));
    }
    const auto found = std::find(part.values.begin(), part.values.end(), value);
    if (!is_number || found == part.values.end()) {
        fail(text, concat("'", part.name, "' entry ", std::to_string(position), " is '", field,
                          "'; expected one of ", join(part.values)));
    }
    return static_cast<Architecture::Gene>(found - part.values.begin());
}

void read_part(std::string_view text, const Part& part, std::string_view value, Architecture& a) {
    const auto fields = split(value, '-');
    if (fields.size() != part.count) {
        fail(text, concat("'", part.name, "' needs ", std::to_string(part.count), " ", part.what,
                          " joined by '-', found ", std::to_string(fields.size())));
    }
    for (std::size_t i = 0; i < part.count; ++i) a[part.first_gene + i] = gene_of(text, part, i, fields[i]);
}

/// "ks=...;e=...;d=...;r=..." in any order, every key once.
Architecture read_named(std::string_view text) {
    const auto all = parts();
    std::array<std::optional<std::string_view>, 4> values{};
    for (const auto piece : split(text, ';')) {
        const std::size_t eq = piece.find('=');
        const std::string_view key = piece.substr(0, eq);
        const auto known = std::find(part_names.begin(), part_names.end(), key);
        if (eq == std::string_view::npos || known == part_names.end()) {
            fail(text, concat("'", piece, "' is not one of ks=..., e=..., d=..., r=... (parts joined by ';')"));
        }
        auto& slot = values[static_cast<std::size_t>(known - part_names.begin())];
        if (slot) fail(text, concat("'", key, "' is given twice"));
        slot = piece.substr(eq + 1);
    }
    Architecture a = Architecture::zeros(num_genes);
    for (std::size_t p = 0; p < all.size(); ++p) {
        if (!values[p]) fail(text, concat("'", all[p].name, "=' is missing; expected ks=...;e=...;d=...;r=..."));
        read_part(text, all[p], *values[p], a);
    }
    return a;
}

/// HELP's columns ks,e,d,r joined by ','.
Architecture read_columns(std::string_view text) {
    const auto all = parts();
    const auto columns = split(text, ',');
    if (columns.size() != all.size()) {
        fail(text, concat("expected the 4 columns ks,e,d,r of HELP's ofa_latency.csv joined by ',', found ",
                          std::to_string(columns.size()), " fields"));
    }
    Architecture a = Architecture::zeros(num_genes);
    for (std::size_t p = 0; p < all.size(); ++p) read_part(text, all[p], columns[p], a);
    return a;
}

}  // namespace

bool in_range(const Architecture& a) noexcept {
    if (a.size() != num_genes) return false;
    for (std::size_t g = 0; g < resolution_gene; ++g) {
        if (a[g] >= 3) return false;
    }
    return a[resolution_gene] < num_resolutions;
}

void reset_inactive_layers(Architecture& a) noexcept {
    for (std::size_t layer = 0; layer < num_layers; ++layer) {
        if (is_active(a, layer)) continue;
        a[kernel_gene + layer] = 0;
        a[expand_gene + layer] = 0;
    }
}

std::string format_config(const Architecture& a) {
    return "ks=" + join_genes(a, kernel_gene, num_layers, kernel_values) +
           ";e=" + join_genes(a, expand_gene, num_layers, expand_values) +
           ";d=" + join_genes(a, depth_gene, num_stages, depth_values) + ";r=" + std::to_string(resolution_of(a));
}

std::optional<Architecture> parse_config(std::string_view text) {
    std::optional<Architecture> a;
    if (text.find('=') != std::string_view::npos) {
        a = read_named(text);
    } else if (text.find(',') != std::string_view::npos) {
        a = read_columns(text);
    } else {
        return std::nullopt;
    }
    reset_inactive_layers(*a);
    return a;
}

}  // namespace hwnas::ofa
