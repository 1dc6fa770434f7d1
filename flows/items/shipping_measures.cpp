// Converting SAP's stored weights and lengths into the units ShipStation is sent.
#include "flows/items/shipping_measures.hpp"

#include <cmath>

namespace mlc::flows::items {
namespace {

constexpr double milligrams_per_ounce = 28349.523125;
constexpr double milligrams_per_pound = 453592.37;
constexpr double millimetres_per_inch = 25.4;

double rounded(double v, double scale) noexcept {
    return std::round(v * scale) / scale;
}

double milligrams_per(weight_unit u) noexcept {
    switch (u) {
        case weight_unit::ounces:
            return milligrams_per_ounce;
        case weight_unit::pounds:
            return milligrams_per_pound;
        case weight_unit::grams:
            return 1000.0;
    }
    return milligrams_per_ounce;
}

std::optional<double> factor(const std::map<int, double>& table, std::optional<int> unit) noexcept {
    if (!unit) return std::nullopt;
    auto it = table.find(*unit);
    if (it == table.end() || !(it->second > 0) || !std::isfinite(it->second)) return std::nullopt;
    return it->second;
}

}  // namespace

std::optional<shipping_weight> convert_weight(double value, std::optional<int> unit, const unit_tables& units,
                                              weight_unit target) noexcept {
    if (!(value > 0) || !std::isfinite(value)) return std::nullopt;
    auto mg = factor(units.milligrams_per_weight_unit, unit);
    if (!mg) return std::nullopt;
    double converted = rounded(value * *mg / milligrams_per(target), 1e4);
    if (!(converted > 0)) return std::nullopt;  // below what ShipStation can be told
    return shipping_weight{converted, target};
}

std::optional<double> convert_length(double value, std::optional<int> unit, const unit_tables& units,
                                     dimension_unit target) noexcept {
    if (!(value > 0) || !std::isfinite(value)) return std::nullopt;
    auto mm = factor(units.millimetres_per_length_unit, unit);
    if (!mm) return std::nullopt;
    double per_target = target == dimension_unit::inches ? millimetres_per_inch : 10.0;
    double converted = rounded(value * *mm / per_target, 1e2);
    if (!(converted > 0)) return std::nullopt;
    return converted;
}

std::optional<shipping_dimensions> convert_dimensions(double length, std::optional<int> length_unit,
                                                      double width, std::optional<int> width_unit,
                                                      double height, std::optional<int> height_unit,
                                                      const unit_tables& units,
                                                      dimension_unit target) noexcept {
    auto l = convert_length(length, length_unit, units, target);
    auto w = convert_length(width, width_unit, units, target);
    auto h = convert_length(height, height_unit, units, target);
    if (!l || !w || !h) return std::nullopt;
    return shipping_dimensions{*l, *w, *h, target};
}

std::string_view units_name(weight_unit u) noexcept {
    switch (u) {
        case weight_unit::ounces:
            return "ounces";
        case weight_unit::pounds:
            return "pounds";
        case weight_unit::grams:
            return "grams";
    }
    return "ounces";
}

std::string_view units_name(dimension_unit u) noexcept {
    return u == dimension_unit::centimeters ? "centimeters" : "inches";
}

double in_ounces(const shipping_weight& w) noexcept {
    return rounded(w.value * milligrams_per(w.units) / milligrams_per_ounce, 1e4);
}

}  // namespace mlc::flows::items
