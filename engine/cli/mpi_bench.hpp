#pragma once
// `hwnas bench --mpi`: the runs of a grid spread over MPI ranks, for
// clusters where a job gets several nodes rather than a job array.
#include "engine/batch.hpp"
#include "engine/grid.hpp"
#include "engine/registry.hpp"

namespace hwnas::cli {

/// True when this hwnas was built with Open MPI (HWNAS_WITH_MPI).
bool mpi_available() noexcept;

/// Rank r of n runs shard r/n of the grid into the shared output folder
/// (rank 0 checks or creates it first); rank 0 then writes batch.csv. Every
/// rank returns the whole batch's outcome; `is_root` tells rank 0. Loads
/// libhwnas_mpi (engine/mpi) for the call: Open MPI is not linked into hwnas.
engine::BatchOutcome run_batch_mpi(const engine::Grid& grid, const engine::PluginRegistry& registry,
                                   const std::filesystem::path& data_dir, engine::BatchOptions options, bool& is_root);

}  // namespace hwnas::cli
