#pragma once
// The run journal of a batch: one line per finished run, its summary as
// compact JSON, appended with a single write.
//
// Why a journal and not a file per run: a grid of thousands of short runs
// spent a third of its time in the file system (a folder, a temporary file
// and a rename per run, all in one directory whose lock every worker takes).
// One append per run costs a few microseconds and keeps results just as safe:
//
// - A record counts only once its closing newline is written. A process
//   killed in the middle of a write leaves a last line without one; readers
//   skip it and the next writer cuts it off, so that run simply runs again.
// - Each writing process has its own file (runs.jsonl, or
//   runs.shard-<i>-of-<n>.jsonl for a shard or an MPI rank), so processes
//   sharing a batch folder never write to the same file.
// - Records are self-describing (run id, key and seed), so readers take the
//   journals of a folder in any order; the first record of a run wins (a run
//   recorded twice recorded the same result: runs are deterministic).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hwnas::engine {

/// "runs.jsonl", or "runs.shard-<i>-of-<n>.jsonl" for shard i of n > 1.
std::string journal_name(std::size_t shard_index, std::size_t shard_count);

/// Appends records to one journal file; safe to share between threads.
class RunJournal {
public:
    /// Opens (creates) `file` for appending; a last line cut short by a
    /// killed writer is removed first.
    explicit RunJournal(std::filesystem::path file);
    ~RunJournal();
    RunJournal(const RunJournal&) = delete;
    RunJournal& operator=(const RunJournal&) = delete;

    /// Appends `record` (one line of JSON, without its newline) in one write.
    void append(std::string_view record);

    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

private:
    std::filesystem::path file_;
    int fd_ = -1;
    std::mutex mutex_;
};

/// Lines parked on disk while a batch runs (its batch.csv rows), in a file
/// without a name: it is removed from `folder` as soon as it is opened, so
/// it never shows there and goes away however the process ends.
class ScratchLines {
public:
    explicit ScratchLines(const std::filesystem::path& folder);
    ~ScratchLines();
    ScratchLines(const ScratchLines&) = delete;
    ScratchLines& operator=(const ScratchLines&) = delete;

    /// Appends `line` and a newline; safe to share between threads.
    void append(std::string_view line);
    /// Everything appended so far.
    [[nodiscard]] std::string read_all() const;

private:
    std::filesystem::path name_;  ///< the name it had, for messages
    int fd_ = -1;
    std::mutex mutex_;
};

/// Calls `visit(text, origin)` for every complete record of the batch
/// folder, unparsed: the lines of its journals (origin "file:line"), then,
/// for folders written before the journal, each runs/<id>/summary.json
/// (origin its path).
using RecordTextVisitor = std::function<void(std::string_view text, const std::string& origin)>;
void for_each_run_text(const std::filesystem::path& folder, const RecordTextVisitor& visit);

/// A record's summary; throws hwnas::Error naming `origin` when it is not JSON.
nlohmann::json parse_run_record(std::string_view text, const std::string& origin);

/// for_each_run_text with each record parsed: `visit(summary, text, origin)`.
using RecordVisitor = std::function<void(const nlohmann::json& summary, std::string_view text, const std::string& origin)>;
void for_each_run_record(const std::filesystem::path& folder, const RecordVisitor& visit);

/// The run id of a record ("" when it has none).
std::string record_id(const nlohmann::json& summary);

}  // namespace hwnas::engine
