#pragma once
// CsvFile: a whole CSV table in memory, for random access by row and column
// (comma separated, first line a header, no quoted commas). Loaders that
// read a table once, row by row, use CsvReader (csv_reader.hpp) instead: it
// never holds more than a buffer of the file. Every error names the file,
// the line and the column, what was expected and what was found.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/csv_fields.hpp"
#include "hwnas/error.hpp"

namespace hwnas {

class CsvFile {
public:
    /// Reads the whole file. Throws hwnas::Error if it is missing or has no header.
    explicit CsvFile(std::filesystem::path path) : path_(std::move(path)) {
        std::ifstream in(path_, std::ios::binary | std::ios::ate);
        if (!in) throw Error(csv_fields::cannot_open(path_.string()));
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
        if (header_.empty()) throw Error(csv_fields::empty_file(path_.string()));
    }

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] const std::vector<std::string_view>& header() const noexcept { return header_; }
    [[nodiscard]] std::size_t rows() const noexcept { return lines_.size(); }

    /// Index of the column named `name`; throws listing the columns there are.
    [[nodiscard]] std::size_t column(std::string_view name) const {
        return csv_fields::column(header_, name, path_.string());
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
        return csv_fields::number(text(row, col), [&] { return where(row, col); });
    }

    /// "file:line: column 'name'" for messages about one field.
    [[nodiscard]] std::string where(std::size_t row, std::size_t col) const {
        return csv_fields::where(path_.string(), line(row), header_[col]);
    }

private:
    void split() {
        if (text_.size() > UINT32_MAX) throw Error(path_.string() + ": tables over 4 GB are not supported");
        std::string_view rest(text_);
        std::size_t line_no = 0;
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            std::string_view line = rest.substr(0, nl);
            rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
            ++line_no;
            line = csv_fields::without_cr(line);
            if (line.empty()) continue;
            if (header_.empty()) {
                header_ = csv_fields::split_views(line);
                continue;
            }
            const auto offset = static_cast<std::uint32_t>(line.data() - text_.data());
            const std::size_t count = csv_fields::split(line, [&](std::size_t start) {
                starts_.push_back(offset + static_cast<std::uint32_t>(start));
            });
            if (count != header_.size()) {
                throw Error(csv_fields::wrong_field_count(path_.string(), line_no, header_.size(), count));
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
