// `hwnas bench --mpi` on two ranks gives the table of a plain batch.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

#ifdef HWNAS_TEST_MPIEXEC

TEST_CASE("a batch spread over two MPI ranks gives the same batch.csv as one process") {
    const auto dir = hwnas::test::temp_dir("mpi");
    const nlohmann::json grid = {
        {"experiment",
         {{"space", "nb201"},
          {"providers", {"table"}},
          {"dataset", "cifar10"},
          {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
          {"constraints", {{{"metric", "fpga_latency"}, {"max", {{"quantile", 0.2}}}}}},
          {"strategy", "regularized_evolution"},
          {"budget", 500}}},
        {"grid", {{"/strategy", {"regularized_evolution", "random"}}}},
        {"seeds", 5}};
    hwnas::test::write_file(dir / "grid.json", grid.dump());
    const std::string config = (dir / "grid.json").string();

    const auto plain = hwnas::test::run_hwnas("-q bench '" + config + "' -o '" + (dir / "plain").string() + "'");
    REQUIRE(plain.exit_code == 0);

    // As root, Open MPI wants explicit consent; oversubscribe lets 2 ranks run on any machine.
    const std::string command = std::string("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 '") +
                                HWNAS_TEST_MPIEXEC + "' --oversubscribe -np 2 '" + hwnas::test::binary().string() +
                                "' -q bench '" + config + "' -o '" + (dir / "mpi").string() + "' --mpi -j 1 >'" +
                                (dir / "out").string() + "' 2>&1";
    const int status = std::system(command.c_str());
    INFO(hwnas::test::read_file(dir / "out"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    // Rank 0 alone reports, for the whole batch.
    CHECK_THAT(hwnas::test::read_file(dir / "out"), Catch::Contains("10 runs: 10 ran, 0 already done, 0 failed"));
    CHECK(hwnas::test::read_file(dir / "mpi" / "batch.csv") == hwnas::test::read_file(dir / "plain" / "batch.csv"));

    // Mixing with --shard is refused on every rank, with a clear message.
    const auto refused = hwnas::test::run_hwnas("bench '" + config + "' -o '" + (dir / "x").string() + "' --mpi --shard 0/2");
    CHECK(refused.exit_code != 0);
    CHECK_THAT(refused.err, Catch::Contains("--mpi and --shard do not combine"));
}

#endif
