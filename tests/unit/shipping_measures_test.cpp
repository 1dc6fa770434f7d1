// Unit tests of converting SAP's weights and lengths, in the company's own unit codes, to ShipStation's
// units.
#include "flows/items/shipping_measures.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::items {
namespace {

// Codes as one company keeps them: nothing says 3 is kilograms anywhere else.
unit_tables company_units() {
    unit_tables t;
    t.milligrams_per_weight_unit = {{1, 1000.0}, {3, 1'000'000.0}, {4, 453'592.37}, {6, 28'349.523125}};
    t.millimetres_per_length_unit = {{1, 1.0}, {2, 10.0}, {4, 25.4}, {5, 1000.0}};
    return t;
}

TEST(shipping_measures, kilograms_become_ounces_pounds_or_grams) {
    auto units = company_units();
    EXPECT_EQ(convert_weight(1.0, 3, units, weight_unit::grams),
              (shipping_weight{1000.0, weight_unit::grams}));
    EXPECT_EQ(convert_weight(1.0, 3, units, weight_unit::ounces),
              (shipping_weight{35.274, weight_unit::ounces}));
    EXPECT_EQ(convert_weight(2.5, 3, units, weight_unit::pounds),
              (shipping_weight{5.5116, weight_unit::pounds}));
    EXPECT_EQ(convert_weight(1.0, 4, units, weight_unit::ounces),
              (shipping_weight{16.0, weight_unit::ounces}));
    EXPECT_EQ(convert_weight(250, 1, units, weight_unit::ounces),
              (shipping_weight{8.8185, weight_unit::ounces}));
}

TEST(shipping_measures, no_weight_unknown_unit_or_no_unit_gives_nothing) {
    auto units = company_units();
    EXPECT_FALSE(convert_weight(0, 3, units, weight_unit::ounces));
    EXPECT_FALSE(convert_weight(-1, 3, units, weight_unit::ounces));
    EXPECT_FALSE(convert_weight(1, std::nullopt, units, weight_unit::ounces));
    EXPECT_FALSE(convert_weight(1, 99, units, weight_unit::ounces));
    EXPECT_FALSE(convert_weight(0.00001, 1, units, weight_unit::pounds)) << "rounds to zero";
    unit_tables broken;
    broken.milligrams_per_weight_unit = {{3, 0.0}};
    EXPECT_FALSE(convert_weight(1, 3, broken, weight_unit::ounces)) << "a unit of no weight is not trusted";
}

TEST(shipping_measures, lengths_convert_and_dimensions_need_all_three) {
    auto units = company_units();
    EXPECT_EQ(convert_length(30, 2, units, dimension_unit::inches), 11.81);
    EXPECT_EQ(convert_length(30, 2, units, dimension_unit::centimeters), 30.0);
    EXPECT_EQ(convert_length(1, 5, units, dimension_unit::centimeters), 100.0);
    EXPECT_EQ(convert_dimensions(10, 4, 5, 4, 2, 4, units, dimension_unit::centimeters),
              (shipping_dimensions{25.4, 12.7, 5.08, dimension_unit::centimeters}));
    EXPECT_FALSE(convert_dimensions(10, 4, 0, 4, 2, 4, units, dimension_unit::inches));
    EXPECT_FALSE(convert_dimensions(10, 4, 5, std::nullopt, 2, 4, units, dimension_unit::inches));
}

TEST(shipping_measures, weights_in_ounces_for_products_and_unit_names) {
    EXPECT_EQ(in_ounces({1.0, weight_unit::pounds}), 16.0);
    EXPECT_EQ(in_ounces({100.0, weight_unit::grams}), 3.5274);
    EXPECT_EQ(units_name(weight_unit::grams), "grams");
    EXPECT_EQ(units_name(dimension_unit::centimeters), "centimeters");
}

}  // namespace
}  // namespace mlc::flows::items
