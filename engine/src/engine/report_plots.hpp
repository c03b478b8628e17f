#pragma once
// The plots of `hwnas report`, each a complete <svg> element (see report_svg.hpp).
#include <string>
#include <vector>

#include "engine/report.hpp"

namespace hwnas::engine {

/// Anytime curves of one setting: per strategy, the median over its runs of the
/// best feasible value so far, with the interquartile band. Empty when the
/// setting has no comparable curves (Measure::curve empty).
std::string setting_curves_svg(const Report& report, const Setting& setting);

/// Pareto fronts of one multi-objective setting (first two objectives): every
/// run's front points per strategy, the non-dominated union of each as a line,
/// and true_front.csv when it has both metrics. Empty for one objective.
std::string setting_fronts_svg(const Report& report, const Setting& setting);

/// Normalised regret curves pooled over settings: one plot for all settings
/// with curves, then one per value of Report::aggregate_dimension. Empty with
/// fewer than two such settings.
std::vector<std::string> aggregate_svgs(const Report& report);

}  // namespace hwnas::engine
