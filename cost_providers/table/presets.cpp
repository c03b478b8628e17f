#include "presets.hpp"

#include <map>

namespace hwnas::table {
namespace {

// NAS-Bench-201: accuracies (NAS-Bench-201), the four HW-NAS-Bench CIFAR-10
// latencies, and HELP's 27 device latencies. HELP's columns are bare device
// names; they become "help_<device>_latency" so that HELP's copies of pixel3,
// raspi4, eyeriss and fpga do not clash with HW-NAS-Bench's (the values are
// equal, see data/help/README.md). The metric table is in README.md.
constexpr const char* nb201_preset = R"json([
  {"file": "nas-bench-201/accuracy.csv", "key": "arch_str", "units": [
    {"match": "*test_acc_nb201v11", "unit": "%", "better": "higher",
     "description": "test-split accuracy after 200 epochs as given by the NB201 v1_1 API, mean over seeds"},
    {"match": "*test_acc", "unit": "%", "better": "higher",
     "description": "test-split accuracy after 200 epochs, mean over seeds"},
    {"match": "*valid_acc", "unit": "%", "better": "higher",
     "description": "NB201 validation-split accuracy after 200 epochs, mean over seeds"},
    {"match": "*train_acc", "unit": "%", "better": "higher",
     "description": "final training accuracy after 200 epochs, mean over seeds"}]},
  {"file": "hw-nas-bench/nb201.csv", "key": "arch_str", "units": [
    {"match": "*raspi4_latency", "unit": "ms", "better": "lower",
     "description": "Raspberry Pi 4 latency, measured (HW-NAS-Bench)"},
    {"match": "*pixel3_latency", "unit": "ms", "better": "lower",
     "description": "Google Pixel 3 latency, measured (HW-NAS-Bench)"},
    {"match": "*eyeriss_latency", "unit": "ms", "better": "lower",
     "description": "Eyeriss-like ASIC latency, estimated (HW-NAS-Bench)"},
    {"match": "*fpga_latency", "unit": "ms", "better": "lower",
     "description": "FPGA latency, estimated (HW-NAS-Bench)"}]},
  {"file": "help/nb201_latency.csv", "key": "arch_str", "prefix": "help_", "suffix": "_latency", "units": [
    {"match": "1080ti_*", "unit": "ms", "better": "lower",
     "description": "NVIDIA GTX 1080 Ti latency, batch size as in the name (HELP)"},
    {"match": "2080ti_*", "unit": "ms", "better": "lower",
     "description": "NVIDIA RTX 2080 Ti latency, batch size as in the name (HELP)"},
    {"match": "titan_rtx_*", "unit": "ms", "better": "lower",
     "description": "NVIDIA Titan RTX latency, batch size as in the name (HELP)"},
    {"match": "titanxp_*", "unit": "ms", "better": "lower",
     "description": "NVIDIA Titan Xp latency, batch size as in the name (HELP)"},
    {"match": "titanx_*", "unit": "ms", "better": "lower",
     "description": "NVIDIA GTX Titan X latency, batch size as in the name (HELP)"},
    {"match": "silver_4114", "unit": "ms", "better": "lower",
     "description": "Intel Xeon Silver 4114 CPU latency (HELP)"},
    {"match": "silver_4210r", "unit": "ms", "better": "lower",
     "description": "Intel Xeon Silver 4210R CPU latency (HELP)"},
    {"match": "gold_6226", "unit": "ms", "better": "lower",
     "description": "Intel Xeon Gold 6226 CPU latency (HELP)"},
    {"match": "gold_6240", "unit": "ms", "better": "lower",
     "description": "Intel Xeon Gold 6240 CPU latency (HELP)"},
    {"match": "pixel2", "unit": "ms", "better": "lower",
     "description": "Google Pixel 2 latency, whole ms (HELP)"},
    {"match": "essential_ph_1", "unit": "ms", "better": "lower",
     "description": "Essential Phone PH-1 latency, whole ms (HELP)"},
    {"match": "samsung_a50", "unit": "ms", "better": "lower",
     "description": "Samsung Galaxy A50 latency, whole ms (HELP)"},
    {"match": "samsung_s7", "unit": "ms", "better": "lower",
     "description": "Samsung Galaxy S7 latency, whole ms (HELP)"},
    {"match": "pixel3", "unit": "ms", "better": "lower",
     "description": "Google Pixel 3 latency, HELP's copy of HW-NAS-Bench's CIFAR-10 value"},
    {"match": "raspi4", "unit": "ms", "better": "lower",
     "description": "Raspberry Pi 4 latency, HELP's copy of HW-NAS-Bench's CIFAR-10 value"},
    {"match": "eyeriss", "unit": "ms", "better": "lower",
     "description": "Eyeriss-like ASIC latency, HELP's copy of HW-NAS-Bench's CIFAR-10 value"},
    {"match": "fpga", "unit": "ms", "better": "lower",
     "description": "FPGA latency, HELP's copy of HW-NAS-Bench's CIFAR-10 value"},
    {"match": "*", "unit": "ms", "better": "lower", "description": "latency (HELP)"}]}
])json";

const std::map<std::string, const char*, std::less<>>& presets() {
    static const std::map<std::string, const char*, std::less<>> all{{"nb201", nb201_preset}};
    return all;
}

}  // namespace

std::optional<nlohmann::json> find_preset(std::string_view name) {
    const auto it = presets().find(name);
    if (it == presets().end()) return std::nullopt;
    return nlohmann::json::parse(it->second);
}

std::vector<std::string> preset_names() {
    std::vector<std::string> names;
    for (const auto& [name, declaration] : presets()) names.push_back(name);
    return names;
}

}  // namespace hwnas::table
