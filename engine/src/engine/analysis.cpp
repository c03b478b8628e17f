#include "engine/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <unordered_set>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/results.hpp"
#include "engine/stats.hpp"
#include "engine/csv_field.hpp"
#include "engine/suggest.hpp"
#include "hwnas/csv.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::engine {
namespace {


/// The first failure of a parallel loop in row order, whatever the scheduling.
class FirstFailure {
public:
    void record(std::size_t row, std::string message) {
        const std::lock_guard lock(mutex_);
        if (row < row_) {
            row_ = row;
            message_ = std::move(message);
        }
    }
    void rethrow(const SearchSpace& space, std::span<const Architecture> archs) const {
        if (row_ == none) return;
        throw Error("evaluating " + space.to_string(archs[row_]) + " (" + qualified_name(space, archs[row_]) +
                    "): " + message_);
    }

private:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::mutex mutex_;
    std::size_t row_ = none;
    std::string message_;
};

/// The analysed metrics grouped by provider, so each provider is asked once per architecture.
struct ProviderRequest {
    std::size_t provider;
    std::vector<std::size_t> ids;    ///< metric ids in the provider
    std::vector<std::size_t> slots;  ///< where each value goes in a row
};

std::vector<ProviderRequest> group_by_provider(std::size_t provider_count, std::span<const AnalysisMetric> metrics) {
    std::vector<ProviderRequest> requests;
    for (std::size_t p = 0; p < provider_count; ++p) {
        ProviderRequest request{p, {}, {}};
        for (std::size_t slot = 0; slot < metrics.size(); ++slot) {
            if (metrics[slot].provider != p) continue;
            request.ids.push_back(metrics[slot].id);
            request.slots.push_back(slot);
        }
        if (!request.ids.empty()) requests.push_back(std::move(request));
    }
    return requests;
}

}  // namespace

AnalysisMetric resolve_metric(std::span<const NamedProvider> providers, const std::string& name) {
    std::string wanted = name;
    std::optional<std::size_t> only;
    if (const auto colon = name.find(':'); colon != std::string::npos) {
        const std::string id = name.substr(0, colon);
        std::vector<std::string> ids;
        for (std::size_t p = 0; p < providers.size(); ++p) {
            ids.push_back(providers[p].id);
            if (providers[p].id == id) only = p;
        }
        if (!only) throw Error("metric '" + name + "': no provider has the id '" + id + "'" + did_you_mean(id, ids) + "; ids are " + quoted_list(ids));
        wanted = name.substr(colon + 1);
    }
    std::vector<std::string> known;
    for (std::size_t p = 0; p < providers.size(); ++p) {
        if (only && p != *only) continue;
        const auto infos = providers[p].provider->metrics();
        for (std::size_t id = 0; id < infos.size(); ++id) {
            if (infos[id].name == wanted) return {name, p, id, infos[id]};
            known.push_back(infos[id].name);
        }
    }
    throw Error("unknown metric '" + name + "'" + did_you_mean(wanted, known) +
                (known.empty() ? "; the providers offer no metrics" : "; metrics offered: " + quoted_list(known)));
}

ArchitectureSet choose_architectures(const SearchSpace& space, std::optional<std::size_t> samples, std::uint64_t seed) {
    ArchitectureSet set;
    const auto size = space.size();
    if (!samples && size && *size <= max_enumerated) {
        set.selection = "all";
        set.archs.reserve(static_cast<std::size_t>(*size));
        for (std::uint64_t i = 0; i < *size; ++i) set.archs.push_back(space.from_index(i));
        return set;
    }
    const std::size_t wanted = samples.value_or(default_samples);
    set.selection = "sampled";
    set.seed = seed;
    Rng rng = Rng::derive(seed, "analyze/sample");
    std::unordered_set<Architecture> seen;
    // Distinct draws; a small space may run out of new ones, so attempts are bounded.
    const std::size_t max_attempts = 20 * wanted + 1000;
    for (std::size_t attempt = 0; set.archs.size() < wanted && attempt < max_attempts; ++attempt) {
        Architecture arch = space.sample(rng);
        if (seen.insert(arch).second) set.archs.push_back(arch);
    }
    return set;
}

ArchitectureSet read_architectures(const SearchSpace& space, const std::filesystem::path& file,
                                   const std::string& column) {
    ArchitectureSet set;
    set.selection = file.string();
    const auto parse = [&](std::string_view text, const std::string& where) {
        try {
            set.archs.push_back(space.parse(text));
        } catch (const Error& e) {
            throw Error(where + ": " + e.what());
        }
    };
    if (file.extension() == ".csv") {
        const CsvFile csv(file);
        const std::size_t c = csv.column(column);
        for (std::size_t row = 0; row < csv.rows(); ++row) parse(csv.text(row, c), csv.where(row, c));
        return set;
    }
    std::ifstream in(file);
    if (!in) throw Error(file.string() + ": cannot open the architecture list");
    std::string line;
    for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) parse(line, file.string() + ":" + std::to_string(line_no));
    }
    return set;
}

std::vector<double> evaluate_metrics(const SearchSpace& space, std::span<const NamedProvider> providers,
                                     std::span<const AnalysisMetric> metrics, std::span<const Architecture> archs) {
    const std::size_t m = metrics.size();
    const auto requests = group_by_provider(providers.size(), metrics);
    std::vector<double> values(archs.size() * m);
    FirstFailure failure;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, archs.size(), 64), [&](const auto& range) {
        std::vector<double> scratch(m);
        for (std::size_t row = range.begin(); row != range.end(); ++row) {
            try {
                for (const auto& request : requests) {
                    const std::span<double> out(scratch.data(), request.ids.size());
                    providers[request.provider].provider->evaluate(archs[row], request.ids, out);
                    for (std::size_t k = 0; k < out.size(); ++k) values[row * m + request.slots[k]] = out[k];
                }
            } catch (const std::exception& e) {
                failure.record(row, e.what());
            }
        }
    });
    failure.rethrow(space, archs);
    return values;
}

std::vector<MetricPair> default_pairs(std::size_t metric_count) {
    std::vector<MetricPair> pairs;
    for (std::size_t j = 1; j < metric_count; ++j) pairs.emplace_back(0, j);
    return pairs;
}

std::vector<MetricPair> parse_pairs(const std::string& text, std::span<const AnalysisMetric> metrics) {
    const auto find = [&](std::string_view name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            if (metrics[i].name == name) return i;
        }
        return std::nullopt;
    };
    std::vector<std::string> names;
    for (const auto& metric : metrics) names.push_back(metric.name);
    std::vector<MetricPair> pairs;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        start = comma + 1;
        // Metric names may contain ':' ("id:metric"): accept the split where both sides are metrics.
        std::optional<MetricPair> pair;
        for (std::size_t colon = item.find(':'); colon != std::string::npos; colon = item.find(':', colon + 1)) {
            const auto a = find(std::string_view(item).substr(0, colon));
            const auto b = find(std::string_view(item).substr(colon + 1));
            if (a && b) pair = MetricPair{*a, *b};
        }
        if (!pair) {
            throw Error("--pairs: '" + item + "' is not two of the --metrics joined by ':'; the metrics are " +
                        quoted_list(names));
        }
        pairs.push_back(*pair);
    }
    return pairs;
}

std::vector<Correlation> correlate(std::span<const double> values, std::size_t metric_count,
                                   std::span<const MetricPair> pairs) {
    const std::size_t n = metric_count == 0 ? 0 : values.size() / metric_count;
    std::vector<double> a(n);
    std::vector<double> b(n);
    std::vector<Correlation> rows;
    for (const auto& pair : pairs) {
        for (std::size_t r = 0; r < n; ++r) {
            a[r] = values[r * metric_count + pair.first];
            b[r] = values[r * metric_count + pair.second];
        }
        rows.push_back({pair, n, pearson(a, b), kendall_tau_b(a, b), spearman(a, b)});
    }
    return rows;
}

std::string correlation_table(const AnalysisSummary& summary, std::span<const AnalysisMetric> metrics,
                              std::span<const Correlation> rows) {
    std::string selection = summary.selection == "all"       ? "every architecture"
                            : summary.selection == "sampled" ? fmt::format("sampled, seed {}", summary.seed.value_or(0))
                                                             : "listed in " + summary.selection;
    std::string out = fmt::format("{}{}: {} architectures ({})\n", summary.space,
                                  summary.dataset.empty() ? "" : " (" + summary.dataset + ")", summary.architectures,
                                  selection);
    std::size_t width_a = 8;
    std::size_t width_b = 8;
    for (const auto& row : rows) {
        width_a = std::max(width_a, metrics[row.pair.first].name.size());
        width_b = std::max(width_b, metrics[row.pair.second].name.size());
    }
    out += fmt::format("  {:<{}}  {:<{}}  {:>8}  {:>13}  {:>8}\n", "metric a", width_a, "metric b", width_b, "Pearson",
                       "Kendall tau-b", "Spearman");
    for (const auto& row : rows) {
        out += fmt::format("  {:<{}}  {:<{}}  {:>8.4f}  {:>13.4f}  {:>8.4f}\n", metrics[row.pair.first].name, width_a,
                           metrics[row.pair.second].name, width_b, row.pearson, row.kendall, row.spearman);
    }
    return out;
}

std::string correlations_csv(std::span<const AnalysisMetric> metrics, std::span<const Correlation> rows) {
    std::string out = "metric_a,metric_b,n,pearson,kendall_tau_b,spearman\n";
    for (const auto& row : rows) {
        out += csv_field(metrics[row.pair.first].name) + "," + csv_field(metrics[row.pair.second].name) + "," +
               std::to_string(row.count) + "," + format_number(row.pearson) + "," + format_number(row.kendall) + "," +
               format_number(row.spearman) + "\n";
    }
    return out;
}

nlohmann::json correlations_json(const AnalysisSummary& summary, std::span<const NamedProvider> providers,
                                 std::span<const AnalysisMetric> metrics, std::span<const Correlation> rows) {
    nlohmann::json doc;
    doc["space"] = summary.space;
    doc["dataset"] = summary.dataset;
    doc["architectures"] = summary.architectures;
    doc["selection"] = summary.selection;
    doc["seed"] = summary.seed ? nlohmann::json(*summary.seed) : nlohmann::json(nullptr);
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& m : metrics) {
        listed.push_back({{"name", m.name}, {"provider", providers[m.provider].id}, {"metric", m.info.name},
                          {"unit", m.info.unit}});
    }
    doc["metrics"] = listed;
    // NaN (undefined coefficient) becomes null in JSON.
    const auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
    nlohmann::json correlations = nlohmann::json::array();
    for (const auto& row : rows) {
        correlations.push_back({{"metric_a", metrics[row.pair.first].name},
                                {"metric_b", metrics[row.pair.second].name},
                                {"n", row.count},
                                {"pearson", number(row.pearson)},
                                {"kendall_tau_b", number(row.kendall)},
                                {"spearman", number(row.spearman)}});
    }
    doc["correlations"] = correlations;
    return doc;
}

std::string metrics_csv(const SearchSpace& space, std::span<const Architecture> archs,
                        std::span<const AnalysisMetric> metrics, std::span<const double> values) {
    std::string out = "arch";
    for (const auto& m : metrics) {
        out += ',';
        out += csv_field(m.name);
    }
    out += "\n";
    for (std::size_t row = 0; row < archs.size(); ++row) {
        out += csv_field(space.to_string(archs[row]));
        for (std::size_t j = 0; j < metrics.size(); ++j) {
            out += ',';
            out += format_number(values[row * metrics.size() + j]);
        }
        out += '\n';
    }
    return out;
}

}  // namespace hwnas::engine
