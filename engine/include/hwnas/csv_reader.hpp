#pragma once
// CsvReader: a CSV table read row by row (comma separated, first line a
// header, no quoted commas), holding no more of the file than a buffer of a
// few hundred kilobytes. Loaders that turn a table into their own structures
// in one pass use it instead of CsvFile: a batch over the NB201 tables would
// otherwise hold 13 MB of text while it parses them. Its rows, errors and
// line numbers are CsvFile's: blank lines are skipped but counted, a '\r'
// before the newline is dropped, every row has the header's field count.
//
//     CsvReader reader(path);
//     const std::size_t latency = reader.column("latency");
//     while (reader.next()) use(reader.field(0), reader.number(latency));
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/csv_fields.hpp"
#include "hwnas/error.hpp"

namespace hwnas {

class CsvReader {
public:
    /// Opens the file and reads its header. Throws hwnas::Error if it is
    /// missing or has no header.
    explicit CsvReader(std::filesystem::path path) : path_(std::move(path)), in_(path_, std::ios::binary) {
        if (!in_) throw Error(csv_fields::cannot_open(path_.string()));
        std::string_view line;
        while (read_line(line)) {
            if (line.empty()) continue;
            for (const auto field : csv_fields::split_views(line)) header_.emplace_back(field);
            return;
        }
        throw Error(csv_fields::empty_file(path_.string()));
    }

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }

    /// Index of the column named `name`; throws listing the columns there are.
    [[nodiscard]] std::size_t column(std::string_view name) const {
        return csv_fields::column(header_, name, path_.string());
    }

    /// Moves to the next data row; false at the end of the file. The fields
    /// of the previous row are no longer valid after it.
    bool next() {
        std::string_view line;
        while (read_line(line)) {
            if (line.empty()) continue;
            starts_.clear();
            const std::size_t count = csv_fields::split(line, [&](std::size_t start) {
                starts_.push_back(static_cast<std::uint32_t>(start));
            });
            if (count != header_.size()) {
                throw Error(csv_fields::wrong_field_count(path_.string(), line_, header_.size(), count));
            }
            row_ = line;
            ++rows_;
            return true;
        }
        return false;
    }

    /// Field `col` of the current row (col < header().size()).
    [[nodiscard]] std::string_view field(std::size_t col) const {
        const std::size_t begin = starts_[col];
        const std::size_t end = col + 1 < starts_.size() ? starts_[col + 1] - 1 : row_.size();
        return row_.substr(begin, end - begin);
    }

    /// The field parsed as a finite double, or an error naming file, line and column.
    [[nodiscard]] double number(std::size_t col) const {
        return csv_fields::number(field(col), [&] { return where(col); });
    }

    /// 1-based line number of the current row in the file.
    [[nodiscard]] std::size_t line() const noexcept { return line_; }
    /// Data rows read so far (the current one included).
    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }

    /// "file:line: column 'name'" for messages about a field of the current row.
    [[nodiscard]] std::string where(std::size_t col) const {
        return csv_fields::where(path_.string(), line_, header_[col]);
    }

private:
    static constexpr std::size_t chunk = std::size_t{256} << 10;

    /// The next line of the file without its "\n" or "\r\n"; false at the end.
    bool read_line(std::string_view& line) {
        while (true) {
            const std::string_view pending(buffer_.data() + begin_, end_ - begin_);
            const std::size_t nl = pending.find('\n');
            if (nl != std::string_view::npos || (at_end_ && !pending.empty())) {
                const std::size_t length = nl == std::string_view::npos ? pending.size() : nl;
                line = csv_fields::without_cr(pending.substr(0, length));
                begin_ += nl == std::string_view::npos ? length : length + 1;
                ++line_;
                return true;
            }
            if (at_end_) return false;
            refill();
        }
    }

    /// Moves the unread part to the front and reads more after it; the
    /// buffer grows only for a line longer than itself.
    void refill() {
        const std::size_t kept = end_ - begin_;
        if (begin_ > 0) std::copy(buffer_.data() + begin_, buffer_.data() + end_, buffer_.data());
        begin_ = 0;
        end_ = kept;
        if (buffer_.size() < kept + chunk) buffer_.resize(std::max(kept + chunk, 2 * buffer_.size()));
        in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
        end_ += static_cast<std::size_t>(in_.gcount());
        if (in_.bad()) throw Error(path_.string() + ": read failed");
        if (in_.eof()) at_end_ = true;
    }

    std::filesystem::path path_;
    std::ifstream in_;
    std::vector<std::string> header_;
    std::string buffer_;
    std::size_t begin_ = 0;  ///< unread part of buffer_: [begin_, end_)
    std::size_t end_ = 0;
    bool at_end_ = false;        ///< the file has no more to read
    std::string_view row_;       ///< the current row's line, in buffer_
    std::vector<std::uint32_t> starts_;  ///< where each field of row_ begins
    std::size_t line_ = 0;       ///< file line of the last line read
    std::size_t rows_ = 0;
};

/// Lines after the header line of a CSV file: its data rows, plus any blank
/// lines. An upper bound of CsvReader's row count, for reserving space
/// without parsing the file.
inline std::size_t csv_line_count(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(csv_fields::cannot_open(path.string()));
    std::string buffer(std::size_t{256} << 10, '\0');
    std::size_t newlines = 0;
    char last = '\n';
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        newlines += static_cast<std::size_t>(std::count(buffer.data(), buffer.data() + got, '\n'));
        if (got > 0) last = buffer[got - 1];
    }
    const std::size_t lines = newlines + (last == '\n' ? 0 : 1);  // a last line without a newline counts
    return lines == 0 ? 0 : lines - 1;
}

}  // namespace hwnas
