#pragma once
// Writing results: evaluations.csv and summary.json of a run, atomically.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/run.hpp"
#include "engine/session.hpp"

namespace hwnas::engine {

/// Shortest decimal text that reads back to the same double ("nan"/"inf" spelled out).
std::string format_number(double value);

/// Writes `content` to a temporary file next to `path`, then renames it over
/// `path`, so readers see the old file or the new one, never half of one.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);
/// The same, for content made piece by piece: `write(out)` writes it to the
/// temporary file, so a large file is never held whole in memory.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

/// One row per evaluation: step, arch, genes, each metric, fitness, feasible.
std::string evaluations_csv(const Session& session, const History& history);

/// The run's summary: best feasible architecture with all its metrics, counts, timings.
nlohmann::json run_summary(const Session& session, const RunResult& result, std::uint64_t seed);

/// Several objectives: the feasible front after each generation that changed
/// it, one row per member: generation, evaluations, step, arch, genes, objectives.
std::string fronts_csv(const Session& session, const RunResult& result);

/// The known true front in the objectives' units ("" when there is none).
std::string true_front_csv(const Session& session);

/// Writes evaluations.csv and summary.json into `folder`, and for several
/// objectives front.csv, fronts.csv and (when known) true_front.csv.
void write_run(const std::filesystem::path& folder, const Session& session, const RunResult& result,
               std::uint64_t seed);

}  // namespace hwnas::engine
