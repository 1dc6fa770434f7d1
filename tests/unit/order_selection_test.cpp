// Unit tests of the orders flow's selection: which SAP orders are pushed, cancelled or ignored, and why.
#include "flows/orders/order_selection.hpp"

#include "clients/sap/documents.hpp"
#include "tests/support/sap_documents.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace mlc::flows::orders {
namespace {

using clients::sap::document;

using test::order_from;

// An open item order of series 8, flagged U_ShipStation "Y", with one line to ship (in warehouse 01), with
// the top-level fields of `overrides` (a JSON object, "DocumentLines" included) put in place of its own.
document order_with(std::string_view overrides = "{}") {
    auto order = boost::json::parse(R"({"DocEntry":1,"DocNum":1001,"DocType":"dDocument_Items","Series":8,
        "DocumentStatus":"bost_Open","Cancelled":"tNO","CancelStatus":"csNo","U_ShipStation":"Y",
        "DocumentLines":[{"LineNum":0,"ItemCode":"A00001","RemainingOpenQuantity":2,"LineStatus":"bost_Open",
                          "WarehouseCode":"01"}]})")
                     .as_object();
    auto replaced = boost::json::parse(overrides);
    for (const auto& [key, value] : replaced.as_object()) order[key] = value;
    return order_from(boost::json::serialize(order));
}

void expect_ignored(const selection& s, std::string_view reason) {
    EXPECT_EQ(s.action, order_action::ignore) << s.reason;
    EXPECT_EQ(s.reason, reason);
}

TEST(order_selection, pushes_an_open_order_with_a_line_to_ship) {
    auto s = select_order(order_with(), order_filter{});
    EXPECT_EQ(s.action, order_action::push) << s.reason;
    EXPECT_FALSE(s.reason.empty());

    order_filter strict;
    strict.series = {8, 12};
    strict.flag_field = "U_ShipStation";
    strict.warehouses = {"01"};
    EXPECT_EQ(select_order(order_with(), strict).action, order_action::push);
}

TEST(order_selection, cancels_an_order_cancelled_in_sap_whatever_the_filter) {
    auto cancelled = select_order(
        order_with(R"({"DocumentStatus":"bost_Close","Cancelled":"tYES","CancelStatus":"csCancelled"})"),
        order_filter{});
    EXPECT_EQ(cancelled.action, order_action::cancel);
    EXPECT_EQ(cancelled.reason, "cancelled in SAP");

    // Either field is enough; a filter the order no longer matches does not hide the cancellation.
    order_filter strict;
    strict.series = {12};
    strict.flag_field = "U_ShipStation";
    strict.warehouses = {"99"};
    auto by_status = select_order(order_with(R"({"DocumentStatus":"bost_Close","CancelStatus":"csCancelled",
        "U_ShipStation":"N","DocumentLines":[]})"),
                                  strict);
    EXPECT_EQ(by_status.action, order_action::cancel);
    EXPECT_EQ(by_status.reason, "cancelled in SAP");
    auto by_flag = select_order(order_with(R"({"Cancelled":"tYES","U_ShipStation":"N"})"), strict);
    EXPECT_EQ(by_flag.action, order_action::cancel);
    EXPECT_EQ(by_flag.reason, "cancelled in SAP");
}

TEST(order_selection, ignores_orders_that_are_not_open) {
    expect_ignored(select_order(order_with(R"({"DocumentStatus":"bost_Close"})"), order_filter{}),
                   "closed in SAP");
    expect_ignored(select_order(order_with(R"({"DocumentStatus":null})"), order_filter{}),
                   "not open in SAP (DocumentStatus is '')");
}

TEST(order_selection, ignores_service_documents) {
    expect_ignored(select_order(order_with(R"({"DocType":"dDocument_Service"})"), order_filter{}),
                   "a service document (DocType dDocument_Service): nothing to ship");
}

TEST(order_selection, keeps_only_configured_series) {
    order_filter f;
    f.series = {8, 12};
    EXPECT_EQ(select_order(order_with(R"({"Series":12})"), f).action, order_action::push);
    expect_ignored(select_order(order_with(R"({"Series":13})"), f), "series 13 is not configured");
    expect_ignored(select_order(order_with(R"({"Series":null})"), f),
                   "the order has no Series, and only configured series go to ShipStation");
    // No configured series: any series, even none, goes.
    EXPECT_EQ(select_order(order_with(R"({"Series":null})"), order_filter{}).action, order_action::push);
}

TEST(order_selection, needs_the_flag_when_one_is_configured) {
    order_filter f;
    f.flag_field = "U_ShipStation";
    expect_ignored(select_order(order_with(R"({"U_ShipStation":"N"})"), f), "U_ShipStation is 'N', not 'Y'");
    expect_ignored(select_order(order_with(R"({"U_ShipStation":null})"), f),
                   "U_ShipStation is not set, not 'Y'");
    expect_ignored(select_order(order_with(R"({"U_ShipStation":"y"})"), f), "U_ShipStation is 'y', not 'Y'");

    f.flag_field = "U_Export";
    expect_ignored(select_order(order_with(), f), "U_Export is not set, not 'Y'");
}

TEST(order_selection, compares_a_numeric_flag_by_its_text) {
    order_filter f;
    f.flag_field = "U_Ship";
    f.flag_value = "1";
    EXPECT_EQ(select_order(order_with(R"({"U_Ship":1})"), f).action, order_action::push);
    EXPECT_EQ(select_order(order_with(R"({"U_Ship":1.0})"), f).action, order_action::push);
    EXPECT_EQ(select_order(order_with(R"({"U_Ship":"1"})"), f).action, order_action::push);
    expect_ignored(select_order(order_with(R"({"U_Ship":0})"), f), "U_Ship is '0', not '1'");
    expect_ignored(select_order(order_with(R"({"U_Ship":1.5})"), f), "U_Ship is '1.5', not '1'");
}

TEST(order_selection, ignores_an_order_without_an_open_inventory_line) {
    expect_ignored(select_order(order_with(R"({"DocumentLines":[]})"), order_filter{}),
                   "no open inventory line");
    auto nothing_to_ship = order_with(R"({"DocumentLines":[
        {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":2,"LineStatus":"bost_Close"},
        {"LineNum":1,"ItemCode":"A2","RemainingOpenQuantity":0,"LineStatus":"bost_Open"},
        {"LineNum":2,"ItemCode":"","RemainingOpenQuantity":3,"LineStatus":"bost_Open"},
        {"LineNum":3,"ItemCode":null,"RemainingOpenQuantity":3,"LineStatus":"bost_Open"}]})");
    expect_ignored(select_order(nothing_to_ship, order_filter{}), "no open inventory line");

    auto one_left = order_with(R"({"DocumentLines":[
        {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":2,"LineStatus":"bost_Close"},
        {"LineNum":1,"ItemCode":"A2","RemainingOpenQuantity":0.5,"LineStatus":"bost_Open"}]})");
    EXPECT_EQ(select_order(one_left, order_filter{}).action, order_action::push);
}

TEST(order_selection, counts_only_lines_in_the_configured_warehouses) {
    order_filter f;
    f.warehouses = {"01", "03"};
    auto elsewhere = order_with(R"({"DocumentLines":[
        {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":2,"LineStatus":"bost_Open","WarehouseCode":"02"},
        {"LineNum":1,"ItemCode":"A2","RemainingOpenQuantity":2,"LineStatus":"bost_Open"}]})");
    expect_ignored(select_order(elsewhere, f),
                   "no open inventory line in the configured warehouses (01, 03)");

    auto one_here = order_with(R"({"DocumentLines":[
        {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":2,"LineStatus":"bost_Open","WarehouseCode":"02"},
        {"LineNum":1,"ItemCode":"A2","RemainingOpenQuantity":2,"LineStatus":"bost_Open","WarehouseCode":"03"}]})");
    EXPECT_EQ(select_order(one_here, f).action, order_action::push);
}

TEST(order_selection, checks_in_a_fixed_order) {
    // Closed beats the filter; the series is checked before the flag, the flag before the lines.
    order_filter f;
    f.series = {12};
    f.flag_field = "U_ShipStation";
    expect_ignored(
        select_order(order_with(R"({"DocumentStatus":"bost_Close","U_ShipStation":"N","DocumentLines":[]})"),
                     f),
        "closed in SAP");
    expect_ignored(select_order(order_with(R"({"U_ShipStation":"N","DocumentLines":[]})"), f),
                   "series 8 is not configured");
    f.series.clear();
    expect_ignored(select_order(order_with(R"({"U_ShipStation":"N","DocumentLines":[]})"), f),
                   "U_ShipStation is 'N', not 'Y'");
}

TEST(order_selection, field_text_reads_scalars_as_text) {
    auto raw = boost::json::parse(R"({"s":"Y","empty":"","i":42,"neg":-7,"big":18446744073709551615,
        "whole":3.0,"dec":2.5,"t":true,"f":false,"null":null,"obj":{"a":1},"arr":[1]})")
                   .as_object();
    EXPECT_EQ(field_text(raw, "s"), "Y");
    EXPECT_EQ(field_text(raw, "empty"), "");
    EXPECT_EQ(field_text(raw, "i"), "42");
    EXPECT_EQ(field_text(raw, "neg"), "-7");
    EXPECT_EQ(field_text(raw, "big"), "18446744073709551615");
    EXPECT_EQ(field_text(raw, "whole"), "3");
    EXPECT_EQ(field_text(raw, "dec"), "2.5");
    EXPECT_EQ(field_text(raw, "t"), "true");
    EXPECT_EQ(field_text(raw, "f"), "false");
    EXPECT_EQ(field_text(raw, "null"), std::nullopt);
    EXPECT_EQ(field_text(raw, "obj"), std::nullopt);
    EXPECT_EQ(field_text(raw, "arr"), std::nullopt);
    EXPECT_EQ(field_text(raw, "missing"), std::nullopt);
}

}  // namespace
}  // namespace mlc::flows::orders
