#include "engine/run_journal.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hwnas/error.hpp"


namespace hwnas::engine {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail_errno(const fs::path& file, const std::string& what) {
    throw Error(file.string() + ": " + what + ": " + std::strerror(errno));
}

/// Where the last complete line of the open file ends (0: no complete line).
off_t end_of_last_line(int fd, off_t size, const fs::path& file) {
    constexpr off_t block = 64 * 1024;
    std::vector<char> buffer(static_cast<std::size_t>(block));
    off_t end = size;
    while (end > 0) {
        const off_t start = std::max<off_t>(0, end - block);
        const auto length = static_cast<std::size_t>(end - start);
        if (::pread(fd, buffer.data(), length, start) != static_cast<ssize_t>(length)) fail_errno(file, "cannot read");
        for (std::size_t i = length; i > 0; --i) {
            if (buffer[i - 1] == '\n') return start + static_cast<off_t>(i);
        }
        end = start;
    }
    return 0;
}

std::vector<fs::path> journal_files(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("runs", 0) == 0 && entry.path().extension() == ".jsonl" && entry.is_regular_file()) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// Writes `text` and a newline to `fd` in one write call (more only if the
/// system writes part of it).
void append_line(int fd, std::string_view text, const fs::path& file, const std::string& what) {
    std::string line;
    line.reserve(text.size() + 1);
    line.append(text).push_back('\n');
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(fd, line.data() + written, line.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_errno(file, what);
        }
        written += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string journal_name(std::size_t shard_index, std::size_t shard_count) {
    if (shard_count <= 1) return "runs.jsonl";
    return "runs.shard-" + std::to_string(shard_index) + "-of-" + std::to_string(shard_count) + ".jsonl";
}

RunJournal::RunJournal(fs::path file) : file_(std::move(file)) {
    fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) fail_errno(file_, "cannot open the run journal");
    struct stat info {};
    if (::fstat(fd_, &info) != 0) fail_errno(file_, "cannot stat");
    if (info.st_size > 0) {
        const off_t end = end_of_last_line(fd_, info.st_size, file_);
        // A line without its newline is a record whose writer was killed
        // mid-write: cut it, so the next record starts on a line of its own.
        if (end != info.st_size && ::ftruncate(fd_, end) != 0) fail_errno(file_, "cannot cut the unfinished last record");
    }
}

RunJournal::~RunJournal() {
    if (fd_ >= 0) ::close(fd_);
}

void RunJournal::append(std::string_view record) {
    // One write: with O_APPEND the line lands whole at the end. A short write
    // (disk full, or the process killed) leaves a line without its newline,
    // which no reader takes for a record.
    const std::lock_guard lock(mutex_);
    append_line(fd_, record, file_, "cannot append a run record (disk full?)");
}

ScratchLines::ScratchLines(const fs::path& folder) {
    // Process and object make the name unique among the files that exist at once.
    name_ = folder / (".scratch." + std::to_string(::getpid()) + "." +
                      std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fd_ = ::open(name_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) fail_errno(name_, "cannot create a scratch file");
    ::unlink(name_.c_str());
}

ScratchLines::~ScratchLines() {
    if (fd_ >= 0) ::close(fd_);
}

void ScratchLines::append(std::string_view line) {
    const std::lock_guard lock(mutex_);
    append_line(fd_, line, name_, "cannot write to a scratch file (disk full?)");
}

std::string ScratchLines::read_all() const {
    std::string out;
    char buffer[1 << 16];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd_, buffer, sizeof buffer, at);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_errno(name_, "cannot read a scratch file");
        }
        if (n == 0) return out;
        out.append(buffer, static_cast<std::size_t>(n));
        at += n;
    }
}

std::string record_id(const nlohmann::json& summary) {
    const auto run = summary.find("run");
    if (run == summary.end() || !run->is_object()) return "";
    const auto id = run->find("id");
    return id != run->end() && id->is_string() ? id->get<std::string>() : "";
}

void for_each_run_text(const fs::path& folder, const RecordTextVisitor& visit) {
    for (const auto& file : journal_files(folder)) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw Error(file.string() + ": cannot open the run journal");
        std::string line;
        std::size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (in.eof()) break;  // no newline: a record cut short by a killed writer, not a result
            if (line.empty()) continue;
            visit(line, file.string() + ":" + std::to_string(number));
        }
    }
    // Batches written before the journal: one summary.json per run folder.
    const fs::path runs = folder / "runs";
    if (!fs::is_directory(runs)) return;
    std::vector<fs::path> legacy;
    for (const auto& entry : fs::directory_iterator(runs)) {
        const fs::path file = entry.path() / "summary.json";
        if (entry.is_directory() && fs::exists(file)) legacy.push_back(file);
    }
    std::sort(legacy.begin(), legacy.end());
    for (const auto& file : legacy) {
        std::ifstream in(file, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        visit(text, file.string());
    }
}

nlohmann::json parse_run_record(std::string_view text, const std::string& origin) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        std::string what = e.what();
        if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        throw Error(origin + ": not a run record (" + what + "); delete this line and add --resume to run that run again");
    }
}

void for_each_run_record(const fs::path& folder, const RecordVisitor& visit) {
    for_each_run_text(folder, [&](std::string_view text, const std::string& origin) {
        visit(parse_run_record(text, origin), text, origin);
    });
}

}  // namespace hwnas::engine
