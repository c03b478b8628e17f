#pragma once
// parallel_for_index: tbb::parallel_for over the indices 0..n-1, with the
// ordering TBB guarantees stated where ThreadSanitizer can see it.
//
// Debian's oneTBB is not instrumented, so TSan does not know that what the
// calling thread wrote before the loop happens before every body, nor that
// every body happens before the code after the loop, and it reports races
// that cannot happen. One atomic, released before the loop, acquired and
// released again by each chunk and acquired after the loop, states those
// edges in our own code (one atomic operation per chunk; nothing else changes).
#include <atomic>
#include <cstddef>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

namespace hwnas::engine {

template <class Body>
void parallel_for_index(std::size_t n, std::size_t grain, Body&& body) {
    std::atomic<std::size_t> handoff{0};
    handoff.store(0, std::memory_order_release);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain), [&](const tbb::blocked_range<std::size_t>& range) {
        (void)handoff.load(std::memory_order_acquire);
        for (std::size_t i = range.begin(); i != range.end(); ++i) body(i);
        handoff.fetch_add(1, std::memory_order_acq_rel);
    });
    (void)handoff.load(std::memory_order_acquire);
}

}  // namespace hwnas::engine
