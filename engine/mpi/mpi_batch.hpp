#pragma once
// The MPI mode of `hwnas bench`, built into its own library (libhwnas_mpi)
// that the CLI loads when --mpi is given (engine/cli/mpi_bench.cpp).
#include <filesystem>

#include "engine/batch.hpp"
#include "engine/grid.hpp"
#include "engine/registry.hpp"

namespace hwnas::cli {

/// Rank r of n runs shard r/n of the grid into the shared output folder
/// (rank 0 checks or creates it first); rank 0 then writes batch.csv. Every
/// rank returns the whole batch's outcome; `is_root` tells rank 0.
engine::BatchOutcome run_batch_mpi(const engine::Grid& grid, const engine::PluginRegistry& registry,
                                   const std::filesystem::path& data_dir, engine::BatchOptions options, bool& is_root);

}  // namespace hwnas::cli
