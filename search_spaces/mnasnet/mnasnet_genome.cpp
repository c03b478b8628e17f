#include "mnasnet_genome.hpp"

#include <algorithm>
#include <charconv>
#include <span>
#include <vector>

#include "hwnas/error.hpp"

namespace hwnas::mnasnet {
namespace {

constexpr std::array<std::string_view, genes_per_block> field_names{"e", "k", "l", "se"};

/// The pieces appended in order (GCC 12 warns falsely on "literal" + std::string temporaries).
template <class... Pieces>
std::string concat(const Pieces&... pieces) {
    std::string out;
    (out.append(std::string_view(pieces)), ...);
    return out;
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

[[noreturn]] void fail(std::string_view text, const std::string& what) {
    throw Error(concat("'", text, "' is not an architecture of space 'mnasnet': ", what));
}

std::string join(std::span<const int> values) {
    std::string out;
    for (const int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out;
}

std::span<const int> values_of(std::size_t block, std::size_t field) {
    switch (field) {
        case expand_gene: return expand_values;
        case kernel_gene: return kernel_values;
        default: return std::span<const int>(layer_values).first(layer_choices(block));
    }
}

std::string column_name(std::size_t block, std::size_t field) {
    return concat("block", std::to_string(block), "_", field_names[field]);
}

/// The gene of `value` for `field` of `block`, or a clear error.
Architecture::Gene gene_of(std::string_view text, std::size_t block, std::size_t field, std::string_view value) {
    if (field == se_gene) {
        if (value == "1" || value == "true" || value == "True") return se_on;
        if (value == "0" || value == "false" || value == "False") return se_off;
        fail(text, concat(column_name(block, field), " is '", value, "'; expected 1/0 (or true/false)"));
    }
    int number = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    const auto values = values_of(block, field);
    const auto found = std::find(values.begin(), values.end(), number);
    if (value.empty() || ec != std::errc{} || ptr != value.data() + value.size() || found == values.end()) {
        fail(text, concat(column_name(block, field), " is '", value, "'; expected one of ", join(values)));
    }
    return static_cast<Architecture::Gene>(found - values.begin());
}

/// The dataset's 28 block columns joined by ','.
Architecture read_columns(std::string_view text) {
    const auto fields = split(text, ',');
    if (fields.size() != num_genes) {
        fail(text, concat("expected the 28 columns block0_e,block0_k,block0_l,block0_se,...,block6_se joined by ',', "
                          "found ",
                          std::to_string(fields.size()), " fields"));
    }
    Architecture a = Architecture::zeros(num_genes);
    for (std::size_t g = 0; g < num_genes; ++g) {
        a[g] = gene_of(text, g / genes_per_block, g % genes_per_block, fields[g]);
    }
    return a;
}

/// "e6_k3_l1_se0|..." : 7 blocks of 4 fields, each field its letter(s) then the value.
Architecture read_native(std::string_view text) {
    const auto block_texts = split(text, '|');
    if (block_texts.size() != num_blocks) {
        fail(text, concat("expected 7 blocks 'e<1|4|6>_k<3|5>_l<layers>_se<1|0>' joined by '|', found ",
                          std::to_string(block_texts.size())));
    }
    Architecture a = Architecture::zeros(num_genes);
    for (std::size_t b = 0; b < num_blocks; ++b) {
        const auto fields = split(block_texts[b], '_');
        for (std::size_t f = 0; f < genes_per_block; ++f) {
            if (fields.size() != genes_per_block || !fields[f].starts_with(field_names[f])) {
                fail(text, concat("block ", std::to_string(b), " is '", block_texts[b],
                                  "'; expected e<1|4|6>_k<3|5>_l<layers>_se<1|0>, e.g. e6_k3_l2_se1"));
            }
            a[genes_per_block * b + f] = gene_of(text, b, f, fields[f].substr(field_names[f].size()));
        }
    }
    return a;
}

}  // namespace

bool in_range(const Architecture& a) noexcept {
    if (a.size() != num_genes) return false;
    for (std::size_t b = 0; b < num_blocks; ++b) {
        const std::size_t g = genes_per_block * b;
        if (a[g + expand_gene] >= expand_values.size() || a[g + kernel_gene] >= kernel_values.size() ||
            a[g + layers_gene] >= layer_choices(b) || a[g + se_gene] > se_off) {
            return false;
        }
    }
    return true;
}

std::string format_blocks(const Architecture& a) {
    std::string out;
    for (std::size_t b = 0; b < num_blocks; ++b) {
        if (b != 0) out.push_back('|');
        out += concat("e", std::to_string(expand_of(a, b)), "_k", std::to_string(kernel_of(a, b)), "_l",
                      std::to_string(layers_of(a, b)), se_of(a, b) ? "_se1" : "_se0");
    }
    return out;
}

std::optional<Architecture> parse_blocks(std::string_view text) {
    if (text.find(',') != std::string_view::npos) return read_columns(text);
    if (text.starts_with('e')) return read_native(text);
    return std::nullopt;
}

}  // namespace hwnas::mnasnet
