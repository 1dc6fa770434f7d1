// Unit tests for matching a shipment's items to the open lines of its sales order.
#include "flows/shipments/delivery_lines.hpp"

#include "tests/support/sap_documents.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace mlc::flows::shipments {
namespace {

const auto order = test::order_from(R"({"DocEntry":41,"DocNum":7434,"DocumentLines":[
    {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":5,"LineStatus":"bost_Open","WarehouseCode":"01"},
    {"LineNum":1,"ItemCode":"B2","RemainingOpenQuantity":2,"LineStatus":"bost_Open","WarehouseCode":"02"},
    {"LineNum":2,"ItemCode":"A1","RemainingOpenQuantity":3,"LineStatus":"bost_Open","WarehouseCode":"01"},
    {"LineNum":3,"ItemCode":"C3","RemainingOpenQuantity":0,"LineStatus":"bost_Close","WarehouseCode":"01"}]})");

boost::json::array items(std::string_view json) {
    return boost::json::parse(json).as_array();
}

TEST(delivery_lines, line_item_keys_name_the_lines_and_each_line_keeps_its_items) {
    auto shipped =
        items(R"([{"lineItemKey":"2","sku":"A1","quantity":3,"options":[{"name":"SN","value":"x"}]},
                             {"lineItemKey":"1","sku":"B2","quantity":1}])");
    auto lines = delivery_lines_for(order, &shipped, {});
    ASSERT_TRUE(lines) << lines.error();
    ASSERT_EQ(lines->size(), 2u);
    EXPECT_EQ((*lines)[0].request.base_line, 1);
    EXPECT_EQ((*lines)[0].request.quantity, 1);
    EXPECT_EQ((*lines)[0].item_code, "B2");
    EXPECT_EQ((*lines)[0].warehouse_code, "02");
    EXPECT_EQ((*lines)[1].request.base_entry, 41);
    EXPECT_EQ((*lines)[1].request.base_line, 2);
    ASSERT_EQ((*lines)[1].shipment_items.size(), 1u);
    EXPECT_TRUE((*lines)[1].shipment_items[0].as_object().contains("options"));
}

TEST(delivery_lines, a_sku_without_a_usable_key_takes_the_first_open_line_with_enough_left) {
    auto shipped = items(R"([{"sku":"A1","quantity":4},{"lineItemKey":"9","sku":"A1","quantity":2}])");
    auto lines = delivery_lines_for(order, &shipped, {});
    ASSERT_TRUE(lines) << lines.error();
    ASSERT_EQ(lines->size(), 2u);
    EXPECT_EQ((*lines)[0].request.base_line, 0);  // 4 of 5
    EXPECT_EQ((*lines)[0].request.quantity, 4);
    EXPECT_EQ((*lines)[1].request.base_line, 2);  // line 0 has only 1 left
    EXPECT_EQ((*lines)[1].request.quantity, 2);
}

TEST(delivery_lines, a_fulfillment_delivers_every_open_line_whole) {
    auto lines = delivery_lines_for(order, nullptr, {});
    ASSERT_TRUE(lines) << lines.error();
    ASSERT_EQ(lines->size(), 3u);
    EXPECT_EQ((*lines)[2].request.quantity, 3);
    EXPECT_TRUE((*lines)[2].shipment_items.empty());
}

TEST(delivery_lines, an_item_no_open_line_can_take_is_a_reason) {
    auto shipped = items(R"([{"lineItemKey":"1","sku":"B2","quantity":3}])");
    auto lines = delivery_lines_for(order, &shipped, {});
    ASSERT_FALSE(lines);
    EXPECT_NE(lines.error().find("SKU B2"), std::string::npos) << lines.error();
    EXPECT_NE(lines.error().find("7434"), std::string::npos) << lines.error();
}

TEST(delivery_lines, a_mapped_sku_without_a_key_goes_on_the_first_open_line_of_its_item) {
    items::sku_lookup lookup;
    lookup.table = {{"CH-B", "B2"}};
    auto shipped = items(R"([{"sku":"CH-B","quantity":2}])");
    auto lines = delivery_lines_for(order, &shipped, lookup);
    ASSERT_TRUE(lines) << lines.error();
    ASSERT_EQ(lines->size(), 1u);
    EXPECT_EQ((*lines)[0].request.base_line, 1);
    EXPECT_EQ((*lines)[0].item_code, "B2");
}

TEST(delivery_lines, a_key_naming_a_line_of_another_item_than_the_sku_maps_to_is_not_followed) {
    items::sku_lookup lookup;
    lookup.by_field = {{"U-A", {"A1"}}};
    auto shipped = items(R"([{"lineItemKey":"1","sku":"U-A","quantity":1},
                             {"lineItemKey":"2","sku":"U-A","quantity":3}])");
    auto lines = delivery_lines_for(order, &shipped, lookup);
    ASSERT_TRUE(lines) << lines.error();
    ASSERT_EQ(lines->size(), 2u);
    EXPECT_EQ((*lines)[0].request.base_line, 0) << "line 1 holds B2, not the A1 the SKU names";
    EXPECT_EQ((*lines)[0].request.quantity, 1);
    EXPECT_EQ((*lines)[1].request.base_line, 2) << "line 2 holds A1: its key is followed";
}

TEST(delivery_lines, a_sku_that_maps_to_no_item_code_is_refused_with_how_to_map_it) {
    auto shipped = items(R"([{"lineItemKey":"0","sku":"A1","quantity":1},{"sku":"CH-Z","quantity":1}])");
    auto lines = delivery_lines_for(order, &shipped, {});
    ASSERT_FALSE(lines);
    EXPECT_EQ(
        lines.error(),
        "SKU 'CH-Z' maps to no ItemCode: add it with PUT /admin/sku-map/CH-Z, then replay sales order 7434");
}

TEST(delivery_lines, an_item_without_a_sku_follows_its_key) {
    auto shipped = items(R"([{"lineItemKey":"1","quantity":2}])");
    auto lines = delivery_lines_for(order, &shipped, {});
    ASSERT_TRUE(lines) << lines.error();
    ASSERT_EQ(lines->size(), 1u);
    EXPECT_EQ((*lines)[0].request.base_line, 1);
}

TEST(delivery_lines, shipped_skus_are_the_distinct_non_empty_skus_of_the_payload) {
    auto payload =
        boost::json::parse(R"({"shipmentItems":[{"sku":"B"},{"sku":"A"},{"sku":""},{"sku":"B"},{}]})");
    EXPECT_EQ(shipped_skus(shipment_items_of(payload)), (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(shipment_items_of(boost::json::parse(R"({"shipmentItems":null})")), nullptr);
    EXPECT_TRUE(shipped_skus(nullptr).empty());
}

}  // namespace
}  // namespace mlc::flows::shipments
