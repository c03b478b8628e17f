#include "hwnas/plugin.hpp"
#include "live_cpu_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::live_cpu::LiveCpuProvider>(
    "live_cpu", hwnas::live_cpu::plugin_version, "Latency of the space's networks measured on this CPU (oneDNN f32 inference, median of repeats)",
    hwnas::live_cpu::LiveCpuProvider::parameters))
