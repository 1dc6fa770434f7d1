// The sales order's shipping fields and the delivery's date (pure rules of the shipments flow).
#include "flows/shipments/order_shipping_update.hpp"

#include "common/cron_schedule.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::shipments {
namespace {

using namespace std::chrono;
using db::shipment_links::shipment_link;

sys_days day(int y, unsigned m, unsigned d) {
    return sys_days(year_month_day(year(y), month(m), std::chrono::day(d)));
}

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return sys_seconds(day(y, m, d)) + hours(h) + minutes(min);
}

shipment_link label() {
    shipment_link l;
    l.tracking_number = "1Z999";
    l.carrier_code = "ups";
    l.service_code = "ups_ground";
    return l;
}

const date::time_zone& zone(const char* name) {
    return **find_time_zone(name);
}

TEST(delivery_date, ship_date_is_a_calendar_date_taken_as_it_is) {
    auto l = label();
    l.ship_date = day(2026, 7, 1);
    l.shipstation_created_at = utc(2026, 7, 2, 3);  // already July 2 in UTC and in Berlin
    EXPECT_EQ(delivery_date(l, zone("Europe/Berlin"), utc(2026, 7, 5, 0)), day(2026, 7, 1));
    EXPECT_EQ(delivery_date(l, zone("Pacific/Honolulu"), utc(2026, 7, 5, 0)), day(2026, 7, 1));
}

TEST(delivery_date, without_ship_date_the_labels_day_in_the_company_zone) {
    auto l = label();
    // 2026-07-01 02:30 UTC is June 30 19:30 in Los Angeles and July 1 04:30 in Berlin.
    l.shipstation_created_at = utc(2026, 7, 1, 2, 30);
    EXPECT_EQ(delivery_date(l, zone("UTC"), utc(2026, 7, 9, 0)), day(2026, 7, 1));
    EXPECT_EQ(delivery_date(l, zone("America/Los_Angeles"), utc(2026, 7, 9, 0)), day(2026, 6, 30));
    EXPECT_EQ(delivery_date(l, zone("Europe/Berlin"), utc(2026, 7, 9, 0)), day(2026, 7, 1));
    // Berlin's summer time: 22:30 UTC on March 28 is already March 29 after the change (UTC+2).
    l.shipstation_created_at = utc(2026, 3, 29, 22, 30);
    EXPECT_EQ(delivery_date(l, zone("Europe/Berlin"), utc(2026, 4, 9, 0)), day(2026, 3, 30));
    l.shipstation_created_at = utc(2026, 3, 28, 22, 30);  // the day before the change: UTC+1
    EXPECT_EQ(delivery_date(l, zone("Europe/Berlin"), utc(2026, 4, 9, 0)), day(2026, 3, 28));
}

TEST(delivery_date, without_any_date_the_company_today) {
    auto l = label();
    EXPECT_EQ(delivery_date(l, zone("Asia/Tokyo"), utc(2026, 12, 31, 16)), day(2027, 1, 1));
    EXPECT_EQ(delivery_date(l, zone("UTC"), utc(2026, 12, 31, 16)), day(2026, 12, 31));
}

TEST(shipped_order_update, tracking_only_without_configured_fields) {
    auto u = shipped_order_update({}, label(), day(2026, 7, 1), shipping_status::shipped);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->tracking_number, "1Z999");
    EXPECT_TRUE(u->user_fields.empty());
}

TEST(shipped_order_update, fills_each_configured_field) {
    order_fields f{"U_Carrier", "U_Service", "U_ShipDate", "U_ShipStatus"};
    auto u = shipped_order_update(f, label(), day(2026, 7, 1), shipping_status::partially_shipped);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->user_fields.at("U_Carrier"), "ups");
    EXPECT_EQ(u->user_fields.at("U_Service"), "ups_ground");
    EXPECT_EQ(u->user_fields.at("U_ShipDate"), "2026-07-01");
    EXPECT_EQ(u->user_fields.at("U_ShipStatus"), "Partially shipped");
    auto whole = shipped_order_update(f, label(), day(2026, 7, 1), shipping_status::shipped);
    EXPECT_EQ(whole->user_fields.at("U_ShipStatus"), "Shipped");
    // The status is left alone when it could not be told.
    EXPECT_FALSE(shipped_order_update(f, label(), day(2026, 7, 1), std::nullopt)
                     ->user_fields.contains("U_ShipStatus"));
}

TEST(shipped_order_update, a_fulfillment_without_tracking_keeps_the_orders_number) {
    auto l = label();
    l.tracking_number.clear();
    EXPECT_FALSE(shipped_order_update({}, l, day(2026, 7, 1), shipping_status::shipped));
    auto u = shipped_order_update({"", "", "", "U_ShipStatus"}, l, day(2026, 7, 1), shipping_status::shipped);
    ASSERT_TRUE(u);
    EXPECT_FALSE(u->tracking_number);
    EXPECT_EQ(u->user_fields.at("U_ShipStatus"), "Shipped");
}

TEST(voided_order_update, writes_the_status_only_when_configured) {
    EXPECT_FALSE(voided_order_update({"U_Carrier", "U_Service", "U_ShipDate", ""}, true));
    auto flagged = voided_order_update({"", "", "", "U_ShipStatus"}, false);
    ASSERT_TRUE(flagged);
    EXPECT_EQ(flagged->user_fields.at("U_ShipStatus"), "Label voided");
    EXPECT_FALSE(flagged->tracking_number);
    EXPECT_EQ(voided_order_update({"", "", "", "U_ShipStatus"}, true)->user_fields.at("U_ShipStatus"),
              "Label voided, delivery cancelled");
}

}  // namespace
}  // namespace mlc::flows::shipments
