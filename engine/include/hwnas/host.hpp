#pragma once
// This machine as a measuring device: what `hwnas agent` reports in /describe
// and what measurement caches key by, so that a provider measuring locally
// and an agent on the same machine share cache entries.
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "hwnas/rng.hpp"

namespace hwnas {

/// The CPU model from /proc/cpuinfo ("unknown" when it says none).
[[nodiscard]] inline std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    // x86 says "model name"; many ARM kernels only say "Hardware" or "Model".
    for (const char* key : {"model name", "Hardware", "Model"}) {
        in.clear();
        in.seekg(0);
        while (std::getline(in, line)) {
            if (!line.starts_with(key)) continue;
            const auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            const auto start = line.find_first_not_of(" \t", colon + 1);
            if (start != std::string::npos) return line.substr(start);
        }
    }
    return "unknown";
}

/// This machine: CPU model and hardware threads.
[[nodiscard]] inline nlohmann::json describe_host() {
    return {{"cpu_model", cpu_model()}, {"hardware_threads", std::thread::hardware_concurrency()}};
}

/// A short stable hash of a device description: equal devices, equal fingerprints.
[[nodiscard]] inline std::string device_fingerprint(const nlohmann::json& device) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(stable_hash(device.dump())));
    return hex;
}

}  // namespace hwnas
