// libhwnas_mpi: `hwnas bench --mpi`, loaded by the CLI only when --mpi is
// given. Open MPI (libmpi and the libraries it pulls in) is linked here and
// not into the hwnas command, so every other command starts without it.
#include "mpi_batch.hpp"

#include <chrono>
#include <cstring>

#include <boost/dll/alias.hpp>
#include <mpi.h>

#include "hwnas/error.hpp"

namespace hwnas::cli {

namespace {

/// MPI_Init / MPI_Finalize for the command's lifetime. Only `bench --mpi`
/// initialises MPI, so every other command runs without mpirun.
class MpiWorld {
public:
    MpiWorld() {
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (initialized) throw Error("--mpi: MPI is already initialised");
        MPI_Init(nullptr, nullptr);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
    }
    ~MpiWorld() { MPI_Finalize(); }
    MpiWorld(const MpiWorld&) = delete;
    MpiWorld& operator=(const MpiWorld&) = delete;

    [[nodiscard]] int rank() const noexcept { return rank_; }
    [[nodiscard]] int size() const noexcept { return size_; }

    /// Rank 0's message (empty: success) on every rank, so that all ranks
    /// stop together instead of waiting forever for a failed one.
    [[nodiscard]] std::string broadcast(std::string message) const {
        unsigned long length = message.size();
        MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
        message.resize(length);
        if (length > 0) MPI_Bcast(message.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
        return message;
    }

    [[nodiscard]] unsigned long sum(unsigned long value) const {
        unsigned long total = 0;
        MPI_Allreduce(&value, &total, 1, MPI_UNSIGNED_LONG, MPI_SUM, MPI_COMM_WORLD);
        return total;
    }

private:
    int rank_ = 0;
    int size_ = 1;
};

}  // namespace

engine::BatchOutcome run_batch_mpi(const engine::Grid& grid, const engine::PluginRegistry& registry,
                                   const std::filesystem::path& data_dir, engine::BatchOptions options, bool& is_root) {
    const auto start = std::chrono::steady_clock::now();
    if (options.shard_count != 1) throw Error("--mpi and --shard do not combine: with --mpi, each rank is a shard");
    const MpiWorld world;
    is_root = world.rank() == 0;

    // Rank 0 alone checks or creates batch.json; the others wait for its verdict.
    std::string problem;
    if (is_root) {
        try {
            engine::prepare_batch_output(grid, options);
        } catch (const std::exception& e) {
            problem = e.what();
        }
    }
    problem = world.broadcast(problem);
    if (!problem.empty()) throw Error(is_root ? problem : "rank 0 stopped the batch");

    // The folder is now known to hold this batch: every rank continues it.
    options.resume = true;
    options.shard_index = static_cast<std::size_t>(world.rank());
    options.shard_count = static_cast<std::size_t>(world.size());
    options.progress = options.progress && is_root;
    engine::BatchOutcome mine;
    std::string failure;
    try {
        mine = engine::run_batch(grid, registry, data_dir, options);
    } catch (const std::exception& e) {
        failure = e.what();  // still join the reductions below, so no rank hangs
    }
    const unsigned long failed_ranks = world.sum(failure.empty() ? 0 : 1);

    engine::BatchOutcome total;
    total.runs = world.sum(mine.runs);
    total.ran = world.sum(mine.ran);
    total.skipped = world.sum(mine.skipped);
    const unsigned long failed_runs = world.sum(mine.failed.size());
    total.failed = mine.failed;  // each rank reports its own failures
    if (!failure.empty()) throw Error("rank " + std::to_string(world.rank()) + ": " + failure);
    if (failed_ranks > 0) throw Error("another rank failed (see its message)");
    // Every rank is done: rank 0 writes the table of the whole batch.
    if (is_root) total.summary_written = engine::write_batch_table(options.output, total.missing);
    if (is_root && failed_runs > total.failed.size()) {
        total.failed.push_back(std::to_string(failed_runs - mine.failed.size()) + " more runs failed on other ranks");
    }
    total.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return total;
}

}  // namespace hwnas::cli

BOOST_DLL_ALIAS(hwnas::cli::run_batch_mpi, hwnas_run_batch_mpi)
