// Unit tests for taking serial numbers from ShipStation item options.
#include "flows/shipments/serial_numbers.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace mlc::flows::shipments {
namespace {

const std::vector<std::string> names = {"Serial Number", "Serial Numbers", "Serial", "SN"};

boost::json::array items(std::string_view json) {
    return boost::json::parse(json).as_array();
}

std::vector<std::string> serials(const std::vector<clients::sap::serial_allocation>& allocations) {
    std::vector<std::string> out;
    for (const auto& a : allocations) {
        EXPECT_EQ(a.quantity, 1);
        out.push_back(a.internal_serial_number);
    }
    return out;
}

TEST(serial_numbers, values_split_on_commas_semicolons_and_white_space_across_options_and_items) {
    auto shipped = items(R"([
        {"sku":"A6","quantity":2,"options":[{"name":"Color","value":"red"},{"name":"serial number","value":"SN-1, SN-2"}]},
        {"sku":"A6","quantity":3,"options":[{"name":" SN ","value":"SN-3;SN-4\nSN-5"}]}])");
    auto r = serials_from_options("A00006", 5, shipped, names);
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(serials(*r), (std::vector<std::string>{"SN-1", "SN-2", "SN-3", "SN-4", "SN-5"}));
}

TEST(serial_numbers, the_option_names_are_configurable) {
    auto shipped = items(R"([{"quantity":1,"options":[{"name":"IMEI","value":"356938035643809"}]}])");
    EXPECT_FALSE(serials_from_options("A00006", 1, shipped, names));
    auto r = serials_from_options("A00006", 1, shipped, {"imei"});
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(serials(*r), (std::vector<std::string>{"356938035643809"}));
}

TEST(serial_numbers, the_count_must_equal_the_quantity) {
    auto shipped = items(R"([{"quantity":3,"options":[{"name":"Serial","value":"S1,S2"}]}])");
    auto r = serials_from_options("A00006", 3, shipped, names);
    ASSERT_FALSE(r);
    EXPECT_EQ(
        r.error(),
        "serial-managed item A00006: 3 shipped, but its ShipStation item options give 2 serial numbers");
    auto too_many = items(R"([{"quantity":1,"options":[{"name":"Serial","value":"S1 S2"}]}])");
    EXPECT_FALSE(serials_from_options("A00006", 1, too_many, names));
}

TEST(serial_numbers, no_serial_option_names_what_was_looked_for) {
    auto shipped = items(R"([{"quantity":1,"options":[]},{"quantity":1}])");
    auto r = serials_from_options("A00006", 2, shipped, names);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(),
              "serial-managed item A00006: 2 shipped, and its ShipStation item has no option named "
              "Serial Number, Serial Numbers, Serial or SN to take serial numbers from");
}

TEST(serial_numbers, a_fulfillment_has_no_items_to_take_them_from) {
    auto r = serials_from_options("A00006", 2, boost::json::array{}, names);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("fulfillment"), std::string::npos) << r.error();
}

TEST(serial_numbers, a_serial_number_given_twice_or_a_fractional_quantity_is_a_reason) {
    auto twice = items(R"([{"quantity":2,"options":[{"name":"SN","value":"S1,S1"}]}])");
    auto r = serials_from_options("A00006", 2, twice, names);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "serial-managed item A00006: serial number S1 is given twice");
    auto half = items(R"([{"quantity":1,"options":[{"name":"SN","value":"S1"}]}])");
    EXPECT_FALSE(serials_from_options("A00006", 1.5, half, names));
}

}  // namespace
}  // namespace mlc::flows::shipments
