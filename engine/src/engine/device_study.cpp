#include "engine/device_study.hpp"

#include <fmt/format.h>

#include "engine/adaproxy.hpp"
#include "engine/seeded_split.hpp"
#include "engine/stats.hpp"
#include "engine/surrogate_fit.hpp"

namespace hwnas::engine {
namespace {

std::vector<double> to_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

Eigen::MatrixXd rows_of(const Eigen::MatrixXd& m, const std::vector<std::size_t>& rows) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), m.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Eigen::Index>(i)) = m.row(static_cast<Eigen::Index>(rows[i]));
    return out;
}

Eigen::VectorXd rows_of(const Eigen::VectorXd& v, const std::vector<std::size_t>& rows) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) out(static_cast<Eigen::Index>(i)) = v(static_cast<Eigen::Index>(rows[i]));
    return out;
}

double spearman_of(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return spearman(to_vector(a), to_vector(b));
}

/// Seeded sample of `count` rows and the rest, for (seed, key).
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> sample_rows(std::size_t n, std::size_t count,
                                                                          std::uint64_t seed, const std::string& key) {
    auto parts = seeded_split(n, seed, key, {static_cast<double>(count) / static_cast<double>(n)});
    return {std::move(parts[0]), std::move(parts[1])};
}

}  // namespace

std::vector<TransferRow> transfer_study(const DeviceTable& table, const TransferOptions& options) {
    const std::size_t n = table.archs.size();
    std::vector<Eigen::VectorXd> weights;
    for (const auto& y : table.latency) weights.push_back(fit_linear(table.features, y));
    const auto probe = sample_rows(n, std::min(n, options.monotonicity_samples), options.seed, "fit/transfer/monotonicity").first;

    std::vector<TransferRow> rows;
    for (std::size_t p = 0; p < table.devices.size(); ++p) {
        for (std::size_t t = 0; t < table.devices.size(); ++t) {
            if (p == t) continue;
            TransferRow row{table.devices[p], table.devices[t], 0.0, false, 0.0, {}};
            row.measured_spearman = spearman_of(rows_of(table.latency[p], probe), rows_of(table.latency[t], probe));
            row.adapt = row.measured_spearman < options.threshold;
            row.proxy_model_spearman = spearman_of(table.features * weights[p], table.latency[t]);
            for (const std::size_t k : options.samples) {
                double sum = 0.0;
                for (std::size_t r = 0; r < options.repeats; ++r) {
                    const auto [fit, rest] =
                        sample_rows(n, k, options.seed, fmt::format("fit/transfer/{}/{}/{}/{}", p, t, k, r));
                    const auto ada = fit_adaproxy(weights[p], rows_of(table.features, fit), rows_of(table.latency[t], fit),
                                                  options.lambda);
                    sum += spearman_of(ada.predict(weights[p], rows_of(table.features, rest)), rows_of(table.latency[t], rest));
                }
                row.after.push_back(sum / static_cast<double>(options.repeats));
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

std::vector<PredictorRow> predictor_study(const SearchSpace& space, const DeviceTable& table,
                                          const PredictorOptions& options) {
    const std::size_t n = table.archs.size();
    std::vector<Eigen::VectorXd> weights;
    for (const auto& y : table.latency) weights.push_back(fit_linear(table.features, y));

    std::vector<PredictorRow> out;
    for (std::size_t t = 0; t < table.devices.size(); ++t) {
        FitData data;
        data.archs = table.archs;
        data.values = to_vector(table.latency[t]);
        for (const double fraction : options.fractions) {
            const auto count = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
            PredictorRow xgb{table.devices[t], fraction, count, "xgboost", "one-hot, 20% of the sample for early stopping"};
            PredictorRow lin{table.devices[t], fraction, count, "linear_one_hot", "least squares"};
            PredictorRow ada{table.devices[t], fraction, count, "adaproxy", ""};
            for (std::size_t r = 0; r < options.repeats; ++r) {
                const auto [train, rest] = sample_rows(n, count, options.seed, fmt::format("fit/predictors/{}/{}/{}", t, fraction, r));
                const Eigen::VectorXd truth = rows_of(table.latency[t], rest);
                const auto add = [&](PredictorRow& row, const Eigen::VectorXd& predicted) {
                    row.rmse += std::sqrt((predicted - truth).squaredNorm() / static_cast<double>(truth.size())) /
                                static_cast<double>(options.repeats);
                    row.kendall += kendall_tau_b(to_vector(predicted), to_vector(truth)) / static_cast<double>(options.repeats);
                };
                // XGBoost: early stopping on a seeded fifth of the training sample.
                const auto inner = seeded_split(train.size(), options.seed + r, "fit/predictors/valid", {0.2});
                RowSplit split;
                for (const std::size_t i : inner[0]) split.valid.push_back(train[i]);
                for (const std::size_t i : inner[1]) split.train.push_back(train[i]);
                const auto fit = fit_surrogate(space, data, split, Encoding::one_hot, options.boosting);
                const auto predicted = predict_rows(fit.model, space, data, rest, Encoding::one_hot);
                add(xgb, Eigen::Map<const Eigen::VectorXd>(predicted.data(), static_cast<Eigen::Index>(predicted.size())));

                const Eigen::MatrixXd x_train = rows_of(table.features, train);
                const Eigen::VectorXd y_train = rows_of(table.latency[t], train);
                const Eigen::MatrixXd x_rest = rows_of(table.features, rest);
                add(lin, x_rest * fit_linear(x_train, y_train, 1e-6));

                // The proxy: the other device that ranks the training sample most like the target.
                std::size_t proxy = t;
                double best = -2.0;
                for (std::size_t p = 0; p < table.devices.size(); ++p) {
                    if (p == t) continue;
                    const double rho = spearman_of(rows_of(table.latency[p], train), y_train);
                    if (rho > best) best = rho, proxy = p;
                }
                ada.detail += (ada.detail.empty() ? "proxy " : ",") + table.devices[proxy];
                const auto transfer = fit_adaproxy(weights[proxy], x_train, y_train, options.lambda);
                add(ada, transfer.predict(weights[proxy], x_rest));
            }
            out.push_back(std::move(xgb));
            out.push_back(std::move(lin));
            out.push_back(std::move(ada));
        }
    }
    return out;
}

}  // namespace hwnas::engine
