#include "engine/params.hpp"

#include <cmath>

#include "engine/suggest.hpp"
#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

const std::vector<std::string> known_types = {"integer", "number", "boolean", "string", "array", "object"};

bool has_type(const nlohmann::json& v, const std::string& type) {
    if (type == "integer") {
        if (v.is_number_integer()) return true;
        // 100.0 is an integer too; JSON writers sometimes print it so.
        return v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>();
    }
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    if (type == "string") return v.is_string();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    return false;
}

std::string format_bound(double x) {
    nlohmann::json j = x;
    if (std::floor(x) == x && std::abs(x) < 1e15) j = static_cast<long long>(x);
    return j.dump();
}

}  // namespace

std::string expectation(const ParamSpec& spec) {
    std::string out = (spec.type == "integer" || spec.type == "array" || spec.type == "object") ? "an " : "a ";
    out += spec.type;
    if (spec.minimum) out += " >= " + format_bound(*spec.minimum);
    if (spec.maximum) out += (spec.minimum ? " and <= " : " <= ") + format_bound(*spec.maximum);
    if (!spec.allowed.empty()) {
        out += " (one of ";
        for (std::size_t i = 0; i < spec.allowed.size(); ++i) out += (i ? ", " : "") + spec.allowed[i].dump();
        out += ")";
    }
    return out;
}

std::vector<ParamSpec> parse_param_specs(const std::string& plugin, const char* declaration) {
    const auto fail = [&](const std::string& what) -> void {
        throw Error("plugin '" + plugin + "' declares its parameters wrongly: " + what);
    };
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(declaration ? declaration : "{}");
    } catch (const nlohmann::json::parse_error& e) {
        fail(e.what());
    }
    if (!doc.is_object()) fail("expected a JSON object of parameters");
    std::vector<ParamSpec> specs;
    for (const auto& [name, decl] : doc.items()) {
        if (!decl.is_object()) fail("parameter '" + name + "' is not an object");
        ParamSpec spec;
        spec.name = name;
        spec.type = decl.value("type", "");
        if (std::find(known_types.begin(), known_types.end(), spec.type) == known_types.end()) {
            fail("parameter '" + name + "' has unknown type '" + spec.type + "'");
        }
        spec.description = decl.value("description", "");
        if (decl.contains("default")) spec.default_value = decl.at("default");
        if (decl.contains("minimum")) spec.minimum = decl.at("minimum").get<double>();
        if (decl.contains("maximum")) spec.maximum = decl.at("maximum").get<double>();
        if (decl.contains("enum")) spec.allowed = decl.at("enum").get<std::vector<nlohmann::json>>();
        specs.push_back(std::move(spec));
    }
    return specs;
}

nlohmann::json validate_params(const std::vector<ParamSpec>& specs, const nlohmann::json& given,
                               const Location& where) {
    if (!given.is_null() && !given.is_object()) {
        where.fail("expected an object of parameters, found " + describe(given));
    }
    std::vector<std::string> names;
    for (const auto& s : specs) names.push_back(s.name);

    nlohmann::json out = nlohmann::json::object();
    if (given.is_object()) {
        for (const auto& [key, value] : given.items()) {
            if (std::find(names.begin(), names.end(), key) == names.end()) {
                (where / key).fail("unknown parameter '" + key + "'" + did_you_mean(key, names) +
                                   (names.empty() ? "; this plugin takes no parameters"
                                                  : "; parameters are " + quoted_list(names)));
            }
        }
    }
    for (const auto& spec : specs) {
        const Location at = where / spec.name;
        if (!given.is_object() || !given.contains(spec.name)) {
            if (!spec.default_value) at.fail("missing required parameter (" + expectation(spec) + ")");
            out[spec.name] = *spec.default_value;
            continue;
        }
        nlohmann::json value = given.at(spec.name);
        const bool in_range = [&] {
            if (!has_type(value, spec.type)) return false;
            if (value.is_number()) {
                const double x = value.get<double>();
                if ((spec.minimum && x < *spec.minimum) || (spec.maximum && x > *spec.maximum)) return false;
            }
            return spec.allowed.empty() ||
                   std::find(spec.allowed.begin(), spec.allowed.end(), value) != spec.allowed.end();
        }();
        if (!in_range) {
            std::string hint;
            if (value.is_string() && !spec.allowed.empty()) {
                std::vector<std::string> options;
                for (const auto& a : spec.allowed) {
                    if (a.is_string()) options.push_back(a.get<std::string>());
                }
                hint = did_you_mean(value.get<std::string>(), options);
            }
            at.fail("expected " + expectation(spec) + ", found " + describe(value) + hint);
        }
        if (spec.type == "integer" && value.is_number_float()) value = static_cast<std::int64_t>(value.get<double>());
        out[spec.name] = std::move(value);
    }
    return out;
}

}  // namespace hwnas::engine
