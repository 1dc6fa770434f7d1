// Unit tests of the SAP client's pure parts: reading documents, the delivery body, the polling window.
#include "clients/sap/delivery_request.hpp"
#include "clients/sap/documents.hpp"
#include "clients/sap/orders.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace mlc::clients::sap {
namespace {

using namespace std::chrono;

TEST(sap_documents, reads_an_order_in_the_v1_shape) {
    auto v = boost::json::parse(R"({"DocEntry":41367,"DocNum":7434,"CardCode":"C40000","DocDate":"2025-08-20",
        "DocTime":"17:13:00","UpdateDate":"2025-08-21","UpdateTime":"09:14:02","DocumentStatus":"bost_Open",
        "Cancelled":"tNO","CancelStatus":"csNo","Comments":"Web order 1001","NumAtCard":"PO-4471",
        "TransportationCode":-1,"TrackingNumber":null,"DocTotal":1190.0,"VatSum":190,
        "AddressExtension":{"ShipToCity":"Berlin"},"U_WEBORDID":"1001",
        "DocumentLines":[{"LineNum":0,"ItemCode":"A00001","ItemDescription":"Widget","Quantity":10,
          "RemainingOpenQuantity":4.5,"LineStatus":"bost_Open","WarehouseCode":"01","Price":"99.5",
          "UnitPrice":100,"BaseType":-1,"BaseEntry":null,"BaseLine":null}]})");
    auto d = parse_document(v);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->doc_entry, 41367);
    EXPECT_EQ(d->doc_num, 7434);
    EXPECT_EQ(d->card_code, "C40000");
    EXPECT_EQ(d->doc_date, sys_days(2025y / August / 20));
    EXPECT_EQ(d->doc_time, hours(17) + minutes(13));
    EXPECT_EQ(d->update_date, sys_days(2025y / August / 21));
    EXPECT_EQ(d->update_time, hours(9) + minutes(14) + seconds(2));
    EXPECT_TRUE(d->is_open());
    EXPECT_FALSE(d->transportation_code);  // -1 means unset
    EXPECT_EQ(d->tracking_number, "");
    EXPECT_DOUBLE_EQ(d->doc_total, 1190.0);
    EXPECT_DOUBLE_EQ(d->vat_sum, 190.0);
    EXPECT_EQ(d->address_extension.at("ShipToCity").as_string(), "Berlin");
    EXPECT_EQ(d->raw.at("U_WEBORDID").as_string(), "1001");
    ASSERT_EQ(d->lines.size(), 1u);
    const auto& l = d->lines[0];
    EXPECT_EQ(l.item_code, "A00001");
    EXPECT_DOUBLE_EQ(l.quantity, 10);
    EXPECT_DOUBLE_EQ(l.remaining_open_quantity, 4.5);
    EXPECT_DOUBLE_EQ(l.price, 99.5);  // a decimal sent as a string
    EXPECT_DOUBLE_EQ(l.unit_price, 100);
    EXPECT_FALSE(l.base_type);
    EXPECT_FALSE(l.base_entry);
}

TEST(sap_documents, reads_v2_dates_and_a_cancelled_document) {
    auto d = parse_document(boost::json::parse(
        R"({"DocEntry":"5","UpdateDate":"2025-08-21T00:00:00Z","UpdateTime":"09:14","Cancelled":"tYES",
            "DocumentStatus":"bost_Open","TransportationCode":2})"));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->doc_entry, 5);
    EXPECT_EQ(d->update_date, sys_days(2025y / August / 21));
    EXPECT_EQ(d->update_time, hours(9) + minutes(14));
    EXPECT_FALSE(d->is_open());
    EXPECT_EQ(d->transportation_code, 2);
}

TEST(sap_documents, refuses_what_is_not_a_document) {
    EXPECT_FALSE(parse_document(boost::json::parse(R"({"DocNum":1})")));
    EXPECT_FALSE(parse_document(boost::json::parse(R"([1])")));
    EXPECT_FALSE(parse_documents(boost::json::parse(R"([{"DocEntry":1},{"x":2}])").as_array()));
    EXPECT_FALSE(parse_time_of_day("9:14"));
    EXPECT_FALSE(parse_time_of_day("24:00"));
    EXPECT_FALSE(parse_time_of_day("12:00x"));
}

TEST(sap_documents, delivery_body_copies_from_order_lines) {
    delivery_request r;
    r.card_code = "C40000";
    r.doc_date = 2025y / August / 22;
    r.transportation_code = 2;
    r.tracking_number = "1Z999";
    r.comments = "Shipped";
    r.user_fields["U_ShipmentId"] = "S-1";
    r.lines.push_back({41367, 0, 4, std::string("01"), {{"B1", 4}}, {}});
    r.lines.push_back({41367, 1, 1, std::nullopt, {}, {{"SN-1", 7, 1}}});
    auto body = delivery_body(r);
    auto expected = boost::json::parse(R"({"CardCode":"C40000","DocDate":"2025-08-22","TransportationCode":2,
        "TrackingNumber":"1Z999","Comments":"Shipped","U_ShipmentId":"S-1","DocumentLines":[
        {"BaseType":17,"BaseEntry":41367,"BaseLine":0,"Quantity":4.0,"WarehouseCode":"01",
         "BatchNumbers":[{"BatchNumber":"B1","Quantity":4.0}]},
        {"BaseType":17,"BaseEntry":41367,"BaseLine":1,"Quantity":1.0,
         "SerialNumbers":[{"InternalSerialNumber":"SN-1","Quantity":1.0,"SystemSerialNumber":7}]}]})");
    EXPECT_EQ(boost::json::value(body), expected) << boost::json::serialize(body);
}

TEST(sap_documents, delivery_body_refuses_malformed_requests) {
    delivery_request r;
    r.card_code = "C40000";
    EXPECT_THROW(delivery_body(r), std::invalid_argument);
    r.lines.push_back({1, 0, 0, std::nullopt, {}, {}});
    EXPECT_THROW(delivery_body(r), std::invalid_argument);
    r.lines[0].quantity = 1;
    r.user_fields["ShipmentId"] = "x";
    EXPECT_THROW(delivery_body(r), std::invalid_argument);
}

TEST(sap_documents, polling_overlap_reaches_back_a_day_only_when_needed) {
    order_watermark late{2025y / August / 21, hours(9)};
    EXPECT_EQ(first_day_to_query(late, minutes(10)), sys_days(2025y / August / 21));
    order_watermark early{2025y / August / 21, minutes(3)};
    EXPECT_EQ(first_day_to_query(early, minutes(10)), sys_days(2025y / August / 20));
}

}  // namespace
}  // namespace mlc::clients::sap
