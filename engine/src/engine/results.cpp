#include "engine/results.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <unistd.h>

#include "engine/front_history.hpp"
#include "engine/pareto.hpp"

namespace hwnas::engine {

std::string format_number(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, end);
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
    write_file_atomically(path, [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); });
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    const std::filesystem::path temporary = path.string() + ".tmp." + std::to_string(::getpid());
    try {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(temporary.string() + ": cannot create file");
        write(out);
        out.flush();
        if (!out) throw Error(temporary.string() + ": write failed (disk full?)");
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::filesystem::remove(temporary);
        throw Error(path.string() + ": cannot replace file: " + ec.message());
    }
}

std::string evaluations_csv(const Session& session, const History& history) {
    const auto& problem = session.problem();
    const SearchSpace& space = session.space();
    std::string out = "step,arch,genes";
    for (const auto& m : problem.metrics) out += "," + m.name;
    out += ",fitness,feasible\n";
    out.reserve(out.size() + history.size() * (64 + 16 * problem.metrics.size()));
    for (std::size_t row = 0; row < history.size(); ++row) {
        out += std::to_string(row);
        out += ',';
        out += space.to_string(history.archs[row]);
        out += ',';
        out += to_genes_string(history.archs[row]);
        const double* metrics = history.metrics_of(row);
        for (std::size_t i = 0; i < history.metric_count; ++i) {
            out += ',';
            out += format_number(metrics[i]);
        }
        out += ',';
        out += format_number(history.fitness[row]);
        out += history.feasible[row] ? ",1\n" : ",0\n";
    }
    return out;
}

namespace {

nlohmann::json describe_row(const Session& session, const History& history, std::size_t row) {
    const Architecture& arch = history.archs[row];
    return {{"arch", session.space().to_string(arch)},
            {"genes", to_genes_string(arch)},
            {"step", row},
            {"fitness", history.fitness[row]},
            {"metrics", session.all_metrics(arch)}};
}

/// Equal up to rounding: a known front read from a file was printed in decimal.
bool same_point(const Point& a, const Point& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::abs(a[i] - b[i]) > 1e-9 * std::max({1.0, std::abs(a[i]), std::abs(b[i])})) return false;
    }
    return true;
}

std::vector<Point> front_points(const History& h, std::span<const std::size_t> rows) {
    std::vector<Point> points;
    for (const std::size_t row : rows) points.emplace_back(h.objectives_of(row), h.objectives_of(row) + h.objective_count);
    return points;
}

/// Per generation whose end changed the front: its size and hypervolume.
nlohmann::json generations_json(const Session& session, const std::vector<FrontSnapshot>& snapshots, const History& h) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : snapshots) {
        nlohmann::json g = {{"generation", s.generation}, {"evaluations", s.evaluations}, {"front_size", s.rows.size()}};
        if (const auto& reference = session.reference_point()) g["hypervolume"] = hypervolume(front_points(h, s.rows), *reference);
        out.push_back(std::move(g));
    }
    return out;
}

/// Hypervolume, IGD and recovered share of the run's front (several objectives).
nlohmann::json pareto_measures(const Session& session, const RunResult& result) {
    const History& h = result.history;
    const std::vector<Point> front = front_points(h, result.front);
    nlohmann::json out = {{"front_size", front.size()}};
    if (const auto& reference = session.reference_point()) {
        out["hypervolume"] = hypervolume(front, *reference);
        out["reference_point"] = *reference;  // minimisation form
    }
    if (const auto* truth = session.true_front()) {
        std::size_t recovered = 0;
        for (const auto& t : *truth) recovered += std::any_of(front.begin(), front.end(), [&](const Point& p) { return same_point(p, t); }) ? 1 : 0;
        out["true_front_size"] = truth->size();
        out["true_front_recovered"] = recovered;
        out["igd"] = inverted_generational_distance(front, *truth);
        if (const auto& reference = session.reference_point()) out["true_hypervolume"] = hypervolume(*truth, *reference);
    }
    out["generations"] = generations_json(session, front_history(h, result.round_ends), h);
    return out;
}

std::string objective_header(const Session& session) {
    std::string out;
    for (const auto& o : session.problem().objectives) out += "," + o.metric;
    return out;
}

/// A point back in the metrics' own units (maximised objectives were negated).
std::string objective_fields(const Session& session, const double* point) {
    const auto& objectives = session.problem().objectives;
    std::string out;
    for (std::size_t i = 0; i < objectives.size(); ++i) {
        out += ',';  // not "," + number: GCC 12 warns falsely (-Wrestrict) on that when inlined here
        out += format_number(objectives[i].goal == Goal::maximize ? -point[i] : point[i]);
    }
    return out;
}

std::string front_csv(const Session& session, const RunResult& result) {
    std::string out = "step,arch,genes" + objective_header(session) + "\n";
    const History& h = result.history;
    for (const std::size_t row : result.front) {
        out += std::to_string(row) + "," + session.space().to_string(h.archs[row]) + "," + to_genes_string(h.archs[row]);
        out += objective_fields(session, h.objectives_of(row)) + "\n";
    }
    return out;
}

}  // namespace

nlohmann::json run_summary(const Session& session, const RunResult& result, std::uint64_t seed) {
    const auto& e = session.experiment();
    const auto& h = result.history;
    nlohmann::json summary;
    summary["experiment"] = e.name;
    summary["space"] = std::string(session.space().name());
    summary["strategy"] = e.strategy.plugin;
    summary["dataset"] = e.dataset;
    summary["seed"] = seed;
    nlohmann::json objectives = nlohmann::json::array();
    for (const auto& o : session.problem().objectives) {
        objectives.push_back({{"metric", o.metric}, {"goal", o.goal == Goal::maximize ? "maximize" : "minimize"}});
    }
    summary["objectives"] = objectives;
    nlohmann::json constraints = nlohmann::json::array();
    for (const auto& c : session.problem().constraints) {
        nlohmann::json j = {{"metric", c.metric}};
        if (c.max) j["max"] = *c.max;
        if (c.min) j["min"] = *c.min;
        constraints.push_back(j);
    }
    summary["constraints"] = constraints;
    summary["best"] = result.best ? describe_row(session, h, *result.best) : nlohmann::json(nullptr);
    if (!result.front.empty()) {
        nlohmann::json front = nlohmann::json::array();
        for (const std::size_t row : result.front) front.push_back(describe_row(session, h, row));
        summary["pareto_front"] = front;
    }
    if (session.problem().objectives.size() > 1) summary["pareto"] = pareto_measures(session, result);
    std::size_t feasible = 0;
    for (const auto f : h.feasible) feasible += f;
    summary["evaluations"] = {{"total", h.size()},
                              {"unique", result.unique},
                              {"feasible", feasible},
                              {"simulated_seconds", result.simulated_seconds}};
    summary["stop_reason"] = result.stop_reason;
    summary["wall_seconds"] = result.wall_seconds;
    summary["strategy_info"] = result.strategy_info;
    return summary;
}

std::string fronts_csv(const Session& session, const RunResult& result) {
    std::string out = "generation,evaluations,step,arch,genes" + objective_header(session) + "\n";
    const History& h = result.history;
    for (const auto& s : front_history(h, result.round_ends)) {
        const std::string prefix = std::to_string(s.generation) + "," + std::to_string(s.evaluations) + ",";
        for (const std::size_t row : s.rows) {
            out += prefix + std::to_string(row) + "," + session.space().to_string(h.archs[row]) + "," + to_genes_string(h.archs[row]);
            out += objective_fields(session, h.objectives_of(row)) + "\n";
        }
    }
    return out;
}

std::string true_front_csv(const Session& session) {
    const auto* truth = session.true_front();
    if (!truth) return {};
    std::string out = objective_header(session).substr(1) + "\n";
    for (const auto& p : *truth) out += objective_fields(session, p.data()).substr(1) + "\n";
    return out;
}

void write_run(const std::filesystem::path& folder, const Session& session, const RunResult& result,
               std::uint64_t seed) {
    std::filesystem::create_directories(folder);
    write_file_atomically(folder / "evaluations.csv", evaluations_csv(session, result.history));
    if (session.problem().objectives.size() > 1) {
        write_file_atomically(folder / "front.csv", front_csv(session, result));
        write_file_atomically(folder / "fronts.csv", fronts_csv(session, result));
        if (session.true_front()) write_file_atomically(folder / "true_front.csv", true_front_csv(session));
    }
    write_file_atomically(folder / "summary.json", run_summary(session, result, seed).dump(2) + "\n");
}

}  // namespace hwnas::engine
