#include "block_lut_file.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hwnas/error.hpp"

namespace hwnas::block_lut {
namespace {

using Json = nlohmann::json;
using Pointer = Json::json_pointer;

/// "file: /pointer: message", the shape of every error about the file's content.
class Where {
public:
    Where(std::string file, Pointer pointer) : file_(std::move(file)), pointer_(std::move(pointer)) {}
    [[nodiscard]] Where operator/(const std::string& key) const { return {file_, pointer_ / key}; }
    [[nodiscard]] Where operator/(std::size_t index) const { return {file_, pointer_ / index}; }
    [[noreturn]] void fail(const std::string& message) const {
        throw Error(file_ + ": " + (pointer_.empty() ? "/" : pointer_.to_string()) + ": " + message);
    }

private:
    std::string file_;
    Pointer pointer_;
};

std::string describe(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "the boolean " + value.dump();
        case Json::value_t::string: return "the string " + value.dump();
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float: return "the number " + value.dump();
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        default: return "a value of another type";
    }
}

Json parse_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open the block LUT file (does it exist?)");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    try {
        return Json::parse(text);
    } catch (const Json::parse_error& e) {
        // Turn the byte offset into line and column for the reader.
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
            column = text[i] == '\n' ? 1 : column + 1;
            line += text[i] == '\n';
        }
        throw Error(file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                    ": invalid JSON: " + e.what());
    }
}

const Json& member(const Json& object, const std::string& key, const Where& where) {
    const auto it = object.find(key);
    if (it == object.end()) where.fail("missing required key '" + key + "'");
    return *it;
}

std::string string_member(const Json& object, const std::string& key, const Where& where, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required) where.fail("missing required key '" + key + "'");
        return {};
    }
    if (!it->is_string()) (where / key).fail("expected a string, found " + describe(*it));
    return it->get<std::string>();
}

double finite_number(const Json& value, const Where& where) {
    if (!value.is_number()) where.fail("expected a number, found " + describe(value));
    const double x = value.get<double>();
    if (!std::isfinite(x)) where.fail("expected a finite number, found " + value.dump());
    return x;
}

void check_header(const Json& doc, const Where& root) {
    if (!doc.is_object()) root.fail("expected an object, found " + describe(doc));
    const std::string format = string_member(doc, "format", root, true);
    if (format != format_id) {
        (root / "format").fail("expected \"" + std::string(format_id) + "\", found \"" + format + "\"");
    }
    const Json& version = member(doc, "version", root);
    if (!version.is_number_integer() || version.get<long long>() != format_version) {
        (root / "version").fail("expected version " + std::to_string(format_version) + ", found " + describe(version));
    }
}

MetricInfo read_metric(const Json& m, const Where& where) {
    if (!m.is_object()) where.fail("expected an object {\"name\", \"unit\", \"better\"}, found " + describe(m));
    MetricInfo info;
    info.name = string_member(m, "name", where, true);
    if (info.name.empty()) (where / "name").fail("expected a non-empty metric name");
    info.unit = string_member(m, "unit", where, false);
    info.description = string_member(m, "description", where, false);
    const std::string better = string_member(m, "better", where, false);
    if (better.empty() || better == "lower") {
        info.better = Direction::lower_is_better;
    } else if (better == "higher") {
        info.better = Direction::higher_is_better;
    } else {
        (where / "better").fail("expected \"lower\" or \"higher\", found \"" + better + "\"");
    }
    return info;
}

void read_metrics(const Json& doc, const Where& root, BlockLut& lut) {
    const Json& metrics = member(doc, "metrics", root);
    if (!metrics.is_array() || metrics.empty()) {
        (root / "metrics").fail("expected a non-empty array of metrics, found " + describe(metrics));
    }
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        MetricInfo info = read_metric(metrics[i], root / "metrics" / i);
        for (const auto& earlier : lut.metrics) {
            if (earlier.name == info.name) (root / "metrics" / i / "name").fail("metric '" + info.name + "' is listed twice");
        }
        lut.metrics.push_back(std::move(info));
    }
}

/// Values of every metric from an object {metric: number}; absent ones are 0 unless all are required.
std::vector<double> read_metric_values(const Json& object, const Where& where, const BlockLut& lut,
                                       bool all_required) {
    if (!object.is_object()) where.fail("expected an object {metric: number}, found " + describe(object));
    std::vector<double> values(lut.metrics.size(), 0.0);
    for (std::size_t m = 0; m < lut.metrics.size(); ++m) {
        const auto it = object.find(lut.metrics[m].name);
        if (it == object.end()) {
            if (all_required) where.fail("no value for metric '" + lut.metrics[m].name + "'");
            continue;
        }
        values[m] = finite_number(*it, where / lut.metrics[m].name);
    }
    for (const auto& [name, value] : object.items()) {
        bool known = false;
        for (const auto& info : lut.metrics) known = known || info.name == name;
        if (!known) (where / name).fail("'" + name + "' is not one of the file's metrics (see /metrics)");
    }
    return values;
}

void read_entries(const Json& doc, const Where& root, BlockLut& lut) {
    const Json& entries = member(doc, "entries", root);
    if (!entries.is_object() || entries.empty()) {
        (root / "entries").fail("expected a non-empty object {key: {metric: value}}, found " + describe(entries));
    }
    lut.keys.reserve(entries.size());
    lut.values.reserve(entries.size() * lut.metrics.size());
    for (const auto& [key, values] : entries.items()) {
        const auto row_values = read_metric_values(values, root / "entries" / key, lut, true);
        lut.rows.emplace(key, lut.keys.size());
        lut.keys.push_back(key);
        lut.values.insert(lut.values.end(), row_values.begin(), row_values.end());
    }
}

}  // namespace

BlockLut read_block_lut(const std::filesystem::path& file) {
    const Json doc = parse_file(file);
    const Where root(file.string(), Pointer());
    check_header(doc, root);
    BlockLut lut;
    lut.file = file;
    lut.space = string_member(doc, "space", root, true);
    lut.dataset = string_member(doc, "dataset", root, false);
    read_metrics(doc, root, lut);
    lut.offsets.assign(lut.metrics.size(), 0.0);
    if (const auto it = doc.find("offset"); it != doc.end()) {
        lut.offsets = read_metric_values(*it, root / "offset", lut, false);
        lut.has_offset = true;
    }
    read_entries(doc, root, lut);
    return lut;
}

}  // namespace hwnas::block_lut
