#include "engine/grid.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/suggest.hpp"

namespace hwnas::engine {
namespace {

using nlohmann::json;

/// More runs than this is a mistake (a list where a count was meant, or too
/// many axes): refused before anything is allocated.
constexpr std::uint64_t max_runs = 10'000'000;

struct Axis {
    std::vector<std::string> pointers;  ///< swept together
    std::vector<std::vector<json>> values;  ///< values[pointer][i]
    std::vector<Location> where;  ///< of each pointer in the grid file
    [[nodiscard]] std::size_t size() const { return values.front().size(); }
};

std::vector<json> value_list(const json& values, const Location& where) {
    if (!values.is_array() || values.empty()) where.fail("expected a non-empty array of values to sweep, found " + describe(values));
    return values.get<std::vector<json>>();
}

json::json_pointer pointer(const std::string& text, const Location& where) {
    try {
        return json::json_pointer(text);
    } catch (const json::exception&) {
        where.fail("expected a JSON pointer into the experiment such as \"/dataset\" or \"/strategy/params/population\", found \"" + text + "\"");
    }
}

std::vector<Axis> parse_axes(const json& doc, const Location& root) {
    std::vector<Axis> axes;
    if (doc.contains("grid")) {
        const json& grid = doc.at("grid");
        if (!grid.is_object()) (root / "grid").fail("expected an object {\"/pointer\": [values...]}, found " + describe(grid));
        for (const auto& [ptr, values] : grid.items()) {
            pointer(ptr, root / "grid" / ptr);
            axes.push_back({{ptr}, {value_list(values, root / "grid" / ptr)}, {root / "grid" / ptr}});
        }
    }
    if (doc.contains("zip")) {
        const json& zip = doc.at("zip");
        if (!zip.is_array()) (root / "zip").fail("expected an array of groups {\"/pointer\": [values...]}, found " + describe(zip));
        for (std::size_t g = 0; g < zip.size(); ++g) {
            const Location at = root / "zip" / g;
            if (!zip[g].is_object() || zip[g].empty()) at.fail("expected a non-empty object {\"/pointer\": [values...]}, found " + describe(zip[g]));
            Axis axis;
            for (const auto& [ptr, values] : zip[g].items()) {
                pointer(ptr, at / ptr);
                axis.pointers.push_back(ptr);
                axis.values.push_back(value_list(values, at / ptr));
                axis.where.push_back(at / ptr);
                if (axis.values.back().size() != axis.values.front().size()) {
                    (at / ptr).fail("has " + std::to_string(axis.values.back().size()) + " values, but \"" + axis.pointers.front() +
                                    "\" has " + std::to_string(axis.values.front().size()) + ": zipped lists must be equally long");
                }
            }
            axes.push_back(std::move(axis));
        }
    }
    return axes;
}

// JSON written by programs may hold non-negative integers as signed ones.
bool non_negative(const json& v) { return v.is_number_integer() && (v.is_number_unsigned() || v.get<std::int64_t>() >= 0); }

std::uint64_t base_seed(const json& experiment, const Location& root) {
    if (!experiment.contains("seed")) return 0;
    const json& seed = experiment.at("seed");
    if (!non_negative(seed)) (root / "experiment" / "seed").fail("expected a non-negative integer seed, found " + describe(seed));
    return seed.get<std::uint64_t>();
}

std::vector<std::uint64_t> parse_seeds(const json& doc, const Location& root, std::uint64_t base) {
    if (!doc.contains("seeds")) return {base};
    const json& seeds = doc.at("seeds");
    std::vector<std::uint64_t> out;
    if (non_negative(seeds) && seeds.get<std::uint64_t>() > max_runs) {
        (root / "seeds").fail("expected at most " + std::to_string(max_runs) + " seeds, found " + seeds.dump());
    }
    if (non_negative(seeds) && seeds.get<std::uint64_t>() > 0) {
        for (std::uint64_t s = 0; s < seeds.get<std::uint64_t>(); ++s) out.push_back(base + s);
        return out;
    }
    if (seeds.is_array() && !seeds.empty()) {
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            if (!non_negative(seeds[i])) (root / "seeds" / i).fail("expected a non-negative integer seed, found " + describe(seeds[i]));
            out.push_back(seeds[i].get<std::uint64_t>());
        }
        return out;
    }
    (root / "seeds").fail("expected a number of seeds (> 0) or an array of seeds, found " + describe(seeds));
}

/// The grid's run count, refused above max_runs (before the runs are made).
void check_run_count(const std::vector<Axis>& axes, std::size_t seeds, const Location& root) {
    std::uint64_t runs = seeds;
    for (const auto& axis : axes) {
        if (runs > max_runs / axis.size()) {
            root.fail("the grid sweeps more than " + std::to_string(max_runs) +
                      " runs: sweep fewer values or split it into several grids");
        }
        runs *= axis.size();
    }
}

/// Sets `text` in `experiment` to `value`. Missing object members on the way
/// are created (e.g. "/strategy/params/population" without params); arrays
/// are only indexed, never grown, and scalars are never descended into.
void set_swept_value(json& experiment, const std::string& text, const json& value, const Location& where) {
    std::vector<std::string> tokens;
    for (auto p = json::json_pointer(text); !p.empty(); p = p.parent_pointer()) tokens.insert(tokens.begin(), p.back());
    json* at = &experiment;
    std::string path;
    for (const std::string& token : tokens) {
        if (at->is_array()) {
            const bool digits = !token.empty() && token.size() < 10 &&
                                std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits || std::stoul(token) >= at->size()) {
                where.fail("cannot sweep \"" + text + "\": the experiment's " + (path.empty() ? "/" : path) + " is an array of " +
                           std::to_string(at->size()) + " and \"" + token + "\" is not one of its indices");
            }
            at = &(*at)[std::stoul(token)];
        } else if (at->is_object() || at->is_null()) {
            at = &(*at)[token];
        } else {
            where.fail("cannot sweep \"" + text + "\": the experiment's " + path + " is " + describe(*at) + ", not an object or array");
        }
        path += "/" + token;
    }
    *at = value;
}

}  // namespace

bool is_grid(const json& doc) {
    return doc.is_object() && doc.contains("experiment");
}

std::string value_label(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object() && value.contains("plugin") && value.at("plugin").is_string()) {
        return value.contains("id") && value.at("id").is_string() ? value.at("id").get<std::string>()
                                                                  : value.at("plugin").get<std::string>();
    }
    return value.dump();
}

Grid parse_grid(const json& doc, const std::string& file) {
    const Location root(file);
    if (!doc.is_object()) root.fail("expected a grid object, found " + describe(doc));
    const std::vector<std::string> keys = {"name", "description", "experiment", "grid", "zip", "seeds", "output"};
    for (const auto& [key, value] : doc.items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            (root / key).fail("unknown key '" + key + "'" + did_you_mean(key, keys) + "; allowed keys are " + quoted_list(keys));
        }
    }
    if (!doc.contains("experiment") || !doc.at("experiment").is_object()) {
        (root / "experiment").fail("expected the base experiment as an object");
    }
    Grid grid;
    grid.file = file;
    grid.source = doc;
    grid.name = doc.contains("name") && doc.at("name").is_string() ? doc.at("name").get<std::string>()
                                                                   : std::filesystem::path(file).stem().string();
    grid.output = doc.contains("output") && doc.at("output").is_string() ? std::filesystem::path(doc.at("output").get<std::string>())
                                                                         : (std::filesystem::path("runs") / grid.name);
    const json& base = doc.at("experiment");
    const auto axes = parse_axes(doc, root);
    const auto seeds = parse_seeds(doc, root, base_seed(base, root));
    check_run_count(axes, seeds.size(), root);
    for (const auto& axis : axes) grid.dimensions.insert(grid.dimensions.end(), axis.pointers.begin(), axis.pointers.end());

    // Mixed-radix walk over the axes, the last axis fastest, seeds innermost.
    std::vector<std::size_t> at(axes.size(), 0);
    std::size_t index = 0;
    while (true) {
        json experiment = base;
        json point = json::object();
        for (std::size_t a = 0; a < axes.size(); ++a) {
            for (std::size_t p = 0; p < axes[a].pointers.size(); ++p) {
                const json& value = axes[a].values[p][at[a]];
                set_swept_value(experiment, axes[a].pointers[p], value, axes[a].where[p]);
                point[axes[a].pointers[p]] = value;
            }
        }
        const std::string key = point.dump();
        // One parsed experiment per grid point, shared by its seeds: a large
        // grid holds hundreds of points but thousands of runs. Its "seed"
        // field is the first seed; GridRun::seed is the run's own.
        experiment["seed"] = seeds.front();
        char first_id[32];
        std::snprintf(first_id, sizeof first_id, "r%05zu", index);
        auto parsed = std::make_shared<Experiment>(
            // Errors inside a run's experiment point into the grid's base experiment.
            parse_experiment(experiment, file + " (run " + first_id + ", grid point " + key + ") /experiment"));
        parsed->file = file;
        const std::shared_ptr<const Experiment> shared = std::move(parsed);
        const auto shared_point = std::make_shared<const nlohmann::json>(point);
        const auto shared_key = std::make_shared<const std::string>(key);
        for (const std::uint64_t seed : seeds) {
            GridRun run;
            run.index = index++;
            char id[32];
            std::snprintf(id, sizeof id, "r%05zu", run.index);
            run.id = id;
            run.key = shared_key;
            run.point = shared_point;
            run.seed = seed;
            run.experiment = shared;
            grid.runs.push_back(std::move(run));
        }
        std::size_t a = axes.size();
        while (a > 0) {
            --a;
            if (++at[a] < axes[a].size()) break;
            at[a] = 0;
            if (a == 0) return grid;
        }
        if (axes.empty()) return grid;
    }
}

}  // namespace hwnas::engine
