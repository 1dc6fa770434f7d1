// The orders flow's derived settings: the company's today, the settings taken from the config.
#include "flows/orders/orders_settings.hpp"

#include "common/local_day.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::orders {
namespace {

using namespace std::chrono;

TEST(orders_settings, today_is_the_companys_date_not_utcs) {
    // 2026-11-30 23:30 UTC is already Dec 1 in Berlin; 03:30 UTC that day is still Nov 29 in Los Angeles.
    auto now = sys_days(year(2026) / 11 / 30) + 23h + 30min;
    EXPECT_EQ(company_today("UTC", now), sys_days(year(2026) / 11 / 30));
    EXPECT_EQ(company_today("Europe/Berlin", now), sys_days(year(2026) / 12 / 1));
    EXPECT_EQ(company_today("America/Los_Angeles", now - 20h), sys_days(year(2026) / 11 / 29));
    EXPECT_EQ(company_today("America/Los_Angeles", sys_days(year(2026) / 12 / 1) + 7h),
              sys_days(year(2026) / 11 / 30));
}

TEST(orders_settings, taken_from_the_configuration) {
    app_config cfg;
    cfg.sap.company_db = "sboDemoUs";
    cfg.sap.time_zone = "Europe/Berlin";
    cfg.shipstation.store_id = 42;
    cfg.orders.series = {12, 14};
    cfg.orders.flag_field = "U_Ship";
    cfg.orders.flag_value = "Y";
    cfg.orders.warehouses = {"01"};
    cfg.orders.warehouse_map = {{"01", 777}};
    cfg.orders.custom_fields = {"NumAtCard", "", "U_Channel"};
    cfg.orders.batch_size = 50;
    cfg.flow.poll_overlap = minutes(3);
    auto today = sys_days(year(2026) / 11 / 30);
    auto s = make_orders_settings(cfg, today);
    EXPECT_EQ(s.company_db, "SBODEMOUS");
    EXPECT_EQ(s.filter.series, (std::set<int>{12, 14}));
    EXPECT_EQ(s.filter.flag_field, "U_Ship");
    EXPECT_EQ(s.filter.warehouses, (std::set<std::string>{"01"}));
    EXPECT_EQ(s.mapping.warehouses, (std::set<std::string>{"01"}));
    EXPECT_EQ(s.mapping.warehouse_ids.at("01"), 777);
    EXPECT_EQ(s.mapping.store_id, 42);
    EXPECT_EQ(s.mapping.custom_fields[2], "U_Channel");
    EXPECT_NE(s.mapping.company_time_zone, nullptr);
    EXPECT_EQ(s.batch_size, 50u);
    EXPECT_EQ(s.poll_overlap, minutes(3));
    EXPECT_EQ(s.first_day, today);
    EXPECT_FALSE(s.mapping.series_in_order_number);
    cfg.flow.sync_since = sys_days(year(2026) / 1 / 15);
    EXPECT_EQ(make_orders_settings(cfg, today).first_day, sys_days(year(2026) / 1 / 15));
    cfg.orders.number_series_prefix = true;
    EXPECT_TRUE(make_orders_settings(cfg, today).mapping.series_in_order_number);
}

}  // namespace
}  // namespace mlc::flows::orders
