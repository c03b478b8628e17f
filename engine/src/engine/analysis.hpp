#pragma once
// `hwnas analyze`: metrics of many architectures and the correlations between
// them (docs/analysis.md), e.g. how well FLOPs rank latency on each device.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/cost_provider.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

/// A provider with the id that qualifies its metric names ("id:metric").
struct NamedProvider {
    std::string id;
    std::shared_ptr<CostProvider> provider;
};

/// One analysed metric: where it comes from and what it is.
struct AnalysisMetric {
    std::string name;  ///< as the user wrote it
    std::size_t provider = 0;
    std::size_t id = 0;
    MetricInfo info;
};

/// "metric" (first provider offering it) or "id:metric". Throws listing the metrics there are.
AnalysisMetric resolve_metric(std::span<const NamedProvider> providers, const std::string& name);

/// Spaces up to this size are analysed whole.
inline constexpr std::uint64_t max_enumerated = 1'000'000;
/// Samples drawn from a larger space when no count is given.
inline constexpr std::size_t default_samples = 10'000;

struct ArchitectureSet {
    std::vector<Architecture> archs;
    std::string selection;  ///< "all", "sampled", or the file they were read from
    std::optional<std::uint64_t> seed;
};

/// Every architecture of an enumerable space (size() <= max_enumerated) unless
/// `samples` is given; otherwise `samples` (default default_samples) distinct
/// architectures drawn with Rng::derive(seed, "analyze/sample").
ArchitectureSet choose_architectures(const SearchSpace& space, std::optional<std::size_t> samples, std::uint64_t seed);

/// Architectures listed in a file: one per line, or the column `column` of a CSV (".csv").
ArchitectureSet read_architectures(const SearchSpace& space, const std::filesystem::path& file,
                                   const std::string& column);

/// values[row * metrics.size() + j] = metric j of archs[row], evaluated in
/// parallel (oneTBB) into preallocated storage: the same for any thread count.
/// A failure is reported for the first failing architecture in order.
std::vector<double> evaluate_metrics(const SearchSpace& space, std::span<const NamedProvider> providers,
                                     std::span<const AnalysisMetric> metrics, std::span<const Architecture> archs);

using MetricPair = std::pair<std::size_t, std::size_t>;

/// The first metric against every other one.
std::vector<MetricPair> default_pairs(std::size_t metric_count);

/// "a:b,c:d" where a, b... are metric names as given (which may contain ':' themselves).
std::vector<MetricPair> parse_pairs(const std::string& text, std::span<const AnalysisMetric> metrics);

struct Correlation {
    MetricPair pair;
    std::size_t count = 0;
    double pearson = 0.0;
    double kendall = 0.0;  ///< tau-b
    double spearman = 0.0;
};

std::vector<Correlation> correlate(std::span<const double> values, std::size_t metric_count,
                                   std::span<const MetricPair> pairs);

/// What was analysed, for the printed table and correlations.json.
struct AnalysisSummary {
    std::string space;
    std::string dataset;
    std::size_t architectures = 0;
    std::string selection;
    std::optional<std::uint64_t> seed;
};

std::string correlation_table(const AnalysisSummary& summary, std::span<const AnalysisMetric> metrics,
                              std::span<const Correlation> rows);
std::string correlations_csv(std::span<const AnalysisMetric> metrics, std::span<const Correlation> rows);
nlohmann::json correlations_json(const AnalysisSummary& summary, std::span<const NamedProvider> providers,
                                 std::span<const AnalysisMetric> metrics, std::span<const Correlation> rows);

/// One row per architecture: its string, then each metric.
std::string metrics_csv(const SearchSpace& space, std::span<const Architecture> archs,
                        std::span<const AnalysisMetric> metrics, std::span<const double> values);

}  // namespace hwnas::engine
