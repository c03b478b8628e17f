#include "remote_provider.hpp"

#include <atomic>
#include <cmath>
#include <exception>
#include <thread>

#include "hwnas/params.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::remote {
namespace {

constexpr const char* plugin = "remote";

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000)));
}

std::vector<std::string> read_urls(const nlohmann::json& params) {
    const auto& agents = params.at("agents");
    std::vector<std::string> out;
    if (agents.is_array()) {
        for (const auto& a : agents) {
            if (!a.is_string()) break;
            out.push_back(a.get<std::string>());
        }
    }
    if (out.empty() || out.size() != agents.size()) {
        throw Error("remote: parameter 'agents': expected a non-empty array of URLs like \"http://127.0.0.1:8080\", found " +
                    agents.dump());
    }
    return out;
}

std::vector<MetricInfo> metrics_of(const nlohmann::json& description, const std::string& url) {
    std::vector<MetricInfo> out;
    for (const auto& m : description.at("metrics")) {
        if (!m.is_object() || !m.contains("name") || !m.at("name").is_string()) {
            throw Error("remote: agent " + url + " describes a metric as " + m.dump() + "; expected {\"name\", \"unit\", \"better\"}");
        }
        MetricInfo info;
        info.name = m.at("name").get<std::string>();
        info.unit = m.value("unit", "");
        info.description = m.value("description", "");
        info.better = m.value("better", "lower") == "higher" ? Direction::higher_is_better : Direction::lower_is_better;
        out.push_back(std::move(info));
    }
    return out;
}

std::string record_name(const std::string& url) { return "agent " + url; }

}  // namespace

RemoteProvider::RemoteProvider(const PluginContext& context)
    : space_(context.space),
      extra_settings_(context.params.value("settings", nlohmann::json::object())),
      retries_(static_cast<std::size_t>(integer_param(context.params, plugin, "retries", 0))),
      backoff_(number_param(context.params, plugin, "backoff_seconds", 0)),
      batch_size_(static_cast<std::size_t>(integer_param(context.params, plugin, "batch_size", 1))),
      parallel_(static_cast<std::size_t>(integer_param(context.params, plugin, "parallel", 0))) {
    if (space_ == nullptr) throw Error("remote: the provider needs the experiment's search space");
    const Timeouts timeouts{millis(number_param(context.params, plugin, "connect_timeout_seconds", 0.001)),
                            millis(number_param(context.params, plugin, "timeout_seconds", 0.001))};
    for (auto& url : read_urls(context.params)) agents_.emplace_back(std::move(url), timeouts);
    known_.resize(agents_.size());
    if (parallel_ == 0) parallel_ = agents_.size();
    const std::string cache = context.params.value("cache", "");
    if (!cache.empty()) {
        const std::filesystem::path path(cache);
        cache_ = std::make_unique<MeasurementCache>(path.is_absolute() ? path : context.config_dir / path);
    }

    // The metrics come from the agents: live, or as last described in the
    // cache, so cached measurements stay usable while every agent is down.
    std::string unreachable;
    for (std::size_t a = 0; a < agents_.size(); ++a) {
        try {
            learn(a, agents_[a].describe());
        } catch (const TransientError& e) {
            unreachable += std::string("\n  ") + e.what();
            if (const auto recalled = cache_ ? cache_->recall(record_name(agents_[a].url())) : std::nullopt) {
                known_[a].description = *recalled;
            }
        }
    }
    for (std::size_t a = 0; a < agents_.size(); ++a) {
        if (!known_[a].description) continue;
        auto m = metrics_of(*known_[a].description, agents_[a].url());
        if (metrics_.empty()) {
            metrics_ = std::move(m);
            continue;
        }
        bool same = m.size() == metrics_.size();
        for (std::size_t i = 0; same && i < m.size(); ++i) same = m[i].name == metrics_[i].name;
        if (!same) {
            throw Error("remote: agent " + agents_[a].url() + " offers other metrics than agent " + agents_[0].url() +
                        "; every agent of one provider must measure the same metrics");
        }
    }
    if (metrics_.empty()) {
        throw Error("remote: cannot learn the metrics: no agent answered and the cache holds no earlier description of them:" +
                    unreachable);
    }
}

void RemoteProvider::learn(std::size_t agent, const nlohmann::json& description) const {
    const std::string space(space_->name());
    if (description.at("space") != space) {
        throw Error("remote: agent " + agents_[agent].url() + " measures space " + description.at("space").dump() +
                    "; the experiment's space is '" + space + "'");
    }
    {
        std::lock_guard lock(mutex_);
        known_[agent].description = description;
    }
    if (cache_) cache_->remember(record_name(agents_[agent].url()), description);
}

std::optional<nlohmann::json> RemoteProvider::description(std::size_t agent) const {
    std::lock_guard lock(mutex_);
    return known_[agent].description;
}

MeasurementKey RemoteProvider::key(const nlohmann::json& description, const std::string& arch) const {
    const nlohmann::json settings = {{"agent", description.at("settings")}, {"extra", extra_settings_}};
    return {description.at("fingerprint").get<std::string>(), std::string(space_->name()), arch,
            MeasurementCache::canonical(settings)};
}

std::vector<double> RemoteProvider::read_metrics(const nlohmann::json& item, const std::string& url) const {
    const auto& m = item.contains("metrics") ? item.at("metrics") : nlohmann::json();
    std::vector<double> values;
    for (const auto& info : metrics_) {
        if (!m.is_object() || !m.contains(info.name) || !m.at(info.name).is_number()) {
            throw TransientError("agent " + url + ": expected a number at /metrics/" + info.name + " for '" +
                                 item.value("arch", std::string("?")) + "', found " +
                                 (m.is_object() && m.contains(info.name) ? m.at(info.name).dump() : std::string("none")));
        }
        values.push_back(m.at(info.name).get<double>());
    }
    return values;
}

std::optional<std::vector<double>> RemoteProvider::cached(const std::string& arch) const {
    if (!cache_) return std::nullopt;
    for (std::size_t a = 0; a < agents_.size(); ++a) {
        const auto d = description(a);
        if (!d) continue;
        const auto hit = cache_->find(key(*d, arch));
        if (!hit) continue;
        try {
            return read_metrics({{"arch", arch}, {"metrics", *hit}}, agents_[a].url());
        } catch (const TransientError&) {
            // Stored before a metric was added: measure it again.
        }
    }
    return std::nullopt;
}

void RemoteProvider::send(std::span<const Architecture> batch, std::size_t first_agent,
                          std::unordered_map<std::string, std::vector<double>>& results, std::mutex& results_mutex) const {
    std::vector<std::string> names;
    std::vector<std::string> genes;
    for (const auto& arch : batch) {
        names.push_back(space_->to_string(arch));
        genes.push_back(to_genes_string(arch));
    }
    const std::size_t n = agents_.size();
    std::vector<std::string> last_error(n, "not tried");
    for (std::size_t round = 0; round <= retries_; ++round) {
        if (round > 0) std::this_thread::sleep_for(backoff_ * std::pow(2.0, static_cast<double>(round - 1)));
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t a = (first_agent + k) % n;
            const auto& agent = agents_[a];
            try {
                auto d = description(a);
                if (!d) {
                    d = agent.describe();
                    learn(a, *d);
                }
                std::string fingerprint;
                const auto items = agent.measure(std::string(space_->name()), genes, fingerprint);
                if (fingerprint != d->at("fingerprint")) {
                    // Another device now answers at this URL: key its measurements by it.
                    d = agent.describe();
                    learn(a, *d);
                }
                {
                    std::lock_guard lock(mutex_);
                    sent_ += batch.size();
                }
                for (std::size_t j = 0; j < items.size(); ++j) {
                    const auto& item = items[j];
                    if (item.contains("error")) {
                        throw Error("remote: agent " + agent.url() + " could not measure '" + names[j] +
                                    "': " + item.at("error").get<std::string>());
                    }
                    auto values = read_metrics(item, agent.url());
                    // Committed at once: a crash later loses nothing measured now.
                    if (cache_) cache_->insert(key(*d, names[j]), item.at("metrics"));
                    {
                        std::lock_guard lock(mutex_);
                        seconds_[batch[j]] = item.value("seconds", 0.0);
                    }
                    std::lock_guard lock(results_mutex);
                    results[names[j]] = std::move(values);
                }
                return;
            } catch (const TransientError& e) {
                last_error[a] = e.what();
            }
        }
    }
    std::string why;
    for (std::size_t a = 0; a < n; ++a) why += "\n  " + last_error[a];
    throw Error("remote: could not measure " + std::to_string(batch.size()) + " architecture(s) (first '" + names.front() +
                "') after " + std::to_string(retries_ + 1) + " round(s) over " + std::to_string(n) +
                " agent(s) (parameters retries, timeout_seconds); last error of each agent:" + why);
}

std::vector<std::vector<double>> RemoteProvider::measure(std::span<const Architecture> archs) const {
    std::vector<std::vector<double>> out(archs.size());
    std::vector<std::string> names(archs.size());
    std::vector<Architecture> misses;
    std::unordered_map<std::string, std::vector<double>> results;
    for (std::size_t i = 0; i < archs.size(); ++i) {
        names[i] = space_->to_string(archs[i]);
        if (results.contains(names[i])) continue;
        if (auto hit = cached(names[i])) {
            results[names[i]] = std::move(*hit);
        } else {
            results[names[i]];  // placeholder: sent once even if listed twice
            misses.push_back(archs[i]);
        }
    }
    const std::size_t batches = (misses.size() + batch_size_ - 1) / batch_size_;
    // Network waits, not computation: plain threads, one per request in flight.
    const std::size_t workers = std::min(parallel_, batches);
    std::atomic<std::size_t> next{0};
    std::mutex results_mutex;
    std::exception_ptr first_error;
    std::mutex error_mutex;
    const auto work = [&] {
        for (std::size_t b; (b = next.fetch_add(1)) < batches;) {
            const std::size_t begin = b * batch_size_;
            const std::span<const Architecture> batch(misses.data() + begin, std::min(batch_size_, misses.size() - begin));
            try {
                send(batch, b % agents_.size(), results, results_mutex);
            } catch (...) {
                // The other batches go on, so everything measurable ends up cached.
                std::lock_guard lock(error_mutex);
                if (!first_error) first_error = std::current_exception();
            }
        }
    };
    if (workers <= 1) {
        work();
    } else {
        std::vector<std::thread> threads;
        for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work);
        for (auto& t : threads) t.join();
    }
    if (first_error) std::rethrow_exception(first_error);
    for (std::size_t i = 0; i < archs.size(); ++i) out[i] = results.at(names[i]);
    return out;
}

void RemoteProvider::evaluate(const Architecture& arch, std::span<const std::size_t> ids, std::span<double> out) const {
    const auto values = measure(std::span<const Architecture>(&arch, 1)).front();
    for (std::size_t i = 0; i < ids.size(); ++i) out[i] = values.at(ids[i]);
}

double RemoteProvider::query_cost_seconds(const Architecture& arch) const {
    std::lock_guard lock(mutex_);
    const auto it = seconds_.find(arch);
    return it == seconds_.end() ? 0.0 : it->second;
}

std::size_t RemoteProvider::sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
}

}  // namespace hwnas::remote
