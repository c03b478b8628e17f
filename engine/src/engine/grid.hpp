#pragma once
// Grid: a batch of runs described as one experiment plus the values to sweep.
//
//   {"experiment": {...}, "grid": {"/dataset": ["cifar10", "cifar100"],
//    "/constraints/0/max/quantile": [0.1, 0.5]}, "zip": [{"/a": [..], "/b": [..]}],
//    "seeds": 10, "output": "runs/x"}
// Every "grid" entry is a JSON pointer into the experiment with a list of
// values; runs are the cartesian product of the entries (in pointer order),
// each "zip" group sweeping its pointers together, times the seeds.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/experiment.hpp"

namespace hwnas::engine {

struct GridRun {
    std::size_t index = 0;          ///< position in the batch (grid order)
    std::string id;                 ///< folder name under runs/, e.g. "r00042"
    /// Grid point (without seed): what the random stream derives from; shared by the seeds of one point.
    std::shared_ptr<const std::string> key;
    /// {pointer: value} of this run's grid values; shared by the seeds of one grid point.
    std::shared_ptr<const nlohmann::json> point;
    std::uint64_t seed = 0;
    std::shared_ptr<const Experiment> experiment;  ///< shared by the seeds of one grid point
};

struct Grid {
    std::string name;
    std::filesystem::path file;
    std::filesystem::path output;
    std::vector<std::string> dimensions;  ///< swept pointers, in column order
    std::vector<GridRun> runs;
    nlohmann::json source;
};

/// True when a JSON document is a grid (has "grid", "zip" or "seeds" next to "experiment").
bool is_grid(const nlohmann::json& doc);

/// Expands a grid document; every run's experiment is parsed and checked
/// (errors name the grid file and the pointer inside the run's experiment).
Grid parse_grid(const nlohmann::json& doc, const std::string& file);

/// A short label of a grid value for tables: a plugin's name, a string, a number.
std::string value_label(const nlohmann::json& value);

}  // namespace hwnas::engine
