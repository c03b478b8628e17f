#pragma once
// MeasurementCache: metrics already measured, in an SQLite file, so that no
// architecture is measured twice on one device with one set of settings.
//
// Each insert is its own committed transaction (WAL journal, synchronous=FULL):
// once insert() returns, the measurement survives a crash of this process or
// of the machine. Several threads and several processes may share one file.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace hwnas {

struct MeasurementKey {
    std::string device;    ///< fingerprint of the measuring device
    std::string space;     ///< search space name
    std::string arch;      ///< the space's string of the architecture
    std::string settings;  ///< canonical JSON of what else changes the result (see canonical())
};

class MeasurementCache {
public:
    /// Opens `file`, creating it when missing. Throws hwnas::Error naming the
    /// file when it cannot be opened or is not an hwnas measurement cache.
    explicit MeasurementCache(const std::filesystem::path& file);
    ~MeasurementCache();
    MeasurementCache(const MeasurementCache&) = delete;
    MeasurementCache& operator=(const MeasurementCache&) = delete;

    /// The metrics stored under `key` (a JSON object), if any.
    [[nodiscard]] std::optional<nlohmann::json> find(const MeasurementKey& key) const;

    /// Stores `metrics` under `key`, committed before returning. A key stored
    /// already keeps its first value (two threads may race to measure it).
    void insert(const MeasurementKey& key, const nlohmann::json& metrics);

    /// A small named record kept next to the measurements, e.g. the last
    /// description an agent gave, so the cache can answer while it is down.
    [[nodiscard]] std::optional<nlohmann::json> recall(const std::string& name) const;
    void remember(const std::string& name, const nlohmann::json& value);

    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

    /// The one text form of `settings` used in keys: sorted keys, no spaces.
    [[nodiscard]] static std::string canonical(const nlohmann::json& settings) { return settings.dump(); }

private:
    void check_or_create_schema();
    void exec(const char* sql) const;
    [[noreturn]] void fail(const std::string& what) const;

    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    mutable std::mutex mutex_;  // one connection, statements used one at a time
};

}  // namespace hwnas
