// The measurement cache: what is inserted is found again by its whole key, in
// this connection and after reopening; foreign files are refused clearly.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <thread>
#include <vector>

#include "measurement_cache.hpp"
#include "test_support.hpp"

namespace {

using hwnas::MeasurementCache;
using hwnas::MeasurementKey;

const std::string settings = MeasurementCache::canonical({{"provider", "live_cpu"}, {"threads", 1}});
const MeasurementKey key{"a1b2", "nb201", "|nor_conv_3x3~0|+|skip_connect~0|none~1|", settings};

std::string journal_mode(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr);
    std::string mode;
    if (sqlite3_step(s) == SQLITE_ROW) mode = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return mode;
}

}  // namespace

TEST_CASE("cache: settings are keyed by one canonical text", "[cache]") {
    CHECK(MeasurementCache::canonical(nlohmann::json::parse(R"({"b": 1, "a": {"y": 2, "x": 1}})")) ==
          MeasurementCache::canonical(nlohmann::json::parse(R"({ "a": {"x": 1, "y": 2}, "b": 1 })")));
}

TEST_CASE("cache: a measurement is found by its whole key and survives reopening", "[cache]") {
    const auto dir = hwnas::test::temp_dir("cache");
    const auto file = dir / "sub" / "cache.sqlite";
    {
        MeasurementCache cache(file);
        CHECK(cache.size() == 0);
        CHECK_FALSE(cache.find(key));
        cache.insert(key, {{"latency_ms", 3.25}});
        REQUIRE(cache.find(key));
        CHECK(cache.find(key)->at("latency_ms") == 3.25);
        // A key stored already keeps its first value.
        cache.insert(key, {{"latency_ms", 9.0}});
        CHECK(cache.find(key)->at("latency_ms") == 3.25);
        for (auto other : {MeasurementKey{"zzzz", key.space, key.arch, key.settings},
                           MeasurementKey{key.device, "fbnet", key.arch, key.settings},
                           MeasurementKey{key.device, key.space, "other", key.settings},
                           MeasurementKey{key.device, key.space, key.arch, MeasurementCache::canonical({{"threads", 4}})}}) {
            CHECK_FALSE(cache.find(other));
        }
        cache.remember("agent http://x", {{"fingerprint", "a1b2"}});
    }
    CHECK(journal_mode(file) == "wal");
    const MeasurementCache reopened(file);
    CHECK(reopened.size() == 1);
    CHECK(reopened.find(key)->at("latency_ms") == 3.25);
    CHECK(reopened.recall("agent http://x")->at("fingerprint") == "a1b2");
    CHECK_FALSE(reopened.recall("agent http://y"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("cache: inserts from many threads and two connections all land", "[cache]") {
    const auto dir = hwnas::test::temp_dir("cache-threads");
    MeasurementCache a(dir / "c.sqlite");
    MeasurementCache b(dir / "c.sqlite");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                (t % 2 ? a : b).insert({"dev", "nb201", std::to_string(t) + "-" + std::to_string(i), "{}"}, {{"v", t * 100 + i}});
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(a.size() == 100);
    CHECK(b.find({"dev", "nb201", "3-24", "{}"})->at("v") == 324);
    std::filesystem::remove_all(dir);
}

TEST_CASE("cache: a file that is not a measurement cache is refused - saying what it is", "[cache]") {
    const auto dir = hwnas::test::temp_dir("cache-foreign");
    hwnas::test::write_file(dir / "notes.txt", "these are not measurements, just a text file of some length\n");
    CHECK_THROWS_WITH(MeasurementCache(dir / "notes.txt"),
                      Catch::Contains("notes.txt: not an hwnas measurement cache: expected an SQLite database"));

    sqlite3* db = nullptr;
    sqlite3_open((dir / "other.sqlite").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    CHECK_THROWS_WITH(MeasurementCache(dir / "other.sqlite"),
                      Catch::Contains("not an hwnas measurement cache") && Catch::Contains("found the tables: invoices"));
    std::filesystem::remove_all(dir);
}
