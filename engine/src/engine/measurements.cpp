#include "engine/measurements.hpp"

#include <cmath>

#include "engine/experiment.hpp"
#include "engine/location.hpp"
#include "hwnas/csv.hpp"

namespace hwnas::engine {
namespace {

using Json = nlohmann::json;

void check_source(const MeasurementSource& source) {
    if (source.key_column.empty()) throw Error(source.file.string() + ": no architecture column given (--key-column)");
    if (source.metrics.empty()) throw Error(source.file.string() + ": no metric column given (--metric)");
}

Architecture parse_arch(const SearchSpace& space, std::string_view text, const std::string& where) {
    try {
        return space.parse(text);
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
}

Measurements read_csv(const SearchSpace& space, const MeasurementSource& source) {
    const CsvFile csv(source.file);
    const std::size_t key = csv.column(source.key_column);
    std::vector<std::size_t> columns;
    for (const auto& metric : source.metrics) columns.push_back(csv.column(metric));

    Measurements m;
    m.metrics = source.metrics;
    m.source = source.file.string();
    m.archs.reserve(csv.rows());
    m.values.reserve(csv.rows() * columns.size());
    for (std::size_t row = 0; row < csv.rows(); ++row) {
        m.archs.push_back(parse_arch(space, csv.text(row, key), csv.where(row, key)));
        for (const std::size_t c : columns) m.values.push_back(csv.number(row, c));
        m.origins.push_back(source.file.string() + ":" + std::to_string(csv.line(row)));
    }
    return m;
}

/// The records array and where it sits, following the rules in the header.
std::pair<const Json*, Location> find_records(const Json& doc, const MeasurementSource& source) {
    const Location root(source.file.string());
    const Json* group = &doc;
    Location where = root;
    if (!source.records.empty()) {
        if (!doc.is_object() || !doc.contains(source.records)) {
            std::string have;
            if (doc.is_object()) {
                for (const auto& [name, value] : doc.items()) have += (have.empty() ? "" : ", ") + name;
            }
            root.fail("no record group '" + source.records + "'" + (have.empty() ? "" : "; the top-level keys are " + have));
        }
        group = &doc.at(source.records);
        where = root / source.records;
    }
    if (group->is_object() && group->contains("dataset") && !source.dataset.empty() &&
        group->at("dataset") != source.dataset) {
        const Json& dataset = group->at("dataset");
        const std::string name = dataset.is_string() ? dataset.get<std::string>() : dataset.dump();
        (where / "dataset").fail("these records are for dataset '" + name + "', not '" + source.dataset +
                                 "' (pass --dataset " + name + ")");
    }
    if (group->is_object() && group->contains("records")) return {&group->at("records"), where / "records"};
    if (!group->is_array()) where.fail("expected an array of records or an object with \"records\", found " + describe(*group));
    return {group, where};
}

Architecture record_arch(const SearchSpace& space, const Json& field, const Location& where) {
    if (field.is_string()) return parse_arch(space, field.get<std::string>(), where.str());
    if (!field.is_array()) where.fail("expected an architecture (a string or an array of gene numbers), found " + describe(field));
    std::string genes;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (!field[i].is_number_unsigned()) (where / i).fail("expected a gene number, found " + describe(field[i]));
        if (i > 0) genes += '-';
        genes += std::to_string(field[i].get<std::uint64_t>());
    }
    return parse_arch(space, genes, where.str());
}

double record_value(const Json& record, const std::string& metric, const Location& where) {
    const Json* value = nullptr;
    Location at = where / metric;
    if (record.contains(metric)) {
        value = &record.at(metric);
    } else if (record.contains("metrics") && record.at("metrics").is_object() && record.at("metrics").contains(metric)) {
        value = &record.at("metrics").at(metric);
        at = where / "metrics" / metric;
    }
    if (value == nullptr) where.fail("no value for metric '" + metric + "' (looked in the record and its \"metrics\")");
    if (!value->is_number() || !std::isfinite(value->get<double>())) at.fail("expected a finite number, found " + describe(*value));
    return value->get<double>();
}

Measurements read_json(const SearchSpace& space, const MeasurementSource& source) {
    const Json doc = read_json_file(source.file);
    const auto [records, where] = find_records(doc, source);
    Measurements m;
    m.metrics = source.metrics;
    m.source = source.file.string() + (source.records.empty() ? "" : " (" + source.records + ")");
    for (std::size_t i = 0; i < records->size(); ++i) {
        const Json& record = (*records)[i];
        const Location at = where / i;
        if (!record.is_object()) at.fail("expected a record object, found " + describe(record));
        if (record.contains("dataset") && !source.dataset.empty() && record.at("dataset") != source.dataset) {
            ++m.skipped_other_dataset;
            continue;
        }
        if (!record.contains(source.key_column)) at.fail("no architecture field '" + source.key_column + "'");
        m.archs.push_back(record_arch(space, record.at(source.key_column), at / source.key_column));
        for (const auto& metric : source.metrics) m.values.push_back(record_value(record, metric, at));
        m.origins.push_back(at.str());
    }
    return m;
}

}  // namespace

Measurements read_measurements(const SearchSpace& space, const MeasurementSource& source) {
    check_source(source);
    Measurements m = source.file.extension() == ".json" ? read_json(space, source) : read_csv(space, source);
    if (m.size() == 0) {
        throw Error(m.source + ": no measurements" +
                    (m.skipped_other_dataset ? " for dataset '" + source.dataset + "' (" +
                                                   std::to_string(m.skipped_other_dataset) + " records of other datasets)"
                                             : std::string()));
    }
    return m;
}

}  // namespace hwnas::engine
