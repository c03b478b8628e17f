#include "nb201_cell.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "hwnas/error.hpp"

namespace hwnas::nb201 {
namespace {

/// Edit distance (insertions, deletions, substitutions), for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
        }
    }
    return row[b.size()];
}

/// " (did you mean 'x'?)" naming the closest operations, or "" if none is close.
std::string did_you_mean(std::string_view name) {
    std::array<std::size_t, num_ops> distance{};
    for (std::size_t op = 0; op < num_ops; ++op) distance[op] = edit_distance(name, op_names[op]);
    const std::size_t best = *std::min_element(distance.begin(), distance.end());
    if (best > std::max<std::size_t>(2, name.size() / 3)) return "";
    std::string names;
    for (std::size_t op = 0; op < num_ops; ++op) {
        if (distance[op] != best) continue;
        names += (names.empty() ? "'" : " or '") + std::string(op_names[op]) + "'";
    }
    return " (did you mean " + names + "?)";
}

std::string all_op_names() {
    std::string out;
    for (const auto name : op_names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

std::string edge_label(int from, int to) { return std::to_string(from) + "->" + std::to_string(to); }

std::string plural_edges(int n) { return std::to_string(n) + (n == 1 ? " incoming edge" : " incoming edges"); }

/// Reads `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` left to right, so that every
/// error can say at which column it expected what. The messages are built
/// only on failure: tables parse 15625 keys per file, and building them on
/// every step made parsing five times slower.
class CellParser {
public:
    explicit CellParser(std::string_view text) : text_(text) {}

    Architecture parse() {
        Architecture arch = Architecture::zeros(num_edges);
        std::size_t gene = 0;
        for (int node = 1; node < static_cast<int>(num_nodes); ++node) {
            if (node > 1) {
                expect('+', [&] {
                    return "'+' starting the group of node " + std::to_string(node) + " (node " +
                           std::to_string(node - 1) + " has " + plural_edges(node - 1) + "; a cell string has 3 groups)";
                });
            }
            expect('|', [&] { return "'|' opening the group of node " + std::to_string(node); });
            for (int from = 0; from < node; ++from) {
                arch[gene++] = read_op(from, node);
                expect('~', [&] { return "'~' and the input node of edge " + edge_label(from, node); });
                read_input(from, node);
                expect('|', [&] { return "'|' closing edge " + edge_label(from, node); });
            }
        }
        if (pos_ != text_.size()) fail("the end of the string (a cell string has 3 groups)", found_here());
        return arch;
    }

private:
    [[noreturn]] void fail(const std::string& expected, const std::string& found) const {
        // Appended piece by piece: "'" + std::string(...) draws a false
        // -Wrestrict warning from GCC 12 once inlined.
        std::string message(1, '\'');
        message += text_;
        message += "' is not a NAS-Bench-201 cell string: at column ";
        message += std::to_string(pos_ + 1);
        message += ", expected ";
        message += expected;
        message += ", found ";
        message += found;
        throw Error(message);
    }

    [[nodiscard]] std::string found_here() const {
        if (pos_ >= text_.size()) return "the end of the string";
        std::string quoted = "'";
        quoted += text_[pos_];
        return quoted + "'";
    }

    template <typename What>
    void expect(char c, What what) {
        if (pos_ >= text_.size() || text_[pos_] != c) fail(what(), found_here());
        ++pos_;
    }

    Architecture::Gene read_op(int from, int to) {
        const std::size_t end = std::min(text_.find_first_of("~|+", pos_), text_.size());
        const std::string_view name = text_.substr(pos_, end - pos_);
        const auto expected = [&] {
            return "the operation of edge " + edge_label(from, to) + " (node " + std::to_string(to) + " has " +
                   plural_edges(to) + ")";
        };
        if (name.empty()) fail(expected(), found_here());
        const auto known = std::find(op_names.begin(), op_names.end(), name);
        if (known == op_names.end()) {
            fail(expected() + ", one of " + all_op_names(),
                 "unknown operation '" + std::string(name) + "'" + did_you_mean(name));
        }
        pos_ = end;
        return static_cast<Architecture::Gene>(known - op_names.begin());
    }

    void read_input(int from, int to) {
        std::size_t end = pos_;
        while (end < text_.size() && text_[end] >= '0' && text_[end] <= '9') ++end;
        const std::string_view digits = text_.substr(pos_, end - pos_);
        const auto expected = [&] {
            return "input node " + std::to_string(from) + " ('~" + std::to_string(from) + "') of edge " + edge_label(from, to);
        };
        if (digits.empty()) fail(expected(), found_here());
        // Inputs are single digits (nodes 0..2).
        if (digits.size() != 1 || digits[0] != static_cast<char>('0' + from)) {
            --pos_;  // point the column at the '~' that the quoted finding starts with
            fail(expected(), "'~" + std::string(digits) + "'");
        }
        pos_ = end;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string edge_name(std::size_t e) { return "edge " + edge_label(edges[e].from, edges[e].to); }

std::string format_cell(const Architecture& arch) {
    std::string out;
    out.reserve(90);
    int node = 1;
    for (std::size_t e = 0; e < num_edges; ++e) {
        if (edges[e].to != node) {
            out += "+";
            node = edges[e].to;
        }
        if (edges[e].from == 0) out += "|";
        out += op_names[arch[e]];
        out += "~";
        out += static_cast<char>('0' + edges[e].from);
        out += "|";
    }
    return out;
}

Architecture parse_cell(std::string_view text) { return CellParser(text).parse(); }

std::uint32_t lexicographic_code(const Architecture& arch) noexcept {
    std::uint32_t code = 0;
    for (std::size_t e = 0; e < num_edges; ++e) code = code * num_ops + arch[e];
    return code;
}

Architecture from_lexicographic_code(std::uint32_t code) noexcept {
    Architecture arch = Architecture::zeros(num_edges);
    for (std::size_t e = num_edges; e-- > 0;) {
        arch[e] = static_cast<Architecture::Gene>(code % num_ops);
        code /= num_ops;
    }
    return arch;
}

}  // namespace hwnas::nb201
