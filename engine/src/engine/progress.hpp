#pragma once
// A progress line with ETA on stderr, redrawn at most 10 times a second, and
// only when stderr is a terminal (logs in files stay clean).
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace hwnas::engine {

class Progress {
public:
    Progress(std::string what, std::size_t total, bool enabled);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Counts one finished item (thread-safe) and redraws if it is time.
    void step();

private:
    void draw(std::size_t done, bool final);

    std::string what_;
    std::size_t total_;
    bool enabled_;
    std::atomic<std::size_t> done_{0};
    std::mutex draw_mutex_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace hwnas::engine
