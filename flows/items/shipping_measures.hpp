// An item's shipping weight and dimensions in ShipStation's units, from SAP's values and unit codes (pure).
#pragma once

#include "common/config.hpp"

#include <map>
#include <optional>
#include <string_view>

namespace mlc::flows::items {

// SAP's unit tables: unit codes are company data (WeightMeasures, LengthMeasures), never hard-coded.
struct unit_tables {
    std::map<int, double> milligrams_per_weight_unit;   // WeightMeasures: UnitCode -> UnitWeightinmg
    std::map<int, double> millimetres_per_length_unit;  // LengthMeasures: UnitCode -> UnitLengthinmm
};

struct shipping_weight {
    double value = 0;
    weight_unit units = weight_unit::ounces;
    friend bool operator==(const shipping_weight&, const shipping_weight&) = default;
};

struct shipping_dimensions {
    double length = 0, width = 0, height = 0;
    dimension_unit units = dimension_unit::inches;
    friend bool operator==(const shipping_dimensions&, const shipping_dimensions&) = default;
};

// `value` of SAP weight unit `unit` in `target`, rounded to 4 decimals. Returns nullopt when SAP keeps no
// weight (a value not above zero, no unit) or the unit is not in `units` (the caller says which). Never
// throws.
std::optional<shipping_weight> convert_weight(double value, std::optional<int> unit, const unit_tables& units,
                                              weight_unit target) noexcept;

// One length of SAP length unit `unit` in `target` (millimetres per unit from `units`), rounded to 2
// decimals; nullopt as convert_weight. Never throws.
std::optional<double> convert_length(double value, std::optional<int> unit, const unit_tables& units,
                                     dimension_unit target) noexcept;

// Length, width and height together; nullopt unless all three convert. Never throws.
std::optional<shipping_dimensions> convert_dimensions(double length, std::optional<int> length_unit,
                                                      double width, std::optional<int> width_unit,
                                                      double height, std::optional<int> height_unit,
                                                      const unit_tables& units,
                                                      dimension_unit target) noexcept;

// ShipStation's names: "ounces", "pounds", "grams"; "inches", "centimeters". Never throws.
std::string_view units_name(weight_unit u) noexcept;
std::string_view units_name(dimension_unit u) noexcept;

// `w` in ounces (V1 products keep weightOz whatever the account's unit). Never throws.
double in_ounces(const shipping_weight& w) noexcept;

}  // namespace mlc::flows::items
