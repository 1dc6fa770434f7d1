// Unit tests of SAP's warehouse stock as ShipStation inventory levels.
#include "flows/items/stock_levels.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::items {
namespace {

clients::sap::item mug() {
    clients::sap::item i;
    i.item_code = "A00001";
    i.warehouses = {{"01", 120, 20, 0}, {"02", 5, 9, 0}, {"03", 7.9999999, 0, 0}, {"04", 50, 0, 0}};
    return i;
}

const std::vector<std::pair<std::string, std::string>> locations = {
    {"01", "se-1"}, {"02", "se-2"}, {"03", "se-3"}, {"05", "se-5"}};

TEST(stock_levels, available_is_in_stock_less_committed_per_mapped_warehouse) {
    auto levels = stock_levels(mug(), "CH-A00001", locations, stock_quantity::available);
    ASSERT_EQ(levels.size(), 4u) << "warehouse 04 is not mapped";
    EXPECT_EQ(levels[0].quantity, 100);
    EXPECT_EQ(levels[0].location_id, "se-1");
    EXPECT_EQ(levels[0].sku, "CH-A00001");
    EXPECT_EQ(levels[1].quantity, 0) << "overcommitted: nothing to sell, not -4";
    EXPECT_EQ(levels[2].quantity, 8) << "SAP's rounding noise";
    EXPECT_EQ(levels[3].warehouse_code, "05");
    EXPECT_EQ(levels[3].quantity, 0) << "no stock row: zero, and zero is written";
}

TEST(stock_levels, in_stock_ignores_what_is_committed) {
    auto levels = stock_levels(mug(), "A00001", locations, stock_quantity::in_stock);
    EXPECT_EQ(levels[0].quantity, 120);
    EXPECT_EQ(levels[1].quantity, 5);
}

}  // namespace
}  // namespace mlc::flows::items
