// Evaluations per second of a search strategy on the NB201 table provider,
// one thread: the engine's whole loop (ask, validity check, cache, provider
// lookup, scoring, history, tell) as `hwnas run` executes it.
//
//   bench_search_throughput [strategy] [runs] [budget]   (defaults: regularized_evolution 2000 5000)
//
// HWNAS_BENCH_PLUGIN_DIR overrides the plugin folder of the build, so a copy
// of an older build can be measured side by side with its own plugins.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/experiment.hpp"
#include "engine/run.hpp"
#include "engine/session.hpp"

int main(int argc, char** argv) {
    const std::string strategy = argc > 1 ? argv[1] : "regularized_evolution";
    const int runs = argc > 2 ? std::atoi(argv[2]) : 2000;
    const std::uint64_t budget = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 5000;
    const char* env = std::getenv("HWNAS_DATA_DIR");
    const std::filesystem::path data_dir = env ? env : HWNAS_BENCH_DATA_DIR;
    const char* plugin_env = std::getenv("HWNAS_BENCH_PLUGIN_DIR");
    const std::filesystem::path plugin_dir = plugin_env ? plugin_env : HWNAS_BENCH_PLUGIN_DIR;

    hwnas::engine::PluginRegistry registry;
    registry.load_directories({plugin_dir});
    const nlohmann::json doc = {
        {"space", "nb201"},
        {"providers", {"table"}},
        {"dataset", "cifar10"},
        {"objective", {{"metric", "test_acc"}, {"goal", "maximize"}}},
        {"constraints", {{{"metric", "pixel3_latency"}, {"max", 5.0}}}},
        {"strategy", strategy},
        {"budget", budget}};
    const auto load_start = std::chrono::steady_clock::now();
    const hwnas::engine::Session session(hwnas::engine::parse_experiment(doc, "bench"), registry, data_dir);
    const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();

    std::uint64_t evaluations = 0;
    double best_sum = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int run = 0; run < runs; ++run) {
        const auto result = hwnas::engine::run_search(session, static_cast<std::uint64_t>(run), "run");
        evaluations += result.history.size();
        if (result.best) best_sum += result.history.fitness[*result.best];
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("strategy %s: %d runs x %llu evaluations = %llu evaluations in %.3f s (tables loaded in %.3f s)\n",
                strategy.c_str(), runs, static_cast<unsigned long long>(budget),
                static_cast<unsigned long long>(evaluations), seconds, load_seconds);
    std::printf("%.2f million evaluations/s on one thread; mean best feasible test_acc %.4f %%\n",
                evaluations / seconds / 1e6, best_sum / runs);
    return 0;
}
