#pragma once
// Timing a DnnlNetwork: warm-up runs, then timed repeats, summarised by the
// median and the interquartile range (robust to the odd preempted run).
#include <cstdint>
#include <span>
#include <vector>

#include "dnnl_network.hpp"

namespace hwnas::live_cpu {

struct MeasureOptions {
    int warmup = 3;   ///< untimed runs first: JIT caches, page faults, CPU frequency ramp-up
    int repeats = 10; ///< timed runs
    int threads = 1;  ///< OpenMP threads of oneDNN during the measurement
    int batch = 1;
    /// Bytes of a scratch buffer rewritten before every run (0: none), so a
    /// small block measured alone does not find its weights in the core's
    /// caches from the previous run, as it would not inside a whole network.
    std::int64_t flush_bytes = 0;
};

struct Timing {
    std::vector<double> run_ms;  ///< each timed run, in order
    double median_ms = 0.0;
    double iqr_ms = 0.0;  ///< third minus first quartile
    double min_ms = 0.0;
    std::vector<double> cpu_ms;  ///< CPU time of the calling thread in each timed run
    double cpu_median_ms = 0.0;
};

/// Quantile q in [0, 1] of `sorted` (ascending), linearly interpolated (type 7, as numpy's default).
double quantile(std::span<const double> sorted, double q);

/// Median, IQR and minimum of the wall times, median of the CPU times.
Timing summarize(std::vector<double> run_ms, std::vector<double> cpu_ms);

/// Runs `network` options.warmup times, then times options.repeats runs one
/// by one with a steady clock and with the calling thread's CPU clock. The caller fixes the thread count (see
/// with_threads) before building the network, since oneDNN sizes its kernels then.
Timing time_runs(DnnlNetwork& network, const MeasureOptions& options);

/// Sets oneDNN's OpenMP thread count for the calling thread (OpenMP keeps it
/// per thread, and oneDNN runs primitives on the thread that calls them).
void set_threads(int threads);

/// Builds `network` and times it with `options` (threads set first). Throws
/// hwnas::Error for options out of range or a network that cannot be built.
Timing measure(const Network& network, const MeasureOptions& options);

/// One layer alone: a network whose input is the layer's input.
Timing measure_layer(const Layer& layer, const MeasureOptions& options);

/// Throws hwnas::Error naming the first option out of range.
void check_options(const MeasureOptions& options);

}  // namespace hwnas::live_cpu
