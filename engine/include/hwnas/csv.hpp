#pragma once
// A small CSV reader for plugins that load tables (comma separated, first
// line a header, no quoted commas). Every error names the file, the line and
// the column, what was expected and what was found.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/error.hpp"

namespace hwnas {

class CsvFile {
public:
    /// Reads the whole file. Throws hwnas::Error if it is missing or has no header.
    explicit CsvFile(std::filesystem::path path) : path_(std::move(path)) {
        std::ifstream in(path_, std::ios::binary | std::ios::ate);
        if (!in) throw Error(path_.string() + ": cannot open file (does it exist? is --data-dir right?)");
        // Read straight into the text: a stream buffer would hold a second
        // copy of a table that may be megabytes long.
        const std::streamoff size = in.tellg();
        if (size >= 0) {
            text_.resize(static_cast<std::size_t>(size));
            in.seekg(0);
            in.read(text_.data(), static_cast<std::streamsize>(text_.size()));
        } else {  // not seekable (a pipe): read as it comes
            in.clear();
            text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        if (in.bad() || (size >= 0 && !in)) throw Error(path_.string() + ": read failed");
        split();
        if (header_.empty()) throw Error(path_.string() + ": empty file, expected a header line");
    }

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] const std::vector<std::string_view>& header() const noexcept { return header_; }
    [[nodiscard]] std::size_t rows() const noexcept { return lines_.size(); }

    /// Index of the column named `name`; throws listing the columns there are.
    [[nodiscard]] std::size_t column(std::string_view name) const {
        for (std::size_t i = 0; i < header_.size(); ++i) {
            if (header_[i] == name) return i;
        }
        std::string have;
        for (const auto h : header_) have += (have.empty() ? "" : ", ") + std::string(h);
        throw Error(path_.string() + ":1: no column '" + std::string(name) + "'; columns are: " + have);
    }

    [[nodiscard]] std::string_view text(std::size_t row, std::size_t col) const {
        // A field ends at the comma before the next one, the last at the end of its line.
        const std::size_t at = row * header_.size() + col;
        const std::uint32_t begin = starts_[at];
        const std::uint32_t end = col + 1 < header_.size() ? starts_[at + 1] - 1 : ends_[row];
        return std::string_view(text_).substr(begin, end - begin);
    }

    /// 1-based line number of data row `row` in the file (for messages).
    [[nodiscard]] std::size_t line(std::size_t row) const { return lines_[row]; }

    /// The field parsed as a finite double, or a clear error.
    [[nodiscard]] double number(std::size_t row, std::size_t col) const {
        const std::string_view field = text(row, col);
        double value = 0.0;
        const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
        if (field.empty() || ec != std::errc{} || ptr != field.data() + field.size() || !std::isfinite(value)) {
            throw Error(where(row, col) + ": expected a number, found '" + std::string(field) + "'");
        }
        return value;
    }

    /// "file:line: column 'name'" for messages about one field.
    [[nodiscard]] std::string where(std::size_t row, std::size_t col) const {
        return path_.string() + ":" + std::to_string(line(row)) + ": column '" + std::string(header_[col]) + "'";
    }

private:
    static std::vector<std::string_view> split_line(std::string_view line) {
        std::vector<std::string_view> fields;
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = line.find(',', start);
            fields.push_back(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        return fields;
    }

    void split() {
        if (text_.size() > UINT32_MAX) throw Error(path_.string() + ": tables over 4 GB are not supported");
        std::string_view rest(text_);
        std::size_t line_no = 0;
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            std::string_view line = rest.substr(0, nl);
            rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty()) continue;
            if (header_.empty()) {
                header_ = split_line(line);
                continue;
            }
            const auto offset = static_cast<std::uint32_t>(line.data() - text_.data());
            std::size_t count = 0;
            for (std::size_t start = 0;; ++count) {
                const std::size_t comma = line.find(',', start);
                if (count < header_.size()) starts_.push_back(offset + static_cast<std::uint32_t>(start));
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
            if (++count != header_.size()) {
                throw Error(path_.string() + ":" + std::to_string(line_no) + ": expected " +
                            std::to_string(header_.size()) + " fields (as in the header), found " + std::to_string(count));
            }
            ends_.push_back(offset + static_cast<std::uint32_t>(line.size()));
            lines_.push_back(static_cast<std::uint32_t>(line_no));
        }
        starts_.shrink_to_fit();
        ends_.shrink_to_fit();
        lines_.shrink_to_fit();
    }

    std::filesystem::path path_;
    std::string text_;
    std::vector<std::string_view> header_;
    // Fields as offsets into text_: 4 bytes each where a string_view takes 16,
    // in one flat array (a 15625 x 30 table: 1.9 MB, not 8).
    std::vector<std::uint32_t> starts_;  ///< where each field begins, row by row, header_.size() per row
    std::vector<std::uint32_t> ends_;    ///< where each row's line ends (without '\r')
    std::vector<std::uint32_t> lines_;   ///< file line of each row
};

}  // namespace hwnas
