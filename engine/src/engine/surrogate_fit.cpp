#include "engine/surrogate_fit.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/seeded_split.hpp"
#include "engine/stats.hpp"
#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::engine {

Scores score(std::span<const double> predicted, std::span<const double> measured) {
    Scores s;
    s.count = measured.size();
    if (s.count == 0) return s;
    double mean = 0.0;
    for (const double y : measured) mean += y;
    mean /= static_cast<double>(s.count);
    double residual = 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < s.count; ++i) {
        residual += (predicted[i] - measured[i]) * (predicted[i] - measured[i]);
        total += (measured[i] - mean) * (measured[i] - mean);
    }
    s.r2 = total > 0.0 ? 1.0 - residual / total : std::nan("");
    s.rmse = std::sqrt(residual / static_cast<double>(s.count));
    s.kendall = kendall_tau_b(predicted, measured);
    s.spearman = spearman(predicted, measured);
    return s;
}

RowSplit random_split(std::size_t rows, double valid, double test, std::uint64_t seed) {
    if (!(valid >= 0.0 && test >= 0.0 && valid + test < 1.0)) {
        throw Error(fmt::format("--valid {} and --test {}: expected fractions >= 0 summing to less than 1", valid, test));
    }
    auto parts = seeded_split(rows, seed, "fit/split", {test, valid});
    return {std::move(parts[2]), std::move(parts[1]), std::move(parts[0])};
}

RowSplit tagged_split(const FitData& data) {
    if (data.split_tags.size() != data.size()) throw Error(data.source + ": no split column was read");
    RowSplit split;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::string& tag = data.split_tags[i];
        if (tag == "train") split.train.push_back(i);
        else if (tag == "val" || tag == "valid") split.valid.push_back(i);
        else if (tag == "test") split.test.push_back(i);
    }
    if (split.train.empty()) throw Error(data.source + ": no row is tagged 'train' in the split column");
    return split;
}

BoostingParams boosting_params(const nlohmann::json& overrides, std::uint64_t seed, const std::string& origin) {
    if (!overrides.is_object()) throw Error(origin + ": expected a JSON object of hyperparameters, found " + overrides.dump());
    BoostingParams p;
    // Defaults that suit a few thousand rows of categorical encodings; the
    // per-thread histogram sums of several threads could change the last bits,
    // so one thread keeps a seed's model identical everywhere.
    p.booster = {{"objective", "reg:squarederror"}, {"learning_rate", 0.05}, {"max_depth", 6},
                 {"min_child_weight", 1}, {"subsample", 0.8}, {"colsample_bytree", 0.8},
                 {"nthread", 1}, {"seed", static_cast<std::int64_t>(seed % 2147483647ULL)}};
    p.num_rounds = 5000;
    p.early_stopping_rounds = 100;
    for (const auto& [name, value] : overrides.items()) {
        const auto count = [&] {
            if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
                throw Error(fmt::format("{}: /{}: expected a non-negative integer, found {}", origin, name, value.dump()));
            }
            return value.get<std::size_t>();
        };
        if (name == "num_rounds") p.num_rounds = count();
        else if (name == "early_stopping_rounds") p.early_stopping_rounds = count();
        else if (name == "eval_metric") throw Error(origin + ": /eval_metric: early stopping always uses rmse; leave it out");
        else if (value.is_object() || value.is_array() || value.is_null()) {
            throw Error(fmt::format("{}: /{}: expected a number, string or boolean, found {}", origin, name, value.dump()));
        } else p.booster[name] = value;
    }
    p.booster["eval_metric"] = "rmse";
    return p;
}

FeatureMatrix encode_rows(const SearchSpace& space, std::span<const Architecture> archs, Encoding encoding) {
    FeatureMatrix m{archs.size(), space.encoding_size(encoding), {}};
    m.values.resize(m.rows * m.cols);
    std::vector<double> row(m.cols);
    for (std::size_t r = 0; r < archs.size(); ++r) {
        space.encode(archs[r], encoding, row);
        for (std::size_t c = 0; c < m.cols; ++c) m.values[r * m.cols + c] = static_cast<float>(row[c]);
    }
    return m;
}

std::string space_signature(const SearchSpace& space) {
    std::string text = std::string(space.name()) + "\n";
    for (const auto& d : space.dimensions()) {
        text += d.name + ":";
        for (std::size_t i = 0; i < d.labels.size(); ++i) text += (i ? "," : "") + d.labels[i];
        text += "\n";
    }
    return fmt::format("{:016x}", stable_hash(text));
}

std::string_view encoding_name(Encoding encoding) { return encoding == Encoding::one_hot ? "one_hot" : "features"; }

Encoding parse_encoding(const std::string& name) {
    if (name == "one_hot") return Encoding::one_hot;
    if (name == "features") return Encoding::features;
    throw Error("encoding: expected 'one_hot' or 'features', found '" + name + "'");
}

namespace {

std::vector<Architecture> pick(const std::vector<Architecture>& all, std::span<const std::size_t> rows) {
    std::vector<Architecture> out;
    out.reserve(rows.size());
    for (const std::size_t r : rows) out.push_back(all[r]);
    return out;
}

std::vector<float> targets(const FitData& data, std::span<const std::size_t> rows) {
    std::vector<float> y;
    y.reserve(rows.size());
    for (const std::size_t r : rows) y.push_back(static_cast<float>(data.values[r]));
    return y;
}

Scores score_rows(const XgboostModel& model, const SearchSpace& space, const FitData& data,
                  std::span<const std::size_t> rows, Encoding encoding) {
    std::vector<double> measured;
    for (const std::size_t r : rows) measured.push_back(data.values[r]);
    return score(predict_rows(model, space, data, rows, encoding), measured);
}

}  // namespace

std::vector<double> predict_rows(const XgboostModel& model, const SearchSpace& space, const FitData& data,
                                 std::span<const std::size_t> rows, Encoding encoding) {
    const auto predicted = model.predict(encode_rows(space, pick(data.archs, rows), encoding));
    return {predicted.begin(), predicted.end()};
}

FittedSurrogate fit_surrogate(const SearchSpace& space, const FitData& data, const RowSplit& split,
                              Encoding encoding, const BoostingParams& params) {
    const auto train_y = targets(data, split.train);
    const auto valid_y = targets(data, split.valid);
    auto model = XgboostModel::train(encode_rows(space, pick(data.archs, split.train), encoding), train_y,
                                     encode_rows(space, pick(data.archs, split.valid), encoding), valid_y, params);
    FittedSurrogate fit{std::move(model), split, {}, {}, {}};
    fit.train = score_rows(fit.model, space, data, split.train, encoding);
    fit.valid = score_rows(fit.model, space, data, split.valid, encoding);
    fit.test = score_rows(fit.model, space, data, split.test, encoding);
    return fit;
}

nlohmann::json scores_json(const Scores& s) {
    const auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
    return {{"n", s.count}, {"r2", number(s.r2)}, {"rmse", number(s.rmse)},
            {"kendall_tau_b", number(s.kendall)}, {"spearman", number(s.spearman)}};
}

nlohmann::json surrogate_document(const SearchSpace& space, Encoding encoding, const MetricInfo& metric,
                                  const FittedSurrogate& fit, nlohmann::json training) {
    training["rows"] = {{"train", fit.split.train.size()}, {"valid", fit.split.valid.size()}, {"test", fit.split.test.size()}};
    training["rounds"] = fit.model.rounds();
    return {{"format", "hwnas-surrogate"},
            {"version", 1},
            {"space", space.name()},
            {"space_signature", space_signature(space)},
            {"encoding", encoding_name(encoding)},
            {"encoding_size", space.encoding_size(encoding)},
            {"metric", {{"name", metric.name}, {"unit", metric.unit}, {"direction", to_string(metric.better)},
                        {"description", metric.description}}},
            {"training", std::move(training)},
            {"scores", {{"train", scores_json(fit.train)}, {"valid", scores_json(fit.valid)}, {"test", scores_json(fit.test)}}},
            {"xgboost", fit.model.to_json()}};
}

}  // namespace hwnas::engine
