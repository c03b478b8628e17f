#include "engine/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace hwnas::engine {

Progress::Progress(std::string what, std::size_t total, bool enabled)
    : what_(std::move(what)),
      total_(total),
      enabled_(enabled && ::isatty(STDERR_FILENO) != 0 && total > 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
    if (enabled_) draw(done_.load(), true);
}

void Progress::step() {
    const std::size_t done = ++done_;
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100) && done != total_) return;
    const std::unique_lock lock(draw_mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    last_draw_ = now;
    draw(done, false);
}

void Progress::draw(std::size_t done, bool final) {
    constexpr int width = 30;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double fraction = static_cast<double>(done) / static_cast<double>(total_);
    const int filled = static_cast<int>(fraction * width);
    const double eta = done > 0 ? elapsed * static_cast<double>(total_ - done) / static_cast<double>(done) : 0.0;
    std::string bar(static_cast<std::size_t>(filled), '=');
    bar.resize(width, ' ');
    std::fprintf(stderr, "\r[%s] %zu/%zu %s  %.1f s elapsed, ETA %.1f s   %s", bar.c_str(), done, total_, what_.c_str(),
                 elapsed, eta, final ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace hwnas::engine
