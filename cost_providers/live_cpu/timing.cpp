#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include <time.h>

#include <omp.h>

#include "hwnas/error.hpp"

namespace hwnas::live_cpu {

double quantile(std::span<const double> sorted, double q) {
    if (sorted.empty()) throw Error("live_cpu: quantile of no values");
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

Timing summarize(std::vector<double> run_ms, std::vector<double> cpu_ms) {
    if (run_ms.empty() || cpu_ms.size() != run_ms.size()) throw Error("live_cpu: no timed runs to summarize");
    Timing t;
    t.run_ms = run_ms;
    t.cpu_ms = cpu_ms;
    std::sort(cpu_ms.begin(), cpu_ms.end());
    t.cpu_median_ms = quantile(cpu_ms, 0.5);
    std::sort(run_ms.begin(), run_ms.end());
    t.median_ms = quantile(run_ms, 0.5);
    t.iqr_ms = quantile(run_ms, 0.75) - quantile(run_ms, 0.25);
    t.min_ms = run_ms.front();
    return t;
}

void check_options(const MeasureOptions& options) {
    const auto require = [](int value, int min, int max, const char* name) {
        if (value < min || value > max) {
            throw Error(std::string("live_cpu: parameter '") + name + "' must be in " + std::to_string(min) + ".." +
                        std::to_string(max) + ", found " + std::to_string(value));
        }
    };
    require(options.warmup, 0, 1000, "warmup");
    require(options.repeats, 1, 10000, "repeats");
    require(options.threads, 1, 1024, "threads");
    require(options.batch, 1, 4096, "batch");
    if (options.flush_bytes < 0 || options.flush_bytes > (std::int64_t{1} << 32)) {
        throw Error("live_cpu: parameter 'flush_bytes' must be in 0..4294967296, found " +
                    std::to_string(options.flush_bytes));
    }
}

void set_threads(int threads) { omp_set_num_threads(threads); }

namespace {

/// CPU time of the calling thread: with one thread it is the work of the run
/// without the time other processes held the core (preemption), which wall
/// time includes on a shared machine.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

/// Rewrites the scratch buffer so that the next run starts with other data in the caches.
void flush(std::vector<std::uint8_t>& scratch) {
    for (std::size_t i = 0; i < scratch.size(); i += 64) scratch[i] = static_cast<std::uint8_t>(scratch[i] + 1);
}

}  // namespace

Timing time_runs(DnnlNetwork& network, const MeasureOptions& options) {
    using clock = std::chrono::steady_clock;
    std::vector<std::uint8_t> scratch(static_cast<std::size_t>(options.flush_bytes));
    for (int i = 0; i < options.warmup; ++i) {
        flush(scratch);
        network.run();
    }
    std::vector<double> run_ms;
    std::vector<double> cpu_ms;
    run_ms.reserve(static_cast<std::size_t>(options.repeats));
    cpu_ms.reserve(static_cast<std::size_t>(options.repeats));
    for (int i = 0; i < options.repeats; ++i) {
        flush(scratch);
        const double cpu_start = thread_cpu_ms();
        const auto start = clock::now();
        network.run();
        run_ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - start).count());
        cpu_ms.push_back(thread_cpu_ms() - cpu_start);
    }
    return summarize(std::move(run_ms), std::move(cpu_ms));
}

Timing measure(const Network& network, const MeasureOptions& options) {
    check_options(options);
    set_threads(options.threads);
    DnnlNetwork built(network, options.batch);
    return time_runs(built, options);
}

Timing measure_layer(const Layer& layer, const MeasureOptions& options) {
    Network single;
    single.input_channels = layer.in_channels;
    single.input_size = layer.input_size;
    single.layers.push_back(layer);
    single.layers.back().inputs.clear();
    return measure(single, options);
}

}  // namespace hwnas::live_cpu
