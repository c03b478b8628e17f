#include "hwnas/plugin.hpp"
#include "live_cpu_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::live_cpu::LiveCpuProvider>(
    "live_cpu", "1.0.0", "Latency of the space's networks measured on this CPU (oneDNN f32 inference, median of repeats)",
    R"json({
  "warmup": {"type": "integer", "default": 3, "minimum": 0, "maximum": 1000,
             "description": "untimed runs before timing (JIT caches, page faults, frequency ramp-up)"},
  "repeats": {"type": "integer", "default": 10, "minimum": 1, "maximum": 10000,
              "description": "timed runs; latency is their median, latency_spread their interquartile range"},
  "threads": {"type": "integer", "default": 1, "minimum": 1, "maximum": 1024,
              "description": "OpenMP threads oneDNN uses during a measurement (omp_set_num_threads)"},
  "batch": {"type": "integer", "default": 1, "minimum": 1, "maximum": 4096,
            "description": "images per inference"},
  "flush_bytes": {"type": "integer", "default": 0, "minimum": 0, "maximum": 4294967296,
                  "description": "bytes rewritten before every run to evict caches (0: none); e.g. 4194304 so a block measured alone fetches its weights like inside a whole network"}
})json"))
