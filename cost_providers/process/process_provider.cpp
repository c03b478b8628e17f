#include "process_provider.hpp"

#include <cmath>

#include "child_process.hpp"
#include "hwnas/params.hpp"
#include "hwnas/search_space.hpp"
#include "network_json.hpp"

namespace hwnas::process {
namespace {

constexpr const char* plugin = "process";

Error param_error(const std::string& name, const std::string& what) {
    return Error(std::string(plugin) + ": parameter '" + name + "': " + what);
}

std::vector<std::string> read_command(const nlohmann::json& params) {
    const auto& command = params.at("command");
    if (!command.is_array() || command.empty()) {
        throw param_error("command", "expected a non-empty array of strings, found " + command.dump());
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < command.size(); ++i) {
        if (!command[i].is_string()) {
            throw param_error("command", "expected a string at /" + std::to_string(i) + ", found " + command[i].dump());
        }
        out.push_back(command[i].get<std::string>());
    }
    return out;
}

/// The last `lines` lines of `text`, for error messages about a failed run.
std::string tail(const std::string& text, std::size_t lines = 10) {
    std::size_t end = text.size();
    while (end > 0 && text[end - 1] == '\n') --end;
    std::size_t start = end;
    for (std::size_t seen = 0; start > 0; --start) {
        if (text[start - 1] == '\n' && ++seen == lines) break;
    }
    std::string out = text.substr(start, end - start);
    if (out.size() > 2000) out = "..." + out.substr(out.size() - 2000);
    return out;
}

std::string excerpt(const std::string& text) {
    std::string out = text.size() > 200 ? text.substr(0, 200) + "..." : text;
    return out.empty() ? "nothing" : "'" + out + "'";
}

}  // namespace

std::vector<MetricInfo> declared_metrics(const nlohmann::json& declaration, const std::string& plugin_name) {
    const auto fail = [&](const std::string& where, const std::string& what) {
        return Error(plugin_name + ": parameter 'metrics'" + where + ": " + what);
    };
    if (!declaration.is_array() || declaration.empty()) {
        throw fail("", "expected a non-empty array of {\"name\", \"unit\", \"better\"}, found " + declaration.dump());
    }
    std::vector<MetricInfo> out;
    for (std::size_t i = 0; i < declaration.size(); ++i) {
        const auto& d = declaration[i];
        const std::string at = "/" + std::to_string(i);
        if (!d.is_object() || !d.contains("name") || !d.at("name").is_string()) {
            throw fail(at, "expected an object with a string \"name\", found " + d.dump());
        }
        MetricInfo info;
        info.name = d.at("name").get<std::string>();
        info.unit = d.value("unit", "");
        info.description = d.value("description", "");
        const std::string better = d.value("better", "lower");
        if (better != "lower" && better != "higher") {
            throw fail(at + "/better", "expected \"lower\" or \"higher\", found \"" + better + "\"");
        }
        info.better = better == "lower" ? Direction::lower_is_better : Direction::higher_is_better;
        for (const auto& earlier : out) {
            if (earlier.name == info.name) throw fail(at + "/name", "metric '" + info.name + "' is declared twice");
        }
        out.push_back(std::move(info));
    }
    return out;
}

ProcessProvider::ProcessProvider(const PluginContext& context)
    : space_(context.space),
      command_(read_command(context.params)),
      metrics_(declared_metrics(context.params.at("metrics"), plugin)),
      timeout_(static_cast<long long>(std::ceil(number_param(context.params, plugin, "timeout_seconds", 0.001) * 1000))),
      include_network_(context.params.value("include_network", true)),
      cost_seconds_(number_param(context.params, plugin, "query_cost_seconds", -1)),
      slots_(static_cast<std::size_t>(integer_param(context.params, plugin, "parallel", 1))) {
    if (space_ == nullptr) throw Error("process: the provider needs the experiment's search space");
    // "./x" names a script next to the config; a bare name is a program on PATH.
    if (command_[0].starts_with("./") || command_[0].starts_with("../")) {
        command_[0] = (context.config_dir / command_[0]).lexically_normal().string();
    }
    const std::string dir = context.params.value("working_dir", "");
    working_dir_ = dir.empty() ? context.config_dir : context.resolve(dir);
}

std::string ProcessProvider::input_for(const Architecture& arch) const {
    nlohmann::json genes = nlohmann::json::array();
    for (const auto g : arch.genes()) genes.push_back(g);
    nlohmann::json in = {{"space", std::string(space_->name())},
                         {"arch", space_->to_string(arch)},
                         {"genes", std::move(genes)},
                         {"genes_string", to_genes_string(arch)}};
    if (include_network_) {
        try {
            in["network"] = network_json(space_->network(arch));
        } catch (const Error&) {
            // Spaces without a network description still get measured from their genes.
        }
    }
    return in.dump();
}

std::vector<double> ProcessProvider::parse_output(const std::string& out, const std::string& label) const {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(out);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(label + " printed invalid JSON on stdout: expected one JSON object of metrics, found " +
                    excerpt(out) + " (" + e.what() + ")");
    }
    if (!doc.is_object()) {
        throw Error(label + " printed " + std::string(doc.type_name()) +
                    " on stdout: expected a JSON object of metrics, found " + excerpt(out));
    }
    std::vector<double> values;
    for (const auto& m : metrics_) {
        if (!doc.contains(m.name)) {
            std::string keys;
            for (const auto& [key, value] : doc.items()) keys += (keys.empty() ? "" : ", ") + key;
            throw Error(label + " printed no metric '" + m.name + "': expected a number at /" + m.name +
                        "; found the keys: " + (keys.empty() ? "none" : keys));
        }
        const auto& v = doc.at(m.name);
        if (!v.is_number() || !std::isfinite(v.get<double>())) {
            throw Error(label + ": metric '" + m.name + "': expected a finite number, found " + v.dump());
        }
        values.push_back(v.get<double>());
    }
    return values;
}

std::vector<double> ProcessProvider::run(const Architecture& arch) const {
    const std::string label = "process: command '" + command_[0] + "' for '" + qualified_name(*space_, arch) + "'";
    const std::string input = input_for(arch);
    slots_.acquire();
    ChildResult result;
    try {
        result = run_child(command_, input, timeout_, working_dir_);
    } catch (...) {
        slots_.release();
        throw;
    }
    slots_.release();
    {
        std::lock_guard lock(seconds_mutex_);
        seconds_[arch] = result.seconds;
    }
    const std::string err = tail(result.err);
    const std::string stderr_note = err.empty() ? " (stderr was empty)" : "; stderr ends with:\n" + err;
    if (result.timed_out) {
        throw Error(label + " timed out after " + nlohmann::json(timeout_.count() / 1000.0).dump() +
                    " s (parameter timeout_seconds); its process group was killed" + stderr_note);
    }
    if (result.signal != 0) {
        throw Error(label + " was killed by signal " + std::to_string(result.signal) + stderr_note);
    }
    if (result.exit_code != 0) {
        throw Error(label + " exited with status " + std::to_string(result.exit_code) + ", expected 0" + stderr_note);
    }
    return parse_output(result.out, label);
}

void ProcessProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const {
    const auto values = run(arch);
    for (std::size_t i = 0; i < ids.size(); ++i) out[i] = values.at(ids[i]);
}

double ProcessProvider::query_cost_seconds(const Architecture& arch) const {
    if (cost_seconds_ >= 0) return cost_seconds_;
    std::lock_guard lock(seconds_mutex_);
    const auto it = seconds_.find(arch);
    return it == seconds_.end() ? 0.0 : it->second;
}

}  // namespace hwnas::process
