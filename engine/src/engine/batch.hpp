#pragma once
// Batch: every run of a grid, in parallel (oneTBB), each recorded whole as
// it finishes, so an interrupted batch resumes where it stopped.
//
// Output folder:
//   batch.json          the grid and its run list (written first; identifies the batch)
//   runs.jsonl          one line per finished run, its summary (see run_journal.hpp);
//                       runs.shard-<i>-of-<n>.jsonl for a shard or an MPI rank
//   runs/<id>/evaluations.csv   with save_evaluations
//   runs/<id>/error.txt      a run that failed (the others go on)
//   batch.csv           one row per run, written when every run is done
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/grid.hpp"
#include "engine/registry.hpp"
#include "engine/session.hpp"

namespace hwnas::engine {

struct BatchOptions {
    std::filesystem::path output;
    std::size_t threads = 0;  ///< 0: every core
    bool resume = false;
    std::size_t shard_index = 0;  ///< run only runs with index % shard_count == shard_index
    std::size_t shard_count = 1;
    bool progress = true;
    bool save_evaluations = false;
};

struct BatchOutcome {
    std::size_t runs = 0;      ///< in this shard
    std::size_t ran = 0;
    std::size_t skipped = 0;   ///< already done (resume)
    std::vector<std::string> failed;  ///< "id: message"
    bool summary_written = false;     ///< batch.csv (all runs of the grid present)
    std::vector<std::string> missing;  ///< run ids of the grid without results
    double wall_seconds = 0.0;
};

/// The session of each of `runs`: one per grid point (its seeds share it),
/// sharing one environment (space and loaded tables) per Environment::key;
/// made in parallel, errors thrown before any run.
std::vector<std::shared_ptr<const Session>> make_sessions(const std::vector<const GridRun*>& runs,
                                                         const PluginRegistry& registry,
                                                         const std::filesystem::path& data_dir, std::size_t threads = 0);

/// Checks or creates the folder's batch.json so that results of two
/// different grids never mix: an existing batch is continued only with
/// `resume`, and only if it is the same grid. run_batch() calls it first.
void prepare_batch_output(const Grid& grid, const BatchOptions& options);

BatchOutcome run_batch(const Grid& grid, const PluginRegistry& registry, const std::filesystem::path& data_dir,
                       const BatchOptions& options);

/// Rebuilds batch.csv from the runs present in `folder`; fills `missing`.
/// Returns true when every run of the batch is there.
bool write_batch_table(const std::filesystem::path& folder, std::vector<std::string>& missing);

/// Copies the runs of shard folders into `target` (same batch only) and
/// writes its batch.csv when complete.
BatchOutcome merge_batches(const std::filesystem::path& target, const std::vector<std::filesystem::path>& shards);

}  // namespace hwnas::engine
