#include "engine/fit_data.hpp"

#include <fmt/format.h>

#include "engine/measurements.hpp"
#include "hwnas/csv.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::engine {
namespace {

std::vector<std::size_t> key_columns(const CsvFile& csv, const std::string& key) {
    std::vector<std::size_t> columns;
    if (key.ends_with('*')) {
        const std::string_view prefix(key.data(), key.size() - 1);
        for (std::size_t i = 0; i < csv.header().size(); ++i) {
            if (csv.header()[i].starts_with(prefix)) columns.push_back(i);
        }
        if (columns.empty()) throw Error(csv.path().string() + ":1: no column starts with '" + std::string(prefix) + "'");
        return columns;
    }
    std::size_t start = 0;
    while (true) {
        const auto comma = key.find(',', start);
        columns.push_back(csv.column(key.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) return columns;
        start = comma + 1;
    }
}

FitData read_csv(const SearchSpace& space, const FitDataSource& source) {
    const CsvFile csv(source.file);
    const auto keys = key_columns(csv, source.key_column);
    const std::size_t value = csv.column(source.metric);
    const bool tagged = !source.split_column.empty();
    const std::size_t split = tagged ? csv.column(source.split_column) : 0;

    FitData data;
    data.metric = source.metric;
    data.source = source.file.string();
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        if (csv.text(row, value).empty()) {
            ++data.skipped_missing;
            continue;
        }
        std::string text;
        for (const std::size_t k : keys) {
            if (!text.empty()) text += ',';
            text += csv.text(row, k);
        }
        try {
            data.archs.push_back(space.parse(text));
        } catch (const Error& e) {
            throw Error(csv.where(row, keys.front()) + ": " + e.what());
        }
        data.values.push_back(csv.number(row, value));
        if (tagged) data.split_tags.emplace_back(csv.text(row, split));
    }
    return data;
}

FitData read_json(const SearchSpace& space, const FitDataSource& source) {
    if (!source.split_column.empty()) throw Error(source.file.string() + ": a split column is read from CSV files only");
    Measurements m = read_measurements(space, {source.file, source.records, source.key_column, {source.metric}, source.dataset});
    FitData data;
    data.metric = source.metric;
    data.source = m.source;
    data.archs = std::move(m.archs);
    data.values = std::move(m.values);
    return data;
}

double provider_value(const CostProvider& provider, const Architecture& arch, std::size_t metric_id) {
    const std::size_t ids[] = {metric_id};
    double out[] = {0.0};
    provider.evaluate(arch, ids, out);
    return out[0];
}

}  // namespace

FitData read_fit_data(const SearchSpace& space, const FitDataSource& source) {
    FitData data = source.file.extension() == ".json" ? read_json(space, source) : read_csv(space, source);
    if (data.size() == 0) throw Error(source.file.string() + ": no rows with a value of '" + source.metric + "'");
    return data;
}

FitData sample_provider(const SearchSpace& space, const CostProvider& provider, std::size_t metric_id,
                        std::size_t count, std::uint64_t seed, const std::string& source) {
    Rng rng = Rng::derive(seed, "fit/sample");
    FitData data;
    data.metric = provider.metrics()[metric_id].name;
    data.source = fmt::format("{}, {} architectures sampled with seed {}", source, count, seed);
    for (std::size_t i = 0; i < count; ++i) {
        data.archs.push_back(space.sample(rng));
        data.values.push_back(provider_value(provider, data.archs.back(), metric_id));
    }
    return data;
}

FitData enumerate_provider(const SearchSpace& space, const CostProvider& provider, std::size_t metric_id,
                           const std::string& source) {
    const auto n = space.size();
    if (!n || *n > 10'000'000) throw Error("space '" + std::string(space.name()) + "' is too large to enumerate");
    FitData data;
    data.metric = provider.metrics()[metric_id].name;
    data.source = fmt::format("{}, all {} architectures", source, *n);
    for (std::uint64_t i = 0; i < *n; ++i) {
        data.archs.push_back(space.from_index(i));
        data.values.push_back(provider_value(provider, data.archs.back(), metric_id));
    }
    return data;
}

std::string fit_data_hash(const SearchSpace& space, const FitData& data) {
    std::string text;
    for (std::size_t i = 0; i < data.size(); ++i) {
        text += fmt::format("{}={:.17g}\n", qualified_name(space, data.archs[i]), data.values[i]);
    }
    return fmt::format("{:016x}", stable_hash(text));
}

}  // namespace hwnas::engine
