#include "engine/report_svg.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <fmt/format.h>

namespace hwnas::engine {
namespace {

// Every plot is this wide; its height follows from the title, the legend and this data area height.
constexpr double width = 640;
constexpr double area_height = 220;
constexpr double area_right = 624;
constexpr double row_height = 18;
constexpr double legend_column_width = 276;
constexpr std::size_t legend_characters = 36;
constexpr std::size_t title_characters = 70;
constexpr std::size_t y_label_characters = 34;

const char* const font = R"(font-family="DejaVu Sans, Arial, Helvetica, sans-serif")";
const char* const dashes = R"( stroke-dasharray="5 3")";

std::string number(double v) { return fmt::format("{:.1f}", v); }

struct Scale {
    double lo;
    double hi;
    double pixel_lo;
    double pixel_hi;
    bool log = false;

    [[nodiscard]] double operator()(double v) const {
        const double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
        return pixel_lo + t * (pixel_hi - pixel_lo);
    }
};

struct Tick {
    double value;
    std::string label;  ///< empty: a minor tick (grid line only)
};

std::string tick_label(double value, double step) {
    if (value == 0.0) return "0";
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    if (std::abs(value) >= 1e5 && decimals == 0) return fmt::format("{:.0e}", value);
    return fmt::format("{:.{}f}", value, decimals);
}

/// Steps of 1, 2 or 5 times a power of ten, about five per axis.
std::vector<Tick> linear_ticks(double lo, double hi) {
    const double raw = (hi - lo) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalised = raw / magnitude;
    const double step = (normalised < 1.5 ? 1.0 : normalised < 3.0 ? 2.0 : normalised < 7.0 ? 5.0 : 10.0) * magnitude;
    std::vector<Tick> ticks;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k += 1.0) {
        const double v = k * step;
        ticks.push_back({v, tick_label(std::abs(v) < step * 1e-9 ? 0.0 : v, step)});
    }
    return ticks;
}

/// Labelled decades, with 2..9 times each decade as unlabelled grid lines.
std::vector<Tick> log_ticks(double lo, double hi) {
    std::vector<Tick> ticks;
    for (double decade = std::pow(10.0, std::floor(std::log10(lo))); decade <= hi; decade *= 10.0) {
        for (int m = 1; m < 10; ++m) {
            const double v = decade * m;
            if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) continue;
            ticks.push_back({v, m == 1 ? tick_label(v, 1.0) : std::string()});
        }
    }
    return ticks;
}

std::vector<Tick> ticks_of(const Scale& s) { return s.log ? log_ticks(s.lo, s.hi) : linear_ticks(s.lo, s.hi); }

/// [lo, hi] of the finite values, padded by 4 % (a point gets a unit-wide range).
std::array<double, 2> padded_range(double lo, double hi) {
    if (!(lo <= hi)) return {0.0, 1.0};
    if (lo == hi) {
        const double half = lo == 0.0 ? 1.0 : std::abs(lo) * 0.05;
        return {lo - half, hi + half};
    }
    const double pad = (hi - lo) * 0.04;
    return {lo - pad, hi + pad};
}

void extend(std::array<double, 2>& range, double v) {
    if (!std::isfinite(v)) return;
    range[0] = std::min(range[0], v);
    range[1] = std::max(range[1], v);
}

constexpr std::array<double, 2> empty_range = {std::numeric_limits<double>::infinity(),
                                               -std::numeric_limits<double>::infinity()};

/// Splits `text` after ", " or before " (" into lines of at most `limit` characters where it can.
std::vector<std::string> wrapped(std::string_view text, std::size_t limit) {
    std::vector<std::string> lines;
    while (text.size() > limit) {
        std::size_t cut = text.rfind(", ", limit);
        std::size_t resume = cut + 2;
        if (cut == std::string_view::npos || cut == 0) {
            cut = text.rfind(" (", limit);
            resume = cut + 1;
        }
        if (cut == std::string_view::npos || cut == 0) break;
        lines.emplace_back(text.substr(0, cut + (text[cut] == ',' ? 1 : 0)));
        text.remove_prefix(resume);
    }
    lines.emplace_back(text);
    return lines;
}

/// Where everything goes: title lines, the data area, axis labels, then the legend in two columns.
struct Layout {
    std::vector<std::string> title;
    std::vector<std::string> y_label;
    double left = 0;
    double top = 0;
    double bottom = 0;
    double legend_top = 0;
    std::size_t legend_rows = 0;
    double height = 0;

    Layout(std::string_view title_text, std::string_view y_label_text, std::size_t legend_entries, bool note)
        : title(wrapped(title_text, title_characters)), y_label(wrapped(y_label_text, y_label_characters)) {
        left = y_label.size() > 1 ? 90 : 74;
        top = 30 + 17.0 * static_cast<double>(title.size() - 1);
        bottom = top + area_height;
        legend_top = bottom + 58;
        legend_rows = (legend_entries + 1) / 2;
        height = legend_top + row_height * static_cast<double>(legend_rows) + (note ? 14 : 0);
    }

    /// Middle of legend entry `i`, where its swatch starts.
    [[nodiscard]] std::array<double, 2> legend_at(std::size_t i) const {
        return {left + legend_column_width * static_cast<double>(i % 2),
                legend_top - 8 + row_height * static_cast<double>(i / 2)};
    }
};

void draw_frame(SvgCanvas& svg, const Layout& at, const Scale& x, const Scale& y, std::string_view x_label) {
    for (std::size_t i = 0; i < at.title.size(); ++i) {
        svg.text(8, 18 + 17.0 * static_cast<double>(i), at.title[i],
                 fmt::format(R"({} font-size="13" font-weight="bold")", font));
    }
    for (const auto& tick : ticks_of(x)) {
        const double px = x(tick.value);
        svg.line(px, at.top, px, at.bottom, tick.label.empty() ? R"(stroke="#f0f0f0")" : R"(stroke="#dddddd")");
        if (tick.label.empty()) continue;
        svg.line(px, at.bottom, px, at.bottom + 5, R"(stroke="#333")");
        svg.text(px, at.bottom + 18, tick.label, fmt::format(R"({} font-size="12" text-anchor="middle")", font));
    }
    for (const auto& tick : ticks_of(y)) {
        const double py = y(tick.value);
        svg.line(at.left, py, area_right, py, R"(stroke="#dddddd")");
        svg.line(at.left - 5, py, at.left, py, R"(stroke="#333")");
        svg.text(at.left - 8, py + 4, tick.label, fmt::format(R"({} font-size="12" text-anchor="end")", font));
    }
    svg.rect(at.left, at.top, area_right - at.left, at.bottom - at.top, R"(fill="none" stroke="#333")");
    svg.text((at.left + area_right) / 2, at.bottom + 38, x_label,
             fmt::format(R"({} font-size="13" text-anchor="middle")", font));
    const double mid = (at.top + at.bottom) / 2;
    for (std::size_t i = 0; i < at.y_label.size(); ++i) {
        const double px = 16 + 16.0 * static_cast<double>(i);
        svg.text(px, mid, at.y_label[i],
                 fmt::format(R"svg({} font-size="13" text-anchor="middle" transform="rotate(-90 {} {})")svg", font,
                             number(px), number(mid)));
    }
}

std::string shortened(const std::string& name) {
    return name.size() <= legend_characters ? name : name.substr(0, legend_characters - 1) + "\u2026";
}

/// Writes the name of legend entry `i`; returns where its swatch goes (left end, middle height).
std::array<double, 2> legend_entry(SvgCanvas& svg, const Layout& at, std::size_t i, const std::string& name) {
    const auto [x, y] = at.legend_at(i);
    svg.text(x + 30, y + 4, shortened(name), fmt::format(R"({} font-size="12")", font));
    return {x, y};
}

/// Appends one path command with its coordinates (0.1 px), e.g. "H12.3" or "M1.0 2.0".
void command(std::string& d, char c, double a) { fmt::format_to(std::back_inserter(d), "{}{:.1f}", c, a); }
void command(std::string& d, char c, double a, double b) {
    fmt::format_to(std::back_inserter(d), "{}{:.1f} {:.1f}", c, a, b);
}

/// "M..H..V.." of a step function through the defined points; a NaN lifts the pen.
std::string step_path(const Scale& x, const Scale& y, const std::vector<double>& xs, const std::vector<double>& ys) {
    std::string d;
    bool drawing = false;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::isnan(ys[i])) {
            if (drawing) command(d, 'H', x(xs[i]));
            drawing = false;
            continue;
        }
        if (drawing) {
            command(d, 'H', x(xs[i]));
            command(d, 'V', y(ys[i]));
        } else {
            command(d, 'M', x(xs[i]), y(ys[i]));
        }
        drawing = true;
    }
    return d;
}

/// Closed outline of the band between two step functions, for each run of points where both are defined.
std::string band_path(const Scale& x, const Scale& y, const AnytimeSeries& s) {
    std::string d;
    std::size_t i = 0;
    while (i < s.x.size()) {
        if (std::isnan(s.low[i]) || std::isnan(s.high[i])) {
            ++i;
            continue;
        }
        const std::size_t first = i;
        while (i + 1 < s.x.size() && !std::isnan(s.low[i + 1]) && !std::isnan(s.high[i + 1])) ++i;
        const std::size_t last = i++;
        command(d, 'M', x(s.x[first]), y(s.high[first]));
        for (std::size_t k = first + 1; k <= last; ++k) {
            command(d, 'H', x(s.x[k]));
            command(d, 'V', y(s.high[k]));
        }
        command(d, 'V', y(s.low[last]));
        for (std::size_t k = last; k > first; --k) {
            command(d, 'V', y(s.low[k - 1]));
            command(d, 'H', x(s.x[k - 1]));
        }
        d += 'Z';
    }
    return d;
}

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string series_colour(std::size_t i) {
    static const std::array<const char*, 7> palette = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                       "#E69F00", "#56B4E9", "#000000"};
    return palette[i % palette.size()];
}

SvgCanvas::SvgCanvas(double width, double height, std::string_view title) : width_(width), height_(height) {
    body_ = "<title>" + xml_escape(title) + "</title>\n";
}

void SvgCanvas::rect(double x, double y, double w, double h, std::string_view attributes) {
    body_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>\n", number(x), number(y), number(w),
                         number(h), attributes);
}

void SvgCanvas::line(double x1, double y1, double x2, double y2, std::string_view attributes) {
    body_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}/>\n", number(x1), number(y1), number(x2),
                         number(y2), attributes);
}

void SvgCanvas::path(std::string_view d, std::string_view attributes) {
    if (d.empty()) return;
    body_ += fmt::format("<path d=\"{}\" {}/>\n", d, attributes);
}

void SvgCanvas::circle(double cx, double cy, double r, std::string_view attributes) {
    body_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {}/>\n", number(cx), number(cy), number(r), attributes);
}

void SvgCanvas::text(double x, double y, std::string_view content, std::string_view attributes) {
    body_ += fmt::format("<text x=\"{}\" y=\"{}\" {}>{}</text>\n", number(x), number(y), attributes, xml_escape(content));
}

void SvgCanvas::begin_clip(double x, double y, double w, double h) {
    body_ += fmt::format("<svg x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" viewBox=\"{0} {1} {2} {3}\">\n",
                         number(x), number(y), number(w), number(h));
}

void SvgCanvas::end_clip() { body_ += "</svg>\n"; }

std::string SvgCanvas::finish() const {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                       "role=\"img\">\n{2}</svg>\n",
                       number(width_), number(height_), body_);
}

std::string anytime_svg(const AnytimePlot& plot) {
    std::array<double, 2> xs = empty_range;
    std::array<double, 2> ys = empty_range;
    for (const auto& s : plot.series) {
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            extend(xs, s.x[i]);
            for (const double v : {s.low[i], s.median[i], s.high[i]}) extend(ys, v);
        }
    }
    const Layout at(plot.title, plot.y_label, plot.series.size(), true);
    const bool log_x = xs[0] >= 1.0 && xs[1] >= 100.0;
    const Scale x = log_x ? Scale{1.0, xs[1], at.left, area_right, true}
                          : Scale{std::min(0.0, xs[0]), xs[1] > 0 ? xs[1] : 1.0, at.left, area_right};
    const auto y_range = padded_range(ys[0], ys[1]);
    const Scale y{y_range[0], y_range[1], at.bottom, at.top};

    SvgCanvas svg(width, at.height, plot.description.empty() ? plot.title : plot.description);
    draw_frame(svg, at, x, y, plot.x_label + (log_x ? " (log scale)" : ""));
    for (const auto& s : plot.series) {
        svg.path(band_path(x, y, s), fmt::format(R"(fill="{}" fill-opacity="0.18" stroke="none")", s.colour));
    }
    for (const auto& s : plot.series) {
        svg.path(step_path(x, y, s.x, s.median), fmt::format(R"(fill="none" stroke="{}" stroke-width="2")", s.colour));
    }
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
        const auto& s = plot.series[i];
        const auto [lx, ly] = legend_entry(svg, at, i, s.name);
        svg.rect(lx, ly - 6, 24, 12, fmt::format(R"(fill="{}" fill-opacity="0.18")", s.colour));
        svg.line(lx, ly, lx + 24, ly, fmt::format(R"(stroke="{}" stroke-width="2")", s.colour));
    }
    svg.text(at.left, at.height - 6, "line: median over runs; band: 25th to 75th percentile",
             fmt::format(R"({} font-size="11" fill="#555")", font));
    return svg.finish();
}

std::string scatter_svg(const ScatterPlot& plot) {
    std::array<double, 2> xs = empty_range;
    std::array<double, 2> ys = empty_range;
    for (const auto& s : plot.series) {
        for (const auto* points : {&s.points, &s.outline}) {
            for (const auto& p : *points) {
                extend(xs, p[0]);
                extend(ys, p[1]);
            }
        }
    }
    const Layout at(plot.title, plot.y_label, plot.series.size(), !plot.note.empty());
    const auto x_range = plot.x_range ? padded_range((*plot.x_range)[0], (*plot.x_range)[1]) : padded_range(xs[0], xs[1]);
    const auto y_range = plot.y_range ? padded_range((*plot.y_range)[0], (*plot.y_range)[1]) : padded_range(ys[0], ys[1]);
    const Scale x{x_range[0], x_range[1], at.left, area_right};
    const Scale y{y_range[0], y_range[1], at.bottom, at.top};

    SvgCanvas svg(width, at.height, plot.description.empty() ? plot.title : plot.description);
    draw_frame(svg, at, x, y, plot.x_label);
    svg.begin_clip(at.left, at.top, area_right - at.left, at.bottom - at.top);
    for (const auto& s : plot.series) {
        for (const auto& p : s.points) {
            svg.circle(x(p[0]), y(p[1]), 2.5, fmt::format(R"(fill="{}" fill-opacity="0.55")", s.colour));
        }
        std::string d;
        for (const auto& p : s.outline) command(d, d.empty() ? 'M' : 'L', x(p[0]), y(p[1]));
        svg.path(d, fmt::format(R"(fill="none" stroke="{}" stroke-width="1.5"{})", s.colour, s.dashed ? dashes : ""));
    }
    svg.end_clip();
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
        const auto& s = plot.series[i];
        const auto [lx, ly] = legend_entry(svg, at, i, s.name);
        if (!s.points.empty()) svg.circle(lx + 12, ly, 3, fmt::format(R"(fill="{}")", s.colour));
        if (!s.outline.empty()) {
            svg.line(lx, ly, lx + 24, ly, fmt::format(R"(stroke="{}" stroke-width="1.5"{})", s.colour, s.dashed ? dashes : ""));
        }
    }
    if (!plot.note.empty()) svg.text(at.left, at.height - 6, plot.note, fmt::format(R"({} font-size="11" fill="#555")", font));
    return svg.finish();
}

}  // namespace hwnas::engine
