#include "surrogate_model.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include <xgboost/c_api.h>

#include "hwnas/error.hpp"
#include "hwnas/rng.hpp"

namespace hwnas::surrogate {
namespace {

using Json = nlohmann::json;

Json read_json(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open surrogate model (run `hwnas fit` first? see docs/surrogates.md)");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return Json::parse(text.str());
    } catch (const Json::parse_error& e) {
        throw Error(file.string() + ": invalid JSON: " + e.what());
    }
}

/// doc[key] as a string, or an error naming the file and pointer.
std::string text_at(const Json& doc, const std::string& file, const std::string& pointer) {
    const Json::json_pointer at(pointer);
    if (!doc.contains(at) || !doc.at(at).is_string()) {
        throw Error(file + ": " + pointer + ": expected a string, found " + (doc.contains(at) ? doc.at(at).dump() : "nothing"));
    }
    return doc.at(at).get<std::string>();
}

void mismatch(const std::string& file, const std::string& pointer, const std::string& expected, const std::string& found,
              const std::string& why) {
    throw Error(file + ": " + pointer + ": this model was trained for " + found + ", the experiment has " + expected +
                "; " + why);
}

}  // namespace

std::string space_signature(const SearchSpace& space) {
    std::string text = std::string(space.name()) + "\n";
    for (const auto& d : space.dimensions()) {
        text += d.name + ":";
        for (std::size_t i = 0; i < d.labels.size(); ++i) text += (i ? "," : "") + d.labels[i];
        text += "\n";
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(stable_hash(text)));
    return hex;
}

SurrogateModel::SurrogateModel(const std::filesystem::path& path, const SearchSpace& space) : file_(path.string()) {
    const Json doc = read_json(path);
    if (!doc.is_object() || doc.value("format", "") != "hwnas-surrogate") {
        throw Error(file_ + ": /format: expected \"hwnas-surrogate\" (a file written by `hwnas fit`)");
    }
    if (!doc.contains("version") || doc.at("version") != 1) {
        throw Error(file_ + ": /version: expected 1, found " + (doc.contains("version") ? doc.at("version").dump() : "nothing"));
    }

    const std::string model_space = text_at(doc, file_, "/space");
    if (model_space != space.name()) {
        mismatch(file_, "/space", "space '" + std::string(space.name()) + "'", "space '" + model_space + "'",
                 "train one for this space with `hwnas fit --space " + std::string(space.name()) + "`");
    }
    const std::string signature = text_at(doc, file_, "/space_signature");
    if (signature != space_signature(space)) {
        mismatch(file_, "/space_signature", "signature " + space_signature(space), "signature " + signature,
                 "the space's dimensions or choices differ from those the model was trained on");
    }
    const std::string encoding = text_at(doc, file_, "/encoding");
    if (encoding == "one_hot") encoding_ = Encoding::one_hot;
    else if (encoding == "features") encoding_ = Encoding::features;
    else throw Error(file_ + ": /encoding: expected \"one_hot\" or \"features\", found \"" + encoding + "\"");
    features_ = space.encoding_size(encoding_);
    if (!doc.contains("encoding_size") || doc.at("encoding_size") != features_) {
        mismatch(file_, "/encoding_size", std::to_string(features_) + " " + encoding + " inputs",
                 doc.value("encoding_size", Json()).dump() + " inputs", "the space encodes architectures differently");
    }

    metric_.name = text_at(doc, file_, "/metric/name");
    metric_.unit = text_at(doc, file_, "/metric/unit");
    const std::string direction = text_at(doc, file_, "/metric/direction");
    if (direction != "lower" && direction != "higher") {
        throw Error(file_ + ": /metric/direction: expected \"lower\" or \"higher\", found \"" + direction + "\"");
    }
    metric_.better = direction == "lower" ? Direction::lower_is_better : Direction::higher_is_better;
    metric_.description = doc.at("metric").value("description", "");

    if (!doc.contains("xgboost") || !doc.at("xgboost").is_object()) throw Error(file_ + ": /xgboost: expected the XGBoost JSON model");
    const std::string model = doc.at("xgboost").dump();
    if (XGBoosterCreate(nullptr, 0, &booster_) != 0) throw Error(file_ + ": XGBoost: " + XGBGetLastError());
    bst_ulong count = 0;
    // One thread inside XGBoost per call: the engine already evaluates in parallel.
    if (XGBoosterLoadModelFromBuffer(booster_, model.data(), model.size()) != 0 ||
        XGBoosterSetParam(booster_, "nthread", "1") != 0 || XGBoosterGetNumFeature(booster_, &count) != 0) {
        const std::string why = XGBGetLastError();
        XGBoosterFree(booster_);
        throw Error(file_ + ": /xgboost: " + why);
    }
    if (count != features_) {
        XGBoosterFree(booster_);
        throw Error(file_ + ": /xgboost: the booster takes " + std::to_string(count) + " features, the encoding has " +
                    std::to_string(features_));
    }
    // XGBoost configures a booster on first use; do it now, before threads share it.
    const Architecture probe = Architecture::zeros(space.dimensions().size());
    (void)predict(space, std::span(&probe, 1));
}

SurrogateModel::SurrogateModel(SurrogateModel&& other) noexcept
    : file_(std::move(other.file_)), metric_(std::move(other.metric_)), encoding_(other.encoding_),
      features_(other.features_), booster_(std::exchange(other.booster_, nullptr)) {}

SurrogateModel::~SurrogateModel() {
    if (booster_ != nullptr) XGBoosterFree(booster_);
}

std::vector<double> SurrogateModel::predict(const SearchSpace& space, std::span<const Architecture> archs) const {
    if (archs.empty()) return {};
    std::vector<float> rows(archs.size() * features_);
    std::vector<double> code(features_);
    for (std::size_t r = 0; r < archs.size(); ++r) {
        space.encode(archs[r], encoding_, code);
        for (std::size_t c = 0; c < features_; ++c) rows[r * features_ + c] = static_cast<float>(code[c]);
    }
    char array[160];
    std::snprintf(array, sizeof array, R"({"data": [%llu, true], "shape": [%zu, %zu], "typestr": "<f4", "version": 3})",
                  static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(rows.data())), archs.size(), features_);
    const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
                         R"("strict_shape": false, "missing": NaN, "cache_id": 0})";
    const bst_ulong* shape = nullptr;
    bst_ulong dims = 0;
    const float* result = nullptr;
    if (XGBoosterPredictFromDense(booster_, array, config, nullptr, &shape, &dims, &result) != 0) {
        throw Error(file_ + ": XGBoost prediction failed: " + XGBGetLastError());
    }
    return {result, result + archs.size()};
}

}  // namespace hwnas::surrogate
