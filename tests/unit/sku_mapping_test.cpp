// Unit tests for the SKU <-> ItemCode rules both directions share.
#include "flows/items/sku_mapping.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::items {
namespace {

const std::map<std::string, std::string> no_skus;

TEST(sku_mapping, outbound_the_table_wins_over_the_field_and_the_field_over_the_item_code) {
    const std::map<std::string, std::string> table{{"A1", "CH-A1"}};
    const std::map<std::string, std::string> field{{"A1", "U-A1"}, {"B2", "U-B2"}, {"C3", ""}};
    EXPECT_EQ(sku_for("A1", table, field), "CH-A1");
    EXPECT_EQ(sku_for("B2", table, field), "U-B2");
    EXPECT_EQ(sku_for("C3", table, field), "C3") << "an empty field value is no SKU";
    EXPECT_EQ(sku_for("D4", table, field), "D4");
    EXPECT_EQ(sku_for("D4", no_skus, no_skus), "D4");
}

TEST(sku_mapping, inbound_the_table_row_wins_even_over_an_item_code_of_the_order) {
    sku_lookup lookup;
    lookup.table = {{"A1", "B2"}};
    lookup.by_field = {{"A1", {"C3"}}};
    auto code = item_code_for("A1", lookup, {"A1", "B2"});
    ASSERT_TRUE(code) << code.error();
    EXPECT_EQ(*code, "B2");
}

TEST(sku_mapping, inbound_one_item_holding_the_sku_in_its_field_is_that_item) {
    sku_lookup lookup;
    lookup.by_field = {{"CH-9", {"A1", "A1"}}};  // the same item read twice is still one item
    auto code = item_code_for("CH-9", lookup, {"B2"});
    ASSERT_TRUE(code) << code.error();
    EXPECT_EQ(*code, "A1");
}

TEST(sku_mapping, inbound_several_items_holding_the_sku_are_a_refusal_naming_them) {
    sku_lookup lookup;
    lookup.by_field = {{"CH-9", {"B2", "A1"}}};
    auto code = item_code_for("CH-9", lookup, {"A1", "B2"});
    ASSERT_FALSE(code);
    EXPECT_NE(code.error().find("SKU 'CH-9'"), std::string::npos) << code.error();
    EXPECT_NE(code.error().find("(A1, B2)"), std::string::npos) << code.error();
    EXPECT_NE(code.error().find("PUT /admin/sku-map/CH-9"), std::string::npos) << code.error();
}

TEST(sku_mapping, inbound_a_sku_that_is_an_item_code_of_the_order_is_that_item) {
    auto code = item_code_for("A1", {}, {"A1", "B2"});
    ASSERT_TRUE(code) << code.error();
    EXPECT_EQ(*code, "A1");
}

TEST(sku_mapping, inbound_an_unmapped_sku_is_refused_with_the_call_that_maps_it) {
    auto code = item_code_for("X 1/2", {}, {"A1"});
    ASSERT_FALSE(code);
    EXPECT_EQ(code.error(), "SKU 'X 1/2' maps to no ItemCode: add it with PUT /admin/sku-map/X%201%2F2");
}

TEST(sku_mapping, inbound_an_empty_sku_names_nothing) {
    EXPECT_FALSE(item_code_for("", {}, {""}));
}

}  // namespace
}  // namespace mlc::flows::items
