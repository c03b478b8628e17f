// `hwnas fit --study transfer|predictors`: prints the table, writes CSV + JSON.
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/json_text.hpp"
#include "engine/device_study.hpp"
#include "engine/results.hpp"
#include "engine/surrogate_fit.hpp"
#include "fit_study.hpp"

namespace hwnas::cli {
namespace {

engine::DeviceTable device_table(const FitStudyOptions& study, const SearchSpace& space, const CostProvider& provider) {
    if (study.metrics.size() < 2) throw Error("--metrics: give at least two device latency metrics, e.g. raspi4_latency,pixel3_latency");
    const auto n = space.size();
    if (!n || *n > 1'000'000) throw Error("--study needs an enumerable space of at most 1e6 architectures");
    std::vector<std::size_t> ids;
    for (const auto& name : study.metrics) {
        const auto metrics = provider.metrics();
        std::size_t id = metrics.size();
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            if (metrics[i].name == name) id = i;
        }
        if (id == metrics.size()) throw Error("--metrics: the provider has no metric '" + name + "'");
        ids.push_back(id);
    }
    engine::DeviceTable table;
    table.devices = study.metrics;
    table.latency.assign(ids.size(), Eigen::VectorXd(static_cast<Eigen::Index>(*n)));
    const std::size_t one_hot = space.encoding_size(Encoding::one_hot);
    table.features.resize(static_cast<Eigen::Index>(*n), static_cast<Eigen::Index>(one_hot + 1));
    std::vector<double> values(ids.size());
    std::vector<double> code(one_hot);
    for (std::uint64_t i = 0; i < *n; ++i) {
        table.archs.push_back(space.from_index(i));
        provider.evaluate(table.archs.back(), ids, values);
        for (std::size_t d = 0; d < ids.size(); ++d) table.latency[d](static_cast<Eigen::Index>(i)) = values[d];
        space.encode(table.archs.back(), Encoding::one_hot, code);
        const auto row = static_cast<Eigen::Index>(i);
        for (std::size_t c = 0; c < one_hot; ++c) table.features(row, static_cast<Eigen::Index>(c)) = code[c];
        table.features(row, static_cast<Eigen::Index>(one_hot)) = 1.0;  // the intercept
    }
    return table;
}

void write_outputs(const FitStudyOptions& study, const std::string& csv, const nlohmann::json& json) {
    if (study.output.empty()) return;
    const std::filesystem::path folder(study.output);
    engine::write_file_atomically(folder / (study.study + ".csv"), csv);
    engine::write_file_atomically(folder / (study.study + ".json"), json.dump(2) + "\n");
    std::cout << fmt::format("results: {}/{}.{{csv,json}}\n", folder.string(), study.study);
}

void run_transfer(const FitStudyOptions& study, const engine::DeviceTable& table) {
    const engine::TransferOptions options{study.samples, study.monotonicity_samples, study.threshold, study.lambda,
                                          study.repeats, study.seed};
    const auto rows = engine::transfer_study(table, options);
    std::string header = fmt::format("{:<16} {:<16} {:>8} {:>6} {:>8}", "proxy", "target", "rho_meas", "adapt", "rho_lin");
    std::string csv = "proxy,target,spearman_measured,adapt,spearman_proxy_linear";
    for (const auto k : study.samples) {
        header += fmt::format(" {:>8}", fmt::format("ada@{}", k));
        csv += fmt::format(",spearman_adaproxy_{}", k);
    }
    std::cout << header << "\n";
    csv += "\n";
    nlohmann::json json = {{"study", "transfer"}, {"threshold", study.threshold}, {"lambda", study.lambda},
                           {"repeats", study.repeats}, {"seed", study.seed},
                           {"monotonicity_samples", study.monotonicity_samples}, {"rows", nlohmann::json::array()}};
    for (const auto& r : rows) {
        std::string line = fmt::format("{:<16} {:<16} {:>8.4f} {:>6} {:>8.4f}", r.proxy, r.target, r.measured_spearman,
                                       r.adapt ? "yes" : "no", r.proxy_model_spearman);
        csv += fmt::format("{},{},{:.6f},{},{:.6f}", r.proxy, r.target, r.measured_spearman, r.adapt ? 1 : 0,
                           r.proxy_model_spearman);
        nlohmann::json after = nlohmann::json::object();
        for (std::size_t i = 0; i < r.after.size(); ++i) {
            line += fmt::format(" {:>8.4f}", r.after[i]);
            csv += fmt::format(",{:.6f}", r.after[i]);
            after[std::to_string(study.samples[i])] = r.after[i];
        }
        std::cout << line << "\n";
        csv += "\n";
        json["rows"].push_back({{"proxy", r.proxy}, {"target", r.target}, {"spearman_measured", r.measured_spearman},
                                {"adapt", r.adapt}, {"spearman_proxy_linear", r.proxy_model_spearman},
                                {"spearman_adaproxy", after}});
    }
    write_outputs(study, csv, json);
}

void run_predictors(const FitStudyOptions& study, const SearchSpace& space, const engine::DeviceTable& table) {
    const nlohmann::json overrides = engine::parse_json_text(study.params, "--params");
    const engine::PredictorOptions options{study.fractions, study.lambda, study.repeats, study.seed,
                                           engine::boosting_params(overrides, study.seed, "--params")};
    const auto rows = engine::predictor_study(space, table, options);
    std::cout << fmt::format("{:<16} {:>6} {:>6} {:<16} {:>10} {:>8}  {}\n", "device", "frac", "train", "predictor",
                             "RMSE", "tau_b", "detail");
    std::string csv = "device,fraction,train,predictor,rmse,kendall_tau_b,detail\n";
    nlohmann::json json = {{"study", "predictors"}, {"repeats", study.repeats}, {"seed", study.seed},
                           {"lambda", study.lambda}, {"rows", nlohmann::json::array()}};
    for (const auto& r : rows) {
        std::cout << fmt::format("{:<16} {:>6.2f} {:>6} {:<16} {:>10.4f} {:>8.4f}  {}\n", r.device, r.fraction, r.train,
                                 r.predictor, r.rmse, r.kendall, r.detail);
        csv += fmt::format("{},{},{},{},{:.6f},{:.6f},{}\n", r.device, r.fraction, r.train, r.predictor, r.rmse,
                           r.kendall, r.detail);
        json["rows"].push_back({{"device", r.device}, {"fraction", r.fraction}, {"train", r.train},
                                {"predictor", r.predictor}, {"rmse", r.rmse}, {"kendall_tau_b", r.kendall},
                                {"detail", r.detail}});
    }
    write_outputs(study, csv, json);
}

}  // namespace

void run_fit_study(const FitStudyOptions& study, const SearchSpace& space, const CostProvider& provider) {
    if (study.study != "transfer" && study.study != "predictors") {
        throw Error("--study: expected 'transfer' or 'predictors', found '" + study.study + "'");
    }
    const auto table = device_table(study, space, provider);
    spdlog::info("{} architectures x {} devices", table.archs.size(), table.devices.size());
    if (study.study == "transfer") run_transfer(study, table);
    else run_predictors(study, space, table);
}

}  // namespace hwnas::cli
