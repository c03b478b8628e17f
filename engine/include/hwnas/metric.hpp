#pragma once
// What a cost provider can measure: a named metric with its unit and the
// direction in which it is better.
#include <string>
#include <string_view>

namespace hwnas {

enum class Direction { lower_is_better, higher_is_better };

struct MetricInfo {
    std::string name;         ///< e.g. "pixel3_latency", "test_acc"
    std::string unit;         ///< e.g. "ms", "%", "mJ", "MFLOPs"; empty if unitless
    Direction better = Direction::lower_is_better;
    std::string description;  ///< one line for `hwnas describe`
};

inline std::string_view to_string(Direction d) noexcept {
    return d == Direction::lower_is_better ? "lower" : "higher";
}

}  // namespace hwnas
