#pragma once
// A small SVG writer for `hwnas report`: a canvas of shapes and text, and two
// plots drawn on it, anytime curves (median line, interquartile band) and a
// scatter of Pareto fronts. Output is plain inline SVG text, deterministic
// (coordinates rounded to 0.1 px), with no scripts, fonts or external files.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hwnas::engine {

/// &, <, >, " and ' as XML entities.
std::string xml_escape(std::string_view text);

/// Colour i of a fixed colour-blind-safe palette (Okabe-Ito), cycling.
std::string series_colour(std::size_t i);

class SvgCanvas {
public:
    SvgCanvas(double width, double height, std::string_view title);

    /// `attributes` are written as given, e.g. R"(fill="none" stroke="#000")".
    void rect(double x, double y, double width, double height, std::string_view attributes);
    void line(double x1, double y1, double x2, double y2, std::string_view attributes);
    void path(std::string_view d, std::string_view attributes);
    void circle(double cx, double cy, double r, std::string_view attributes);
    void text(double x, double y, std::string_view content, std::string_view attributes);

    /// Shapes between these two are clipped to the rectangle (a nested <svg>, so no ids are needed).
    void begin_clip(double x, double y, double width, double height);
    void end_clip();

    /// The whole <svg> element.
    [[nodiscard]] std::string finish() const;

private:
    double width_;
    double height_;
    std::string body_;
};

/// One strategy's curve over evaluations: NaN where undefined (not drawn).
struct AnytimeSeries {
    std::string name;
    std::string colour;
    std::vector<double> x;
    std::vector<double> low;
    std::vector<double> median;
    std::vector<double> high;
};

struct AnytimePlot {
    std::string title;
    std::string description;  ///< the <title> element (tooltip, accessibility); empty: `title`
    std::string x_label;
    std::string y_label;
    std::vector<AnytimeSeries> series;
};

/// Step-function median lines with shaded interquartile bands; x on a log
/// scale when the evaluations span 100 or more, otherwise linear.
std::string anytime_svg(const AnytimePlot& plot);

struct ScatterSeries {
    std::string name;
    std::string colour;
    std::vector<std::array<double, 2>> points;
    std::vector<std::array<double, 2>> outline;  ///< a staircase drawn as a line (may be empty)
    bool dashed = false;
};

struct ScatterPlot {
    std::string title;
    std::string description;  ///< the <title> element; empty: `title`
    std::string x_label;
    std::string y_label;
    std::vector<ScatterSeries> series;
    std::optional<std::array<double, 2>> x_range;  ///< shown range; data beyond is clipped. Default: all data
    std::optional<std::array<double, 2>> y_range;
    std::string note;  ///< a line under the legend
};

std::string scatter_svg(const ScatterPlot& plot);

}  // namespace hwnas::engine
