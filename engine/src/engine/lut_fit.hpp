#pragma once
// Fitting a block look-up table from whole-network measurements
// (`hwnas lut fit`, docs/block-lut-format.md "Fitting a LUT").
//
// Model: measured(arch) = sum over the keyed layers of network(arch) of
// LUT[layer.key], i.e. y = A x with A[arch][key] = how often the key occurs
// in the network. x is the least-squares solution of minimum Euclidean norm
// (Eigen's BDCSVD, singular values below rank_tolerance * largest dropped).
//
// A is rank deficient by construction: keys present in every network (stem,
// header, pooling, classifier) are confounded with each other, and at every
// layer position exactly one block is chosen, so adding c to all blocks of a
// position and subtracting c from a constant key changes no sum. Such shifts
// are the null space of A; the minimum-norm solution is the gauge that fixes
// them (no entry has a component along the null space). Differences between
// blocks of one position, and every sum over a network, are determined.
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/measurements.hpp"
#include "hwnas/search_space.hpp"

namespace hwnas::engine {

struct LutFitOptions {
    double holdout = 0.2;          ///< fraction of the measurements kept out of the fit
    std::uint64_t seed = 0;        ///< seeds the hold-out split
    double rank_tolerance = 1e-9;  ///< singular values below this * the largest count as zero
};

/// How well summed-LUT values agree with measurements, for one metric on one set.
struct Agreement {
    std::string metric;
    std::size_t count = 0;      ///< architectures compared
    double rmse = 0.0;
    double max_abs_error = 0.0;
    double max_rel_error = 0.0;  ///< max |summed - measured| / |measured|
    double pearson = 0.0;        ///< NaN when undefined (fewer than 2 values, constant)
    double kendall = 0.0;
};

struct FittedLut {
    std::string space;
    std::string dataset;
    std::vector<std::string> metrics;
    std::vector<std::string> keys;  ///< sorted
    std::unordered_map<std::string, std::size_t> rows;
    std::vector<double> entries;    ///< row-major: entries[row * metrics.size() + metric]

    std::size_t train_count = 0;
    std::size_t heldout_count = 0;
    std::size_t heldout_unpriced = 0;  ///< held-out networks using a key no training network has
    std::size_t rank = 0;
    std::size_t nullity = 0;           ///< keys - rank: directions the data cannot see
    std::size_t identifiable = 0;      ///< entries the data fix on their own (no null-space component)
    std::vector<std::string> constant_keys;  ///< same count in every training network
    std::vector<Agreement> train;
    std::vector<Agreement> heldout;    ///< empty when nothing is held out
};

/// Fits the LUT to `data` (every metric at once), holding out a seeded
/// fraction to report how well it predicts unseen architectures.
FittedLut fit_lut(const SearchSpace& space, const std::string& dataset, const Measurements& data,
                  const LutFitOptions& options);

/// Summed-LUT values of `arch` (layer order, from 0.0, as the block_lut
/// provider sums), one per metric of the LUT; false if a key has no entry.
bool summed_lut(const SearchSpace& space, const FittedLut& lut, const Architecture& arch, std::span<double> out);

/// Agreement of the LUT's sums with the measurements of `rows` (all rows
/// when empty). Measurements must name metrics of the LUT. Networks with a
/// key the LUT lacks are skipped and counted in `unpriced`.
std::vector<Agreement> compare_with(const SearchSpace& space, const FittedLut& lut, const Measurements& data,
                                    std::span<const std::size_t> rows, std::size_t& unpriced);

/// The LUT in hwnas's block-LUT file format, with the fit in "provenance".
nlohmann::json lut_document(const FittedLut& lut, const std::string& unit, nlohmann::json provenance);

/// An aligned text table of agreements, one line per metric.
std::string agreement_table(const std::vector<Agreement>& rows);

}  // namespace hwnas::engine
