#include "mpi_bench.hpp"

#include <functional>

#include <boost/dll/import.hpp>
#include <boost/dll/runtime_symbol_info.hpp>

#include "hwnas/error.hpp"

namespace hwnas::cli {

bool mpi_available() noexcept {
#ifdef HWNAS_HAVE_MPI
    return true;
#else
    return false;
#endif
}

engine::BatchOutcome run_batch_mpi(const engine::Grid& grid, const engine::PluginRegistry& registry,
                                   const std::filesystem::path& data_dir, engine::BatchOptions options, bool& is_root) {
    if (!mpi_available()) {
        throw Error("--mpi: this hwnas was built without MPI (install libopenmpi-dev and reconfigure with -DHWNAS_WITH_MPI=ON)");
    }
    // libhwnas_mpi sits in lib/ next to libhwnas, in the build tree and when
    // installed. Open MPI loads components of its own that expect libmpi's
    // symbols to be global, hence rtld_global.
    const boost::filesystem::path module =
        boost::dll::program_location().parent_path().parent_path() / "lib" / "libhwnas_mpi.so";
    using RunBatchMpi = engine::BatchOutcome(const engine::Grid&, const engine::PluginRegistry&,
                                             const std::filesystem::path&, engine::BatchOptions, bool&);
    std::function<RunBatchMpi> run;
    try {
        run = boost::dll::import_alias<RunBatchMpi>(
            module, "hwnas_run_batch_mpi", boost::dll::load_mode::rtld_global | boost::dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        throw Error("--mpi: cannot load " + module.string() + ": " + e.what());
    }
    return run(grid, registry, data_dir, std::move(options), is_root);
}

}  // namespace hwnas::cli
