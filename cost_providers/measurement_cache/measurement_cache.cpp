#include "measurement_cache.hpp"

#include <sqlite3.h>

#include <vector>

#include "hwnas/error.hpp"

namespace hwnas {
namespace {

constexpr const char* format_name = "hwnas-measurement-cache";
constexpr int format_version = 1;

/// A prepared statement, finalised on every path out.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    [[nodiscard]] bool ok() const noexcept { return stmt_ != nullptr; }
    void bind(int i, const std::string& text) { sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT); }
    int step() { return sqlite3_step(stmt_); }
    [[nodiscard]] std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
    }
    [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

nlohmann::json parse_stored(const std::string& text, const std::filesystem::path& file, const std::string& what) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(file.string() + ": " + what + " is not valid JSON (" + e.what() + "); the cache file is damaged");
    }
}

}  // namespace

MeasurementCache::MeasurementCache(const std::filesystem::path& file) : file_(file) {
    if (!file.parent_path().empty()) std::filesystem::create_directories(file.parent_path());
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(file.string() + ": cannot open the measurement cache: " + why);
    }
    // Other processes may write the same file: wait for their short transactions.
    sqlite3_busy_timeout(db_, 10000);
    try {
        check_or_create_schema();
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

MeasurementCache::~MeasurementCache() { sqlite3_close(db_); }

void MeasurementCache::fail(const std::string& what) const {
    throw Error(file_.string() + ": " + what + ": " + sqlite3_errmsg(db_));
}

void MeasurementCache::exec(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw Error(file_.string() + ": " + why);
    }
}

void MeasurementCache::check_or_create_schema() {
    // The first read tells a foreign file apart: SQLite only looks at the header then.
    Statement tables(db_, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    if (!tables.ok()) {
        throw Error(file_.string() + ": not an hwnas measurement cache: expected an SQLite database, found a file SQLite cannot read (" +
                    sqlite3_errmsg(db_) + ")");
    }
    std::vector<std::string> names;
    int rc = 0;
    while ((rc = tables.step()) == SQLITE_ROW) names.push_back(tables.text(0));
    if (rc != SQLITE_DONE) {
        throw Error(file_.string() + ": not an hwnas measurement cache: expected an SQLite database, found a file SQLite cannot read (" +
                    sqlite3_errmsg(db_) + ")");
    }
    if (names.empty()) {
        // WAL lets readers of other processes go on while one writes, and keeps commits cheap.
        exec("PRAGMA journal_mode = WAL");
        exec("BEGIN IMMEDIATE;"
             "CREATE TABLE IF NOT EXISTS hwnas_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
             "CREATE TABLE IF NOT EXISTS measurements (device TEXT NOT NULL, space TEXT NOT NULL, arch TEXT NOT NULL,"
             " settings TEXT NOT NULL, metrics TEXT NOT NULL, measured_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,"
             " PRIMARY KEY (device, space, arch, settings));"
             "CREATE TABLE IF NOT EXISTS records (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
             "INSERT OR IGNORE INTO hwnas_cache VALUES ('format', 'hwnas-measurement-cache');"
             "INSERT OR IGNORE INTO hwnas_cache VALUES ('version', '1');"
             "COMMIT");
    } else {
        exec("PRAGMA journal_mode = WAL");
    }
    Statement format(db_, "SELECT key, value FROM hwnas_cache");
    std::string found_format;
    std::string found_version;
    while (format.ok() && format.step() == SQLITE_ROW) {
        if (format.text(0) == "format") found_format = format.text(1);
        if (format.text(0) == "version") found_version = format.text(1);
    }
    if (!format.ok() || found_format != format_name) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw Error(file_.string() + ": not an hwnas measurement cache: expected an SQLite database with table hwnas_cache "
                    "(format '" + std::string(format_name) + "'), found the tables: " + (list.empty() ? "none" : list));
    }
    if (found_version != std::to_string(format_version)) {
        throw Error(file_.string() + ": measurement cache format version " + found_version + "; this hwnas reads version " +
                    std::to_string(format_version));
    }
    // FULL: a commit is on disk when insert() returns, even if the machine goes down.
    exec("PRAGMA synchronous = FULL");
}

std::optional<nlohmann::json> MeasurementCache::find(const MeasurementKey& key) const {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT metrics FROM measurements WHERE device = ?1 AND space = ?2 AND arch = ?3 AND settings = ?4");
    if (!s.ok()) fail("cannot read the measurement cache");
    s.bind(1, key.device);
    s.bind(2, key.space);
    s.bind(3, key.arch);
    s.bind(4, key.settings);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail("cannot read the measurement cache");
    return parse_stored(s.text(0), file_, "the metrics of '" + key.arch + "'");
}

void MeasurementCache::insert(const MeasurementKey& key, const nlohmann::json& metrics) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT OR IGNORE INTO measurements (device, space, arch, settings, metrics) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!s.ok()) fail("cannot write the measurement cache");
    s.bind(1, key.device);
    s.bind(2, key.space);
    s.bind(3, key.arch);
    s.bind(4, key.settings);
    s.bind(5, metrics.dump());
    if (s.step() != SQLITE_DONE) fail("cannot write the measurement of '" + key.arch + "' to the cache");
}

std::optional<nlohmann::json> MeasurementCache::recall(const std::string& name) const {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT value FROM records WHERE name = ?1");
    if (!s.ok()) fail("cannot read the measurement cache");
    s.bind(1, name);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail("cannot read the measurement cache");
    return parse_stored(s.text(0), file_, "record '" + name + "'");
}

void MeasurementCache::remember(const std::string& name, const nlohmann::json& value) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT OR REPLACE INTO records (name, value) VALUES (?1, ?2)");
    if (!s.ok()) fail("cannot write the measurement cache");
    s.bind(1, name);
    s.bind(2, value.dump());
    if (s.step() != SQLITE_DONE) fail("cannot write record '" + name + "' to the cache");
}

std::size_t MeasurementCache::size() const {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT COUNT(*) FROM measurements");
    if (!s.ok() || s.step() != SQLITE_ROW) fail("cannot read the measurement cache");
    return static_cast<std::size_t>(s.integer(0));
}

}  // namespace hwnas
