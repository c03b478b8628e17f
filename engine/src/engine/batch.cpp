#include "engine/batch.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <spdlog/spdlog.h>

#include "engine/csv_field.hpp"
#include "engine/environment.hpp"
#include "engine/progress.hpp"
#include "engine/results.hpp"
#include "engine/run.hpp"
#include "engine/run_journal.hpp"
#include "engine/session.hpp"
#include "engine/json_text.hpp"
#include "engine/parallel.hpp"

namespace hwnas::engine {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json manifest_head(const Grid& grid) {
    return {{"format", "hwnas-batch/1"}, {"name", grid.name}, {"dimensions", grid.dimensions}, {"grid", grid.source}};
}

json manifest(const Grid& grid) {
    json runs = json::array();
    for (const auto& r : grid.runs) runs.push_back({{"id", r.id}, {"key", *r.key}, {"seed", r.seed}});
    json m = manifest_head(grid);
    m["runs"] = std::move(runs);
    return m;
}

/// Writes manifest(grid).dump(1), byte for byte, without building it: for
/// a large grid the document of every run (6480 for HW-EvRSNAS) took 30 ms
/// and megabytes at the start of the batch. "runs" is the last key (keys
/// are sorted), and the seeds of a grid point share its key, escaped once.
void write_manifest(std::ostream& out, const Grid& grid) {
    std::string head = manifest_head(grid).dump(1);
    head.resize(head.size() - 2);  // the closing "\n}"
    out << head << ",\n \"runs\": [";
    const std::string* key = nullptr;
    std::string escaped;
    for (std::size_t i = 0; i < grid.runs.size(); ++i) {
        const GridRun& r = grid.runs[i];
        if (r.key.get() != key) {
            key = r.key.get();
            escaped = json(*key).dump();
        }
        out << (i == 0 ? "\n  {\n   \"id\": " : ",\n  {\n   \"id\": ") << json(r.id).dump() << ",\n   \"key\": " << escaped
            << ",\n   \"seed\": " << r.seed << "\n  }";
    }
    out << (grid.runs.empty() ? "]\n}\n" : "\n ]\n}\n");
}

}  // namespace

void prepare_batch_output(const Grid& grid, const BatchOptions& options) {
    const fs::path file = options.output / "batch.json";
    if (fs::exists(file)) {
        if (!options.resume) {
            throw Error(options.output.string() + " already holds a batch: add --resume to continue it, or choose another -o folder");
        }
        if (read_json_file(file).value("runs", json()) != manifest(grid)["runs"]) {
            throw Error(options.output.string() + " holds another batch (its runs differ from this grid's): choose another -o folder");
        }
        return;
    }
    write_file_atomically(file, [&](std::ostream& out) { write_manifest(out, grid); });
}

namespace {

/// The runs the folder's journals already hold, by id: their key and seed.
std::map<std::string, std::pair<json, json>> recorded_runs(const fs::path& folder) {
    std::map<std::string, std::pair<json, json>> done;
    for_each_run_record(folder, [&](const json& s, std::string_view, const std::string&) {
        const std::string id = record_id(s);
        if (!id.empty()) done.try_emplace(id, s["run"].value("key", json()), s.value("seed", json()));
    });
    return done;
}

/// Improvements of the best feasible fitness: [[step, fitness], ...].
json trajectory(const History& h) {
    json points = json::array();
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (h.feasible[i] && h.fitness[i] > best) {
            best = h.fitness[i];
            points.push_back({i, best});
        }
    }
    return points;
}

/// Records the run in the journal (and writes its evaluations when asked);
/// returns its summary.
json record_run(RunJournal& journal, const fs::path& folder, const Session& session, const GridRun& run,
                const RunResult& result, bool save_evaluations) {
    if (save_evaluations) {
        write_file_atomically(folder / "evaluations.csv", evaluations_csv(session, result.history));
        if (session.problem().objectives.size() > 1) write_file_atomically(folder / "fronts.csv", fronts_csv(session, result));
    }
    json summary = run_summary(session, result, run.seed);
    summary["run"] = {{"id", run.id}, {"index", run.index}, {"key", *run.key}, {"point", *run.point}};
    summary["trajectory"] = trajectory(result.history);
    summary["timing"] = {{"wall_seconds", result.wall_seconds}};
    summary.erase("wall_seconds");
    // Last: the run counts as done once its record is in the journal.
    journal.append(summary.dump());
    return summary;
}

std::string column_name(const std::string& pointer) {
    std::string name = pointer.substr(pointer.empty() ? 0 : 1);
    for (char& c : name) {
        if (c == '/') c = '.';
    }
    return name;
}

/// A number, or "" for anything else. NaN and infinity are written to the
/// journal as null, so they count as no number here too: a row made from a
/// summary in memory is then the row made from its record.
std::string number_field(const json& v) {
    return v.is_number() && std::isfinite(v.get<double>()) ? format_number(v.get<double>()) : "";
}

std::string table_row(const json& s, const std::vector<std::string>& dimensions) {
    std::string row = s["run"]["id"].get<std::string>() + "," + std::to_string(s["seed"].get<std::uint64_t>());
    for (const auto& d : dimensions) row += "," + csv_field(value_label(s["run"]["point"].value(d, json())));
    row += "," + csv_field(s["strategy"].get<std::string>()) + "," + csv_field(s["dataset"].get<std::string>());
    const json& objective = s["objectives"].at(0);
    const json& best = s["best"];
    const std::string objective_metric = objective["metric"];
    row += "," + csv_field(objective_metric) + "," + (best.is_object() ? number_field(best["metrics"].value(objective_metric, json())) : "");
    if (!s["constraints"].empty()) {
        const json& c = s["constraints"].at(0);
        const std::string metric = c["metric"];
        row += "," + csv_field(metric) + "," + number_field(c.contains("max") ? c["max"] : c.value("min", json()));
        row += "," + (best.is_object() ? number_field(best["metrics"].value(metric, json())) : "");
    } else {
        row += ",,,";
    }
    row += best.is_object() ? ",1," + number_field(best["fitness"]) + "," + std::to_string(best["step"].get<std::size_t>() + 1)
                            : ",0,,";
    const json& e = s["evaluations"];
    row += "," + std::to_string(e["total"].get<std::size_t>()) + "," + std::to_string(e["unique"].get<std::size_t>()) + "," +
           std::to_string(e["feasible"].get<std::size_t>());
    row += "," + (best.is_object() ? csv_field(best["arch"].get<std::string>()) : "");
    const json pareto = s.value("pareto", json::object());
    row += "," + number_field(pareto.value("hypervolume", json())) + "," + number_field(pareto.value("igd", json()));
    row += '\n';
    return row;
}

/// true_front.csv for `hwnas report`, when every multi-objective run of the
/// batch compares with the same known front (e.g. seeds x strategies).
void write_shared_true_front(const fs::path& folder, const std::vector<std::shared_ptr<const Session>>& sessions) {
    const Session* first = nullptr;
    for (const auto& s : sessions) {
        if (s->problem().objectives.size() < 2) continue;
        if (!s->true_front()) return;
        if (!first) {
            first = s.get();
        } else if (s->true_front() != first->true_front() &&
                   (*s->true_front() != *first->true_front() || true_front_csv(*s) != true_front_csv(*first))) {
            return;  // several fronts (e.g. a swept device): none is "the" front of the batch
        }
    }
    if (first) write_file_atomically(folder / "true_front.csv", true_front_csv(*first));
}

/// What batch.csv is made of: the run ids in batch order, and the swept
/// dimensions that get a column (strategy and dataset have columns of their
/// own and are not repeated as swept values).
struct TableLayout {
    std::vector<std::string> ids;
    std::vector<std::string> dimensions;

    void add_dimension(const std::string& d) {
        if (d != "/strategy" && d != "/dataset") dimensions.push_back(d);
    }
};

TableLayout layout_of(const Grid& grid) {
    TableLayout layout;
    for (const auto& run : grid.runs) layout.ids.push_back(run.id);
    for (const auto& d : grid.dimensions) layout.add_dimension(d);
    return layout;
}

TableLayout layout_of(const json& manifest) {
    TableLayout layout;
    for (const auto& r : manifest.at("runs")) layout.ids.push_back(r.at("id").get<std::string>());
    for (const auto& d : manifest.at("dimensions")) layout.add_dimension(d.get<std::string>());
    return layout;
}

/// batch.csv; `known` holds rows already made, by run id (the runs of this
/// process); the others are made from the journals.
bool write_table(const fs::path& folder, const TableLayout& layout, std::map<std::string, std::string> known,
                 std::vector<std::string>& missing) {
    const std::vector<std::string>& dimensions = layout.dimensions;
    if (known.size() < layout.ids.size()) {
        for_each_run_record(folder, [&](const json& s, std::string_view, const std::string& origin) {
            const std::string id = record_id(s);
            if (id.empty() || known.count(id) != 0) return;
            try {
                known.emplace(id, table_row(s, dimensions));
            } catch (const json::exception& e) {
                throw Error(origin + ": not a run summary of hwnas bench: " + e.what());
            }
        });
    }
    missing.clear();
    for (const auto& id : layout.ids) {
        if (known.count(id) == 0) missing.push_back(id);
    }
    if (!missing.empty()) return false;
    // Written as it is made: the rows are already in memory, a second copy
    // of them (2.7 MB for a 6480-run grid) would be the batch's peak.
    write_file_atomically(folder / "batch.csv", [&](std::ostream& out) {
        std::string header = "run,seed";
        for (const auto& d : dimensions) {
            header += ',';  // not "," + field: GCC 12 warns falsely (-Wrestrict) on that when inlined here
            header += csv_field(column_name(d));
        }
        header += ",strategy,dataset,objective,best_objective,constraint,bound,best_constraint_value,found_feasible,"
                  "best_fitness,evaluations_to_best,evaluations,unique,feasible_evaluations,best_arch,hypervolume,igd\n";
        out << header;
        for (const auto& id : layout.ids) out << known.at(id);
    });
    return true;
}

}  // namespace

bool write_batch_table(const fs::path& folder, std::vector<std::string>& missing) {
    return write_table(folder, layout_of(read_json_file(folder / "batch.json")), {}, missing);
}

namespace {

/// The metrics that these grid points bound by quantile, as `environment`
/// resolves them; a name that does not resolve is left for its session to report.
std::vector<MetricRoute> quantile_bounded_metrics(const Environment& environment, const std::vector<const Experiment*>& points,
                                                  const std::vector<std::size_t>& members) {
    std::vector<MetricRoute> routes;
    for (const std::size_t m : members) {
        const Experiment& e = *points[m];
        for (std::size_t i = 0; i < e.constraints.size(); ++i) {
            if (!e.constraint_quantiles[i].max && !e.constraint_quantiles[i].min) continue;
            try {
                const MetricRoute route = environment.resolve_metric(e.constraints[i].metric, e.constraint_where[i] / "metric");
                if (std::find(routes.begin(), routes.end(), route) == routes.end()) routes.push_back(route);
            } catch (const std::exception&) {
            }
        }
    }
    return routes;
}

/// Hands the free pages of every thread's heap back to the system. Loading
/// frees megabytes (file buffers, scratch columns, sorted values) on several
/// threads' heaps, which would otherwise stay resident through the runs.
void release_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace

std::vector<std::shared_ptr<const Session>> make_sessions(const std::vector<const GridRun*>& runs,
                                                         const PluginRegistry& registry, const fs::path& data_dir,
                                                         std::size_t threads) {
    tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));

    // One environment (space + loaded tables) per distinct space/providers/dataset, made in parallel.
    std::map<std::string, std::shared_ptr<const Environment>> environments;
    std::vector<const Experiment*> firsts;
    // One session per grid point: the seeds of a point share its experiment,
    // and a session is immutable once made, so runs on several threads share it.
    std::map<const Experiment*, std::size_t> point_of;
    std::vector<const Experiment*> points;
    std::vector<std::string> environment_of;  ///< per point, its environment's key
    for (const GridRun* run : runs) {
        const Experiment* e = run->experiment.get();
        if (!point_of.emplace(e, points.size()).second) continue;  // another seed of a known point
        points.push_back(e);
        environment_of.push_back(Environment::key(*e));
        if (environments.emplace(environment_of.back(), nullptr).second) firsts.push_back(e);
    }
    // The environments on one space share what their plugins load (e.g. the
    // table files and columns that every dataset's provider reads); the
    // loaded data lives on in the providers that use it.
    std::map<std::string, std::unique_ptr<SharedData>> shared;
    for (const Experiment* e : firsts) shared.try_emplace(Environment::space_key(*e), std::make_unique<SharedData>());
    std::mutex environments_mutex;
    parallel_for_index(arena, firsts.size(), 1, [&](std::size_t i) {
        auto environment = std::make_shared<const Environment>(*firsts[i], registry, data_dir,
                                                               shared.at(Environment::space_key(*firsts[i])).get());
        const std::lock_guard lock(environments_mutex);
        environments[Environment::key(*firsts[i])] = std::move(environment);
    });

    shared.clear();  // the table files are read: what the providers keep is theirs
    release_free_memory();  // the files' buffers and scratch columns, freed on every thread

    // The sessions of one environment at a time, in parallel: quantile
    // bounds keep each metric's sorted values until the environment's
    // sessions are made, and one environment's are a third of the grid's
    // (27 device metrics, 3.4 MB, not 10).
    std::map<std::string, std::vector<std::size_t>> points_of;
    for (std::size_t i = 0; i < points.size(); ++i) points_of[environment_of[i]].push_back(i);
    std::vector<std::shared_ptr<const Session>> by_point(points.size());
    for (const auto& [key, members] : points_of) {
        const auto& environment = environments.at(key);
        environment->prepare_quantiles(quantile_bounded_metrics(*environment, points, members), arena);
        parallel_for_index(arena, members.size(), 1, [&](std::size_t m) {
            by_point[members[m]] = std::make_shared<const Session>(*points[members[m]], registry, environment);
        });
        environment->release_quantile_data();
    }
    std::vector<std::shared_ptr<const Session>> sessions;
    sessions.reserve(runs.size());
    for (const GridRun* run : runs) sessions.push_back(by_point[point_of.at(run->experiment.get())]);
    release_free_memory();  // the quantiles' sorted values
    return sessions;
}

BatchOutcome run_batch(const Grid& grid, const PluginRegistry& registry, const fs::path& data_dir,
                       const BatchOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    if (options.shard_count == 0 || options.shard_index >= options.shard_count) {
        throw Error("--shard i/n needs 0 <= i < n");
    }
    fs::create_directories(options.output);
    prepare_batch_output(grid, options);

    // Runs of this shard that are not done yet: done means recorded with this key and seed.
    BatchOutcome outcome;
    std::vector<const GridRun*> pending;
    const auto done = options.resume ? recorded_runs(options.output) : std::map<std::string, std::pair<json, json>>{};
    for (const auto& run : grid.runs) {
        if (run.index % options.shard_count != options.shard_index) continue;
        ++outcome.runs;
        const auto it = done.find(run.id);
        if (it != done.end() && it->second.first == *run.key && it->second.second == run.seed) {
            ++outcome.skipped;
            continue;
        }
        pending.push_back(&run);
    }

    tbb::task_arena arena(options.threads == 0 ? tbb::task_arena::automatic : static_cast<int>(options.threads));

    // Every session up front, so a config error stops the batch before any run.
    const auto seconds_since_start = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    spdlog::debug("batch: {} runs to run, listed at {:.3f} s", pending.size(), seconds_since_start());
    auto sessions = make_sessions(pending, registry, data_dir, options.threads);
    spdlog::debug("batch: sessions ready at {:.3f} s", seconds_since_start());

    write_shared_true_front(options.output, sessions);

    // Each run's batch.csv row is made on the thread that ran it, from its
    // summary in memory (the same row as from its journal record, see number_field):
    // the table at the end then reads no record of these runs, which was a
    // serial tail of the batch. The rows wait in a scratch file, not in
    // memory, where a large grid's (1.9 MB for 6480 runs) would stay
    // resident through every run; each line is "<position in pending>,<row>".
    const TableLayout layout = layout_of(grid);
    auto rows = std::make_unique<ScratchLines>(options.output);
    std::mutex failed_mutex;
    RunJournal journal(options.output / journal_name(options.shard_index, options.shard_count));
    {
        Progress progress("runs", pending.size(), options.progress);
        parallel_for_index(arena, pending.size(), 1, [&](std::size_t i) {
            const GridRun& run = *pending[i];
            const fs::path folder = options.output / "runs" / run.id;
            try {
                const auto result = run_search(*sessions[i], run.seed, *run.key);
                const json summary = record_run(journal, folder, *sessions[i], run, result, options.save_evaluations);
                std::string line = std::to_string(i) + ',' + table_row(summary, layout.dimensions);
                line.pop_back();  // the journal adds the newline
                rows->append(line);
            } catch (const std::exception& e) {
                // One failing run does not stop the others; it is reported at the end.
                fs::create_directories(folder);
                write_file_atomically(folder / "error.txt", std::string(e.what()) + "\n");
                const std::lock_guard lock(failed_mutex);
                outcome.failed.push_back(run.id + ": " + e.what());
            }
            progress.step();
        });
    }
    spdlog::debug("batch: runs done at {:.3f} s", seconds_since_start());
    sessions.clear();  // the tables they hold are not needed for batch.csv
    outcome.ran = pending.size() - outcome.failed.size();
    std::sort(outcome.failed.begin(), outcome.failed.end());
    std::map<std::string, std::string> known_rows;
    {
        const std::string text = rows->read_all();
        rows.reset();
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t comma = text.find(',', at);
            const std::size_t end = text.find('\n', comma);
            const std::size_t i = std::stoul(text.substr(at, comma - at));
            known_rows.emplace(pending.at(i)->id, text.substr(comma + 1, end + 1 - (comma + 1)));
            at = end + 1;
        }
    }
    outcome.summary_written = write_table(options.output, layout, std::move(known_rows), outcome.missing);
    outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

BatchOutcome merge_batches(const fs::path& target, const std::vector<fs::path>& shards) {
    BatchOutcome outcome;
    std::optional<RunJournal> journal;
    std::set<std::string> present;
    for (const auto& shard : shards) {
        const json m = read_json_file(shard / "batch.json");
        if (!fs::exists(target / "batch.json")) {
            write_file_atomically(target / "batch.json", m.dump(1) + "\n");
        } else if (read_json_file(target / "batch.json").value("runs", json()) != m.value("runs", json())) {
            throw Error(shard.string() + " holds another batch than " + target.string() + ": only shards of one grid merge");
        }
        if (!journal) {
            for_each_run_record(target, [&](const json& s, std::string_view, const std::string&) { present.insert(record_id(s)); });
            journal.emplace(target / journal_name(0, 1));
        }
        if (fs::equivalent(shard, target)) continue;
        std::set<std::string> listed;
        for (const auto& r : m.at("runs")) listed.insert(r.at("id").get<std::string>());
        for_each_run_record(shard, [&](const json& s, std::string_view text, const std::string&) {
            const std::string id = record_id(s);
            if (listed.count(id) == 0 || !present.insert(id).second) return;
            journal->append(text);
            // The run's other files (evaluations.csv with --save-evaluations).
            const fs::path from = shard / "runs" / id;
            if (fs::is_directory(from)) {
                const fs::path to = target / "runs" / id;
                fs::create_directories(to);
                for (const auto& entry : fs::directory_iterator(from)) {
                    if (entry.path().filename() == "summary.json") continue;  // the record is in the journal now
                    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing);
                }
            }
            ++outcome.ran;
        });
    }
    outcome.summary_written = write_batch_table(target, outcome.missing);
    return outcome;
}

}  // namespace hwnas::engine
