#include "engine/lut_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <Eigen/Dense>
#include <Eigen/SVD>
#include <fmt/format.h>

#include "engine/seeded_split.hpp"
#include "engine/stats.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::engine {
namespace {

/// A null-space component below this leaves an entry identifiable.
constexpr double identifiable_tolerance = 1e-6;

struct Split {
    std::vector<std::size_t> train;
    std::vector<std::size_t> heldout;
};

/// A seeded Fisher-Yates shuffle; the first round(holdout * n) rows are held out.
Split split_rows(std::size_t n, const LutFitOptions& options) {
    if (!(options.holdout >= 0.0 && options.holdout < 1.0)) {
        throw Error("--holdout must be in [0, 1), found " + std::to_string(options.holdout));
    }
    const std::vector<std::size_t> order = seeded_order(n, options.seed, "lut-fit/holdout");
    const auto held = static_cast<std::size_t>(std::llround(options.holdout * static_cast<double>(n)));
    if (held >= n) throw Error("--holdout " + std::to_string(options.holdout) + " leaves no measurement to fit");
    Split split{{order.begin() + static_cast<std::ptrdiff_t>(held), order.end()},
                {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held)}};
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.heldout.begin(), split.heldout.end());
    return split;
}

/// The keyed layers of every training network, as indices into a sorted key list.
struct KeyedNetworks {
    std::vector<std::string> keys;
    std::vector<std::vector<std::size_t>> sequences;  ///< per training row, in layer order
};

KeyedNetworks key_training_networks(const SearchSpace& space, const Measurements& data,
                                    std::span<const std::size_t> rows) {
    std::unordered_map<std::string, std::size_t> first_seen;
    std::vector<std::string> names;
    std::vector<std::vector<std::size_t>> sequences;
    for (const std::size_t row : rows) {
        const Network network = space.network(data.archs[row]);
        std::vector<std::size_t> sequence;
        for (const Layer& layer : network.layers) {
            if (layer.key.empty()) continue;
            const auto [it, inserted] = first_seen.try_emplace(layer.key, names.size());
            if (inserted) names.push_back(layer.key);
            sequence.push_back(it->second);
        }
        if (sequence.empty()) {
            throw Error(data.origins[row] + ": the network of " + qualified_name(space, data.archs[row]) +
                        " has no layer with a LUT key: space '" + std::string(space.name()) + "' does not key its layers");
        }
        sequences.push_back(std::move(sequence));
    }
    // Renumber so that columns follow the sorted key names.
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    std::vector<std::size_t> column(names.size());
    KeyedNetworks out;
    for (std::size_t c = 0; c < order.size(); ++c) {
        column[order[c]] = c;
        out.keys.push_back(names[order[c]]);
    }
    for (auto& sequence : sequences) {
        for (auto& id : sequence) id = column[id];
    }
    out.sequences = std::move(sequences);
    return out;
}

Eigen::MatrixXd count_matrix(const KeyedNetworks& networks) {
    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(networks.sequences.size()),
                                                   static_cast<Eigen::Index>(networks.keys.size()));
    for (std::size_t r = 0; r < networks.sequences.size(); ++r) {
        for (const std::size_t c : networks.sequences[r]) counts(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) += 1.0;
    }
    return counts;
}

Eigen::MatrixXd measured_matrix(const Measurements& data, std::span<const std::size_t> rows) {
    Eigen::MatrixXd y(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(data.metrics.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t m = 0; m < data.metrics.size(); ++m) {
            y(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(m)) = data.value(rows[r], m);
        }
    }
    return y;
}

/// Solves and records rank, nullity, identifiable entries and constant keys.
void solve(const Eigen::MatrixXd& counts, const Eigen::MatrixXd& measured, const LutFitOptions& options,
           FittedLut& lut) {
    Eigen::BDCSVD<Eigen::MatrixXd> svd(counts, Eigen::ComputeThinU | Eigen::ComputeFullV);
    svd.setThreshold(options.rank_tolerance);
    const Eigen::MatrixXd x = svd.solve(measured);  // minimum-norm least squares
    const auto k = counts.cols();
    lut.rank = static_cast<std::size_t>(svd.rank());
    lut.nullity = static_cast<std::size_t>(k) - lut.rank;
    const Eigen::MatrixXd null_space = svd.matrixV().rightCols(k - svd.rank());
    lut.entries.resize(static_cast<std::size_t>(k) * lut.metrics.size());
    for (Eigen::Index key = 0; key < k; ++key) {
        for (std::size_t m = 0; m < lut.metrics.size(); ++m) {
            lut.entries[static_cast<std::size_t>(key) * lut.metrics.size() + m] = x(key, static_cast<Eigen::Index>(m));
        }
        if (null_space.cols() == 0 || null_space.row(key).norm() < identifiable_tolerance) ++lut.identifiable;
        if (counts.col(key).maxCoeff() == counts.col(key).minCoeff()) lut.constant_keys.push_back(lut.keys[static_cast<std::size_t>(key)]);
    }
}

/// Sums entries over a key sequence in layer order, from 0.0.
void sum_entries(const FittedLut& lut, std::span<const std::size_t> sequence, std::span<double> out) {
    const std::size_t m = lut.metrics.size();
    std::fill(out.begin(), out.end(), 0.0);
    for (const std::size_t row : sequence) {
        for (std::size_t i = 0; i < m; ++i) out[i] += lut.entries[row * m + i];
    }
}

Agreement agreement(const std::string& metric, std::span<const double> summed, std::span<const double> measured) {
    Agreement a;
    a.metric = metric;
    a.count = summed.size();
    double squares = 0.0;
    for (std::size_t i = 0; i < summed.size(); ++i) {
        const double error = std::abs(summed[i] - measured[i]);
        squares += error * error;
        a.max_abs_error = std::max(a.max_abs_error, error);
        const double relative = measured[i] != 0.0 ? error / std::abs(measured[i])
                                                   : (error == 0.0 ? 0.0 : std::numeric_limits<double>::infinity());
        a.max_rel_error = std::max(a.max_rel_error, relative);
    }
    a.rmse = summed.empty() ? std::nan("") : std::sqrt(squares / static_cast<double>(summed.size()));
    a.pearson = pearson(summed, measured);
    a.kendall = kendall_tau_b(summed, measured);
    return a;
}

/// One Agreement per metric from row-major summed and measured values.
std::vector<Agreement> agreements(const std::vector<std::string>& metrics, const std::vector<double>& summed,
                                  const std::vector<double>& measured) {
    const std::size_t m = metrics.size();
    const std::size_t n = m == 0 ? 0 : summed.size() / m;
    std::vector<Agreement> out;
    std::vector<double> s(n);
    std::vector<double> y(n);
    for (std::size_t metric = 0; metric < m; ++metric) {
        for (std::size_t r = 0; r < n; ++r) {
            s[r] = summed[r * m + metric];
            y[r] = measured[r * m + metric];
        }
        out.push_back(agreement(metrics[metric], s, y));
    }
    return out;
}

std::vector<Agreement> training_agreement(const FittedLut& lut, const KeyedNetworks& networks, const Measurements& data,
                                          std::span<const std::size_t> rows) {
    const std::size_t m = lut.metrics.size();
    std::vector<double> summed(rows.size() * m);
    std::vector<double> measured(rows.size() * m);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        sum_entries(lut, networks.sequences[r], {summed.data() + r * m, m});
        for (std::size_t i = 0; i < m; ++i) measured[r * m + i] = data.value(rows[r], i);
    }
    return agreements(lut.metrics, summed, measured);
}

/// Column of each LUT metric in the measurements.
std::vector<std::size_t> metric_columns(const FittedLut& lut, const Measurements& data) {
    std::vector<std::size_t> columns;
    for (const auto& metric : lut.metrics) {
        const auto it = std::find(data.metrics.begin(), data.metrics.end(), metric);
        if (it == data.metrics.end()) throw Error(data.source + ": no measurements of metric '" + metric + "'");
        columns.push_back(static_cast<std::size_t>(it - data.metrics.begin()));
    }
    return columns;
}

}  // namespace

FittedLut fit_lut(const SearchSpace& space, const std::string& dataset, const Measurements& data,
                  const LutFitOptions& options) {
    const Split split = split_rows(data.size(), options);
    const KeyedNetworks networks = key_training_networks(space, data, split.train);
    FittedLut lut;
    lut.space = std::string(space.name());
    lut.dataset = dataset;
    lut.metrics = data.metrics;
    lut.keys = networks.keys;
    for (std::size_t i = 0; i < lut.keys.size(); ++i) lut.rows.emplace(lut.keys[i], i);
    lut.train_count = split.train.size();
    lut.heldout_count = split.heldout.size();

    solve(count_matrix(networks), measured_matrix(data, split.train), options, lut);
    lut.train = training_agreement(lut, networks, data, split.train);
    if (!split.heldout.empty()) lut.heldout = compare_with(space, lut, data, split.heldout, lut.heldout_unpriced);
    return lut;
}

bool summed_lut(const SearchSpace& space, const FittedLut& lut, const Architecture& arch, std::span<double> out) {
    const Network network = space.network(arch);
    std::vector<std::size_t> sequence;
    sequence.reserve(network.layers.size());
    for (const Layer& layer : network.layers) {
        if (layer.key.empty()) continue;
        const auto it = lut.rows.find(layer.key);
        if (it == lut.rows.end()) return false;
        sequence.push_back(it->second);
    }
    sum_entries(lut, sequence, out);
    return true;
}

std::vector<Agreement> compare_with(const SearchSpace& space, const FittedLut& lut, const Measurements& data,
                                    std::span<const std::size_t> rows, std::size_t& unpriced) {
    std::vector<std::size_t> all;
    if (rows.empty()) {
        all.resize(data.size());
        std::iota(all.begin(), all.end(), std::size_t{0});
        rows = all;
    }
    const auto columns = metric_columns(lut, data);
    const std::size_t m = lut.metrics.size();
    std::vector<double> summed;
    std::vector<double> measured;
    std::vector<double> values(m);
    unpriced = 0;
    for (const std::size_t row : rows) {
        if (!summed_lut(space, lut, data.archs[row], values)) {
            ++unpriced;
            continue;
        }
        summed.insert(summed.end(), values.begin(), values.end());
        for (const std::size_t c : columns) measured.push_back(data.value(row, c));
    }
    return agreements(lut.metrics, summed, measured);
}

nlohmann::json lut_document(const FittedLut& lut, const std::string& unit, nlohmann::json provenance) {
    nlohmann::json doc;
    doc["format"] = "hwnas-block-lut";
    doc["version"] = 1;
    doc["space"] = lut.space;
    doc["dataset"] = lut.dataset;
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& metric : lut.metrics) {
        metrics.push_back({{"name", metric},
                           {"unit", unit},
                           {"better", "lower"},
                           {"description", "summed block LUT fitted to measured '" + metric + "' (hwnas lut fit)"}});
    }
    doc["metrics"] = metrics;
    nlohmann::json entries = nlohmann::json::object();
    const std::size_t m = lut.metrics.size();
    for (std::size_t row = 0; row < lut.keys.size(); ++row) {
        nlohmann::json values = nlohmann::json::object();
        for (std::size_t i = 0; i < m; ++i) values[lut.metrics[i]] = lut.entries[row * m + i];
        entries[lut.keys[row]] = values;
    }
    doc["entries"] = entries;
    doc["provenance"] = std::move(provenance);
    return doc;
}

std::string agreement_table(const std::vector<Agreement>& rows) {
    std::size_t width = 6;
    for (const auto& a : rows) width = std::max(width, a.metric.size());
    std::string out = fmt::format("  {:<{}}  {:>6}  {:>11}  {:>11}  {:>9}  {:>9}  {:>13}\n", "metric", width, "n",
                                  "RMSE", "max |err|", "Pearson", "Kendall", "max rel. err");
    for (const auto& a : rows) {
        out += fmt::format("  {:<{}}  {:>6}  {:>11.3e}  {:>11.3e}  {:>9.6f}  {:>9.6f}  {:>13.3e}\n", a.metric, width,
                           a.count, a.rmse, a.max_abs_error, a.pearson, a.kendall, a.max_rel_error);
    }
    return out;
}

}  // namespace hwnas::engine
