#pragma once
// The run records of a batch folder, read the way a user's script would:
// every complete line of its runs*.jsonl journals, parsed as JSON. Read
// independently of the engine's reader, so tests check the format itself.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace hwnas::test {

inline std::vector<std::filesystem::path> journal_files(const std::filesystem::path& batch) {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(batch)) return files;
    for (const auto& entry : std::filesystem::directory_iterator(batch)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("runs", 0) == 0 && entry.path().extension() == ".jsonl") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// Complete lines only: a last line without its newline is not a record.
inline std::vector<nlohmann::json> batch_records(const std::filesystem::path& batch) {
    std::vector<nlohmann::json> records;
    for (const auto& file : journal_files(batch)) {
        const std::string text = read_file(file);
        for (std::size_t at = 0;;) {
            const auto end = text.find('\n', at);
            if (end == std::string::npos) break;
            records.push_back(nlohmann::json::parse(text.substr(at, end - at)));
            at = end + 1;
        }
    }
    return records;
}

}  // namespace hwnas::test
