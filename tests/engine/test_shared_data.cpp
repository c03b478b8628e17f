// SharedData: one value per key and type, made once however many threads ask.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "hwnas/error.hpp"
#include "hwnas/shared_data.hpp"

TEST_CASE("a shared value is made once and handed to every thread that asks, even while it is being made") {
    hwnas::SharedData shared;
    std::atomic<int> made{0};
    std::vector<std::shared_ptr<const std::vector<int>>> got(8);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t) {
        threads.emplace_back([&, t] {
            got[t] = shared.get<std::vector<int>>("column", [&] {
                ++made;
                // Slow enough that the other threads ask while it is made.
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                return std::make_shared<const std::vector<int>>(std::vector<int>{1, 2, 3});
            });
        });
    }
    for (auto& t : threads) t.join();
    CHECK(made == 1);
    for (const auto& g : got) {
        REQUIRE(g);
        CHECK(g.get() == got[0].get());
        CHECK(*g == std::vector<int>{1, 2, 3});
    }
    CHECK(shared.size() == 1);
}

TEST_CASE("a key holds one value per type, and a failure reaches every caller") {
    hwnas::SharedData shared;
    const auto i = shared.get<int>("k", [] { return std::make_shared<const int>(7); });
    const auto d = shared.get<double>("k", [] { return std::make_shared<const double>(0.5); });
    CHECK(*i == 7);
    CHECK(*d == 0.5);
    CHECK(*shared.get<int>("k", [] { return std::make_shared<const int>(99); }) == 7);  // made already
    CHECK(shared.size() == 2);

    int attempts = 0;
    const auto failing = [&] {
        ++attempts;
        throw hwnas::Error("table.csv:3: expected a number, found 'x'");
        return std::make_shared<const int>(0);
    };
    CHECK_THROWS_WITH(shared.get<int>("bad", failing), Catch::Contains("table.csv:3"));
    CHECK_THROWS_WITH(shared.get<int>("bad", failing), Catch::Contains("table.csv:3"));
    CHECK(attempts == 1);  // the error is kept, not made again
}

TEST_CASE("find returns what is stored under a key, or null, without making anything") {
    hwnas::SharedData shared;
    CHECK(shared.find<int>("column") == nullptr);
    CHECK(shared.size() == 0);  // asking did not reserve the key
    const auto made = shared.get<int>("column", [] { return std::make_shared<const int>(3); });
    const auto found = shared.find<int>("column");
    REQUIRE(found);
    CHECK(found.get() == made.get());
    CHECK(shared.find<double>("column") == nullptr);  // another type, another value

    (void)shared.find<int>("broken");  // nothing there yet
    CHECK_THROWS(shared.get<int>("broken", []() -> std::shared_ptr<const int> { throw hwnas::Error("bad table"); }));
    CHECK_THROWS_WITH(shared.find<int>("broken"), Catch::Contains("bad table"));
}

TEST_CASE("find waits for a value that another thread is making") {
    hwnas::SharedData shared;
    std::atomic<bool> making{false};
    std::thread maker([&] {
        (void)shared.get<int>("slow", [&] {
            making = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return std::make_shared<const int>(11);
        });
    });
    while (!making) std::this_thread::yield();
    const auto found = shared.find<int>("slow");
    maker.join();
    REQUIRE(found);
    CHECK(*found == 11);
}
