#pragma once
// parallel_for_index: tbb::parallel_for over the indices 0..n-1 in an arena,
// with the ordering TBB guarantees stated where ThreadSanitizer can see it.
//
// Debian's oneTBB is not instrumented, so TSan does not see what TBB's own
// waiting orders, and it reports races that cannot happen:
// - that what the calling thread wrote before the loop happens before every
//   body, and every body before the code after the loop. One atomic, released
//   before the loop, acquired and released again by each chunk and acquired
//   after the loop, states those edges in our own code (one atomic operation
//   per chunk; nothing else changes).
// - that a worker's last write to the loop's wait state, which lives on the
//   stack of the thread that started the loop, happens before that thread
//   reuses the stack. The write comes after the last body, so no atomic of
//   ours can order it. The loop is therefore started from a thread of its
//   own, whose stack dies with it (a new thread's stack starts clean for
//   TSan); the caller's stack never holds a wait state. Starting a thread
//   costs tens of microseconds per loop, next to loops of milliseconds.
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <utility>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace hwnas::engine {

/// Calls body(i) for i in 0..n-1 on the arena's threads, chunks of at least
/// `grain` indices; rethrows the first exception a body threw. Call it from
/// outside the arena (not from inside arena.execute).
template <class Body>
void parallel_for_index(tbb::task_arena& arena, std::size_t n, std::size_t grain, Body&& body) {
    if (n == 0) return;
    std::exception_ptr failure;
    std::thread host([&] {
        try {
            arena.execute([&] {
                std::atomic<std::size_t> handoff{0};
                handoff.store(0, std::memory_order_release);
                tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain),
                                  [&](const tbb::blocked_range<std::size_t>& range) {
                                      (void)handoff.load(std::memory_order_acquire);
                                      for (std::size_t i = range.begin(); i != range.end(); ++i) body(i);
                                      handoff.fetch_add(1, std::memory_order_acq_rel);
                                  });
                (void)handoff.load(std::memory_order_acquire);
            });
        } catch (...) {
            failure = std::current_exception();
        }
    });
    host.join();
    if (failure) std::rethrow_exception(failure);
}

/// The same in an arena of every core.
template <class Body>
void parallel_for_index(std::size_t n, std::size_t grain, Body&& body) {
    tbb::task_arena arena;
    parallel_for_index(arena, n, grain, std::forward<Body>(body));
}

}  // namespace hwnas::engine
