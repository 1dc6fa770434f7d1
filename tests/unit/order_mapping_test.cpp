// Unit tests of the orders flow's mapping: an SAP order as a ShipStation createorders element, or a refusal.
#include "flows/orders/order_mapping.hpp"

#include "clients/sap/documents.hpp"
#include "clients/sap/master_data.hpp"
#include "tests/support/sap_documents.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace mlc::flows::orders {
namespace {

using clients::sap::document;

using test::order_from;

// A full order: German ship-to with building and block, US bill-to, four lines of which two are to ship
// (line 2 is closed, line 3 fully delivered), shipping type 2, customer reference, UDFs.
constexpr std::string_view full_order = R"({
    "DocEntry":41367,"DocNum":7434,"DocType":"dDocument_Items","Series":8,
    "DocDate":"2026-07-01","DocTime":"09:30:00","CardCode":"C40000","CardName":"Acme Ltd","NumAtCard":"PO-4471",
    "DocTotal":1190.0,"VatSum":190.0,"DocumentStatus":"bost_Open","Cancelled":"tNO","CancelStatus":"csNo",
    "TransportationCode":2,"Comments":"Web order 1001","U_Channel":"web","U_Priority":3,"U_Gift":true,
    "U_Weight":2.5,"U_Empty":"","U_Null":null,
    "AddressExtension":{"ShipToStreet":"Hauptstraße","ShipToStreetNo":"5","ShipToBuilding":"Hinterhaus",
        "ShipToBlock":"Aufgang B","ShipToCity":"Berlin","ShipToZipCode":"10115","ShipToState":"BE",
        "ShipToCountry":"DE","BillToStreet":"Main St","BillToStreetNo":"12","BillToCity":"Austin",
        "BillToState":"TX","BillToZipCode":"78756","BillToCountry":"US"},
    "DocumentLines":[
        {"LineNum":0,"ItemCode":"A00001","ItemDescription":"Widget","Quantity":10,"RemainingOpenQuantity":4,
         "Price":95.5,"UnitPrice":100,"WarehouseCode":"01","LineStatus":"bost_Open"},
        {"LineNum":1,"ItemCode":"A00002","ItemDescription":"","Quantity":2,"RemainingOpenQuantity":2,
         "Price":10,"WarehouseCode":"02","LineStatus":"bost_Open"},
        {"LineNum":2,"ItemCode":"A00003","ItemDescription":"Closed","Quantity":1,"RemainingOpenQuantity":1,
         "Price":1,"WarehouseCode":"01","LineStatus":"bost_Close"},
        {"LineNum":3,"ItemCode":"A00004","ItemDescription":"Delivered","Quantity":3,"RemainingOpenQuantity":0,
         "Price":1,"WarehouseCode":"01","LineStatus":"bost_Open"}]})";

// The full order with the top-level fields of `overrides` (a JSON object) put in place of its own.
document order_with(std::string_view overrides) {
    auto order = boost::json::parse(full_order).as_object();
    auto replaced = boost::json::parse(overrides);
    for (const auto& [key, value] : replaced.as_object()) order[key] = value;
    return order_from(boost::json::serialize(order));
}

// The full order with the AddressExtension `address` (a JSON object) in place of its own.
document order_at(std::string_view address) {
    return order_with(R"({"AddressExtension":)" + std::string(address) + "}");
}

const std::map<int, std::string> shipping_types = {{2, "DHL Paket"}, {3, "UPS Ground"}};

// The key the intake gives the full order (DocNum 7434, DocEntry 41367).
constexpr std::string_view full_order_key = "mlc-SBODEMOUS-7434-e41367";

mapping_options berlin_options() {
    mapping_options o;
    o.store_id = 123456;
    o.warehouse_ids = {{"02", 16079}};
    o.custom_fields = {"NumAtCard", "U_Channel", "U_Priority"};
    o.company_time_zone = find_time_zone("Europe/Berlin");
    return o;
}

mapping_options plain_options() {
    return {};
}

const partner_info acme{"Acme Partner Ltd", "buyer@example.com", "+49 30 1234567"};

// The body, or an empty object and a test failure naming the refusal.
boost::json::object body_of(const std::variant<mapped_order, mapping_refusal>& result) {
    if (const auto* refusal = std::get_if<mapping_refusal>(&result)) {
        ADD_FAILURE() << "refused: " << refusal->reason;
        return {};
    }
    return std::get<mapped_order>(result).body;
}

boost::json::object map_with(const document& order, const mapping_options& options,
                             const std::optional<partner_info>& partner = acme) {
    return body_of(map_order(order, full_order_key, partner, shipping_types, options));
}

boost::json::object map_plain(const document& order, const std::optional<partner_info>& partner = acme) {
    return map_with(order, plain_options(), partner);
}

// The refusal's reason, or "" and a test failure when the order was mapped.
std::string refusal_of(const document& order, const mapping_options& options = plain_options(),
                       const std::optional<partner_info>& partner = acme) {
    auto result = map_order(order, full_order_key, partner, shipping_types, options);
    if (const auto* refusal = std::get_if<mapping_refusal>(&result)) return refusal->reason;
    ADD_FAILURE() << "mapped: " << boost::json::serialize(std::get<mapped_order>(result).body);
    return {};
}

// The serialized text of a JSON value written in a test (Boost.JSON keeps the key order of the text).
std::string canonical(std::string_view json) {
    return boost::json::serialize(boost::json::parse(json));
}

std::string text_of(const boost::json::value& v) {
    return boost::json::serialize(v);
}

TEST(order_mapping, maps_a_full_order_field_by_field_in_a_fixed_order) {
    auto body = map_with(order_from(full_order), berlin_options());
    // Berlin 09:30 CEST is 07:30 UTC, 00:30 PDT.
    const auto expected = canonical(R"({
        "orderNumber":"7434","orderKey":"mlc-SBODEMOUS-7434-e41367","orderDate":"2026-07-01T00:30:00.0000000",
        "orderStatus":"awaiting_shipment","customerUsername":"C40000","customerEmail":"buyer@example.com",
        "billTo":{"name":"Acme Partner Ltd","street1":"12 Main St","city":"Austin","state":"TX",
                  "postalCode":"78756","country":"US","phone":"+49 30 1234567"},
        "shipTo":{"name":"Acme Partner Ltd","street1":"Hauptstraße 5","street2":"Hinterhaus",
                  "street3":"Aufgang B","city":"Berlin","state":"BE","postalCode":"10115","country":"DE",
                  "phone":"+49 30 1234567"},
        "items":[{"lineItemKey":"0","sku":"A00001","name":"Widget","quantity":4,"unitPrice":95.5,
                  "warehouseLocation":"01"},
                 {"lineItemKey":"1","sku":"A00002","name":"A00002","quantity":2,"unitPrice":10.0,
                  "warehouseLocation":"02"}],
        "amountPaid":1190.0,"taxAmount":190.0,"internalNotes":"Web order 1001\nCustomer reference: PO-4471",
        "requestedShippingService":"DHL Paket",
        "advancedOptions":{"storeId":123456,"warehouseId":16079,"customField1":"PO-4471","customField2":"web",
                           "customField3":"3"}})");
    EXPECT_EQ(text_of(body), expected);
    // Quantities are integers, prices and totals numbers.
    const auto& first_item = body.at("items").as_array().at(0).as_object();
    EXPECT_TRUE(first_item.at("quantity").is_int64());
    EXPECT_DOUBLE_EQ(first_item.at("unitPrice").to_number<double>(), 95.5);
    EXPECT_DOUBLE_EQ(body.at("amountPaid").to_number<double>(), 1190.0);
    EXPECT_DOUBLE_EQ(body.at("taxAmount").to_number<double>(), 190.0);
}

TEST(order_mapping, leaves_out_what_is_not_known) {
    // No partner, no comments, no reference, no shipping type, no options: the name comes from CardName.
    const auto order = order_with(R"({"NumAtCard":null,"Comments":"","TransportationCode":-1,
        "AddressExtension":{"ShipToStreet":"Main St","ShipToCity":"Austin","ShipToCountry":"US"}})");
    // 09:30 UTC is 02:30 PDT.
    const auto expected = canonical(R"({
        "orderNumber":"7434","orderKey":"mlc-SBODEMOUS-7434-e41367","orderDate":"2026-07-01T02:30:00.0000000",
        "orderStatus":"awaiting_shipment","customerUsername":"C40000",
        "billTo":{"name":"Acme Ltd","street1":"Main St","city":"Austin","country":"US"},
        "shipTo":{"name":"Acme Ltd","street1":"Main St","city":"Austin","country":"US"},
        "items":[{"lineItemKey":"0","sku":"A00001","name":"Widget","quantity":4,"unitPrice":95.5,
                  "warehouseLocation":"01"},
                 {"lineItemKey":"1","sku":"A00002","name":"A00002","quantity":2,"unitPrice":10.0,
                  "warehouseLocation":"02"}],
        "amountPaid":1190.0,"taxAmount":190.0})");
    EXPECT_EQ(text_of(map_plain(order, std::nullopt)), expected);

    // A partner with empty fields is no better than none.
    auto empty_partner = map_plain(order_from(full_order), partner_info{" ", "", ""});
    EXPECT_EQ(empty_partner.at("shipTo").at("name"), "Acme Ltd");
    EXPECT_FALSE(empty_partner.contains("customerEmail"));
    EXPECT_FALSE(empty_partner.at("shipTo").as_object().contains("phone"));
    EXPECT_FALSE(empty_partner.at("billTo").as_object().contains("phone"));

    // A shipping type that is not in the table is left out.
    EXPECT_FALSE(map_plain(order_with(R"({"TransportationCode":9})")).contains("requestedShippingService"));
    EXPECT_EQ(map_plain(order_with(R"({"TransportationCode":3})")).at("requestedShippingService"),
              "UPS Ground");
}

TEST(order_mapping, writes_internal_notes_from_comments_and_reference) {
    EXPECT_EQ(map_plain(order_with(R"({"Comments":null})")).at("internalNotes"),
              "Customer reference: PO-4471");
    EXPECT_EQ(map_plain(order_with(R"({"NumAtCard":""})")).at("internalNotes"), "Web order 1001");
    const auto both = order_with(R"({"Comments":"  Call first\n","NumAtCard":" PO 9 "})");
    EXPECT_EQ(map_plain(both).at("internalNotes"), "Call first\nCustomer reference: PO 9");
}

std::string order_date(std::string_view date_fields, const mapping_options& options) {
    auto body = map_with(order_with(date_fields), options);
    return body.contains("orderDate") ? std::string(body.at("orderDate").as_string()) : "";
}

TEST(order_mapping, converts_the_order_date_to_pacific_time) {
    const auto berlin = berlin_options();
    const auto utc = plain_options();
    EXPECT_EQ(order_date(R"({"DocDate":"2026-07-01","DocTime":"09:30:00"})", berlin),
              "2026-07-01T00:30:00.0000000");
    // Winter: CET (UTC+1) to PST (UTC-8).
    EXPECT_EQ(order_date(R"({"DocDate":"2026-01-15","DocTime":"09:30"})", berlin),
              "2026-01-15T00:30:00.0000000");
    // UTC company: PST in winter, PDT in summer.
    EXPECT_EQ(order_date(R"({"DocDate":"2026-01-15","DocTime":"12:00:00"})", utc),
              "2026-01-15T04:00:00.0000000");
    EXPECT_EQ(order_date(R"({"DocDate":"2026-07-15","DocTime":"12:00:00"})", utc),
              "2026-07-15T05:00:00.0000000");
    // No DocTime: midnight local time, which is the day before in Pacific time.
    EXPECT_EQ(order_date(R"({"DocDate":"2026-01-15","DocTime":null})", utc), "2026-01-14T16:00:00.0000000");
    EXPECT_EQ(order_date(R"({"DocDate":"2026-07-01","DocTime":null})", berlin),
              "2026-06-30T15:00:00.0000000");
    // The Service Layer v2 date form.
    EXPECT_EQ(order_date(R"({"DocDate":"2026-07-01T00:00:00Z","DocTime":"09:30:00"})", berlin),
              "2026-07-01T00:30:00.0000000");
}

TEST(order_mapping, resolves_local_times_around_dst_changes_to_the_earliest) {
    const auto berlin = berlin_options();
    // 2026-10-25 02:30 happens twice in Berlin: first in CEST (00:30 UTC), then in CET (01:30 UTC).
    EXPECT_EQ(order_date(R"({"DocDate":"2026-10-25","DocTime":"02:30:00"})", berlin),
              "2026-10-24T17:30:00.0000000");
    // 2026-03-29 02:30 does not exist in Berlin: date::choose::earliest gives the transition, 01:00 UTC.
    EXPECT_EQ(order_date(R"({"DocDate":"2026-03-29","DocTime":"02:30:00"})", berlin),
              "2026-03-28T18:00:00.0000000");
}

TEST(order_mapping, finds_time_zones_by_name) {
    EXPECT_NE(find_time_zone("Europe/Berlin"), nullptr);
    EXPECT_EQ(find_time_zone("Europe/Berlin"), find_time_zone("Europe/Berlin"));
    EXPECT_THROW(find_time_zone("Europe/Atlantis"), std::runtime_error);
}

std::string street1(std::string_view address, const mapping_options& options = plain_options()) {
    auto body = map_with(order_at(address), options);
    return body.contains("shipTo") ? std::string(body.at("shipTo").at("street1").as_string()) : "";
}

TEST(order_mapping, puts_the_street_number_where_the_country_writes_it) {
    EXPECT_EQ(street1(R"({"ShipToStreet":"Main St","ShipToStreetNo":"12","ShipToCountry":"US"})"),
              "12 Main St");
    EXPECT_EQ(street1(R"({"ShipToStreet":"rue de la Paix","ShipToStreetNo":"5","ShipToCountry":"FR"})"),
              "5 rue de la Paix");
    EXPECT_EQ(street1(R"({"ShipToStreet":"High St","ShipToStreetNo":"1a","ShipToCountry":"GB"})"),
              "1a High St");
    EXPECT_EQ(street1(R"({"ShipToStreet":"Hauptstr.","ShipToStreetNo":"12","ShipToCountry":"DE"})"),
              "Hauptstr. 12");
    EXPECT_EQ(street1(R"({"ShipToStreet":"Via Roma","ShipToStreetNo":"3","ShipToCountry":"IT"})"),
              "Via Roma 3");
    // A lower-case country is the same country.
    EXPECT_EQ(street1(R"({"ShipToStreet":"Main St","ShipToStreetNo":"12","ShipToCountry":"us"})"),
              "12 Main St");
    // Either part may be missing; whitespace around the parts does not count.
    EXPECT_EQ(street1(R"({"ShipToStreet":" Hauptstr. ","ShipToStreetNo":"  ","ShipToCountry":"DE"})"),
              "Hauptstr.");
    EXPECT_EQ(street1(R"({"ShipToStreet":null,"ShipToStreetNo":" 12 ","ShipToCountry":"US"})"), "12");
    EXPECT_EQ(street1(R"({"ShipToCountry":"US"})"), "");
    // The country list is configurable.
    auto options = plain_options();
    options.street_number_first_countries = {"DE"};
    EXPECT_EQ(street1(R"({"ShipToStreet":"Hauptstr.","ShipToStreetNo":"12","ShipToCountry":"DE"})", options),
              "12 Hauptstr.");
    EXPECT_EQ(street1(R"({"ShipToStreet":"Main St","ShipToStreetNo":"12","ShipToCountry":"US"})", options),
              "Main St 12");
}

TEST(order_mapping, trims_and_upper_cases_the_address_and_leaves_out_empty_parts) {
    const auto order = order_at(R"({"ShipToStreet":" Main St\t","ShipToStreetNo":"12 ","ShipToBuilding":"  ",
        "ShipToBlock":null,"ShipToCity":" Austin ","ShipToState":" TX","ShipToZipCode":"78756 ",
        "ShipToCountry":" us "})");
    const auto expected = canonical(R"({"name":"Acme Partner Ltd","street1":"12 Main St","city":"Austin",
        "state":"TX","postalCode":"78756","country":"US","phone":"+49 30 1234567"})");
    EXPECT_EQ(text_of(map_plain(order).at("shipTo")), expected);
}

TEST(order_mapping, bills_to_the_ship_to_address_when_billto_has_no_country) {
    const auto ship_only = map_plain(order_at(R"({"ShipToStreet":"Hauptstr.","ShipToStreetNo":"12",
        "ShipToCity":"Köln","ShipToZipCode":"50667","ShipToCountry":"de","BillToStreet":"Elsewhere 1",
        "BillToCountry":""})"));
    const auto expected_ship = canonical(R"({"name":"Acme Partner Ltd","street1":"Hauptstr. 12",
        "city":"Köln","postalCode":"50667","country":"DE","phone":"+49 30 1234567"})");
    EXPECT_EQ(text_of(ship_only.at("shipTo")), expected_ship);
    EXPECT_EQ(text_of(ship_only.at("billTo")), expected_ship);

    // A bill-to country that is not a two-letter code is taken as none (it must not block the shipment).
    const auto bad_bill = map_plain(order_at(R"({"ShipToCity":"Köln","ShipToCountry":"DE",
        "BillToCity":"Paris","BillToCountry":"France"})"));
    EXPECT_EQ(text_of(bad_bill.at("billTo")), text_of(bad_bill.at("shipTo")));

    // A lower-case bill-to country is upper-cased and decides the bill-to street number order.
    const auto own_bill = map_plain(order_at(R"({"ShipToStreet":"Hauptstr.","ShipToStreetNo":"12",
        "ShipToCountry":"DE","BillToStreet":"Main St","BillToStreetNo":"7","BillToBuilding":"Suite 4",
        "BillToCountry":"us"})"));
    const auto expected_bill = canonical(R"({"name":"Acme Partner Ltd","street1":"7 Main St",
        "street2":"Suite 4","country":"US","phone":"+49 30 1234567"})");
    EXPECT_EQ(text_of(own_bill.at("billTo")), expected_bill);
}

TEST(order_mapping, passes_non_ascii_text_through_unchanged) {
    const auto order = order_with(R"({"CardName":"Müller GmbH","AddressExtension":{"ShipToStreet":"Ærøgade",
        "ShipToStreetNo":"3","ShipToCity":"Ærøskøbing","ShipToCountry":"DK","BillToStreet":"丸の内",
        "BillToStreetNo":"1-1","BillToCity":"千代田区","BillToState":"東京都","BillToCountry":"JP"},
        "DocumentLines":[{"LineNum":0,"ItemCode":"Ü-1","ItemDescription":"Grüner Tee 緑茶",
        "RemainingOpenQuantity":1,"Price":3,"LineStatus":"bost_Open"}]})");
    const auto body = map_plain(order, std::nullopt);
    const auto ship = canonical(R"({"name":"Müller GmbH","street1":"Ærøgade 3","city":"Ærøskøbing",
        "country":"DK"})");
    const auto bill = canonical(R"({"name":"Müller GmbH","street1":"丸の内 1-1","city":"千代田区",
        "state":"東京都","country":"JP"})");
    const auto items = canonical(R"([{"lineItemKey":"0","sku":"Ü-1","name":"Grüner Tee 緑茶","quantity":1,
        "unitPrice":3.0}])");
    EXPECT_EQ(text_of(body.at("shipTo")), ship);
    EXPECT_EQ(text_of(body.at("billTo")), bill);
    EXPECT_EQ(text_of(body.at("items")), items);
    // Written as UTF-8, not as \u escapes.
    EXPECT_NE(text_of(body).find("\"name\":\"Müller GmbH\""), std::string::npos);
    EXPECT_NE(text_of(body).find("\"state\":\"東京都\""), std::string::npos);
}

TEST(order_mapping, sends_only_open_lines_with_an_item_and_an_open_quantity) {
    const auto order = order_with(R"({"DocumentLines":[
        {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":2,"Price":1,"LineStatus":"bost_Close"},
        {"LineNum":1,"ItemCode":"A2","RemainingOpenQuantity":0,"Price":1,"LineStatus":"bost_Open"},
        {"LineNum":2,"ItemCode":"","ItemDescription":"Text","RemainingOpenQuantity":1,"LineStatus":"bost_Open"},
        {"LineNum":3,"ItemCode":"A4","RemainingOpenQuantity":-1,"Price":1,"LineStatus":"bost_Open"},
        {"LineNum":4,"ItemCode":"A5","ItemDescription":"  ","RemainingOpenQuantity":3,"Price":2.25,
         "LineStatus":"bost_Open"},
        {"LineNum":5,"ItemCode":"A6","ItemDescription":"Half delivered","Quantity":10,
         "RemainingOpenQuantity":4.0,"Price":1,"UnitPrice":2,"LineStatus":"bost_Open","WarehouseCode":"03"}]})");
    const auto expected = canonical(R"([
        {"lineItemKey":"4","sku":"A5","name":"A5","quantity":3,"unitPrice":2.25},
        {"lineItemKey":"5","sku":"A6","name":"Half delivered","quantity":4,"unitPrice":1.0,
         "warehouseLocation":"03"}])");
    EXPECT_EQ(text_of(map_plain(order).at("items")), expected);
}

TEST(order_mapping, filters_lines_by_warehouse_and_picks_the_warehouse_id) {
    auto options = plain_options();
    options.warehouses = {"02"};
    options.warehouse_ids = {{"01", 1001}, {"02", 1002}};
    const auto only_02 = map_with(order_from(full_order), options);
    const auto expected_items = canonical(R"([{"lineItemKey":"1","sku":"A00002","name":"A00002","quantity":2,
        "unitPrice":10.0,"warehouseLocation":"02"}])");
    EXPECT_EQ(text_of(only_02.at("items")), expected_items);
    EXPECT_EQ(text_of(only_02.at("advancedOptions")), canonical(R"({"warehouseId":1002})"));

    // Without a warehouse filter the first line sent decides (01), ...
    options.warehouses.clear();
    const auto both = map_with(order_from(full_order), options);
    EXPECT_EQ(both.at("items").as_array().size(), 2u);
    EXPECT_EQ(both.at("advancedOptions").at("warehouseId"), 1001);
    // ... or the first one whose warehouse has an entry (02), ...
    options.warehouse_ids = {{"02", 1002}, {"09", 1009}};
    EXPECT_EQ(map_with(order_from(full_order), options).at("advancedOptions").at("warehouseId"), 1002);
    // ... and with no entry at all there is no warehouseId (nor advancedOptions).
    options.warehouse_ids = {{"09", 1009}};
    EXPECT_FALSE(map_with(order_from(full_order), options).contains("advancedOptions"));
}

std::string advanced_options(std::array<std::string, 3> custom_fields) {
    auto options = plain_options();
    options.custom_fields = std::move(custom_fields);
    auto body = map_with(order_from(full_order), options);
    return body.contains("advancedOptions") ? text_of(body.at("advancedOptions")) : "";
}

TEST(order_mapping, fills_custom_fields_from_standard_and_user_fields) {
    EXPECT_EQ(advanced_options({"U_Channel", "CardCode", "DocEntry"}),
              canonical(R"({"customField1":"web","customField2":"C40000","customField3":"41367"})"));
    // Numbers and booleans as text.
    EXPECT_EQ(advanced_options({"U_Priority", "U_Weight", "U_Gift"}),
              canonical(R"({"customField1":"3","customField2":"2.5","customField3":"true"})"));
    // Unset names, missing, null and empty fields, objects and arrays are left out; the others keep their
    // slot.
    EXPECT_EQ(advanced_options({"", "U_Channel", ""}), canonical(R"({"customField2":"web"})"));
    EXPECT_EQ(advanced_options({"U_Missing", "U_Null", "U_Channel"}), canonical(R"({"customField3":"web"})"));
    EXPECT_EQ(advanced_options({"U_Empty", "AddressExtension", "DocumentLines"}), "");

    auto options = plain_options();
    options.store_id = 42;
    options.custom_fields = {"U_Channel", "", ""};
    EXPECT_EQ(text_of(map_with(order_from(full_order), options).at("advancedOptions")),
              canonical(R"({"storeId":42,"customField1":"web"})"));
}

TEST(order_mapping, refuses_an_order_without_a_ship_to_country) {
    const std::string reason = "the ship-to address has no country (ShipToCountry is empty)";
    EXPECT_EQ(refusal_of(order_at(R"({"ShipToCity":"Berlin","BillToCountry":"DE"})")), reason);
    EXPECT_EQ(refusal_of(order_at(R"({"ShipToCity":"Berlin","ShipToCountry":"  "})")), reason);
    EXPECT_EQ(refusal_of(order_with(R"({"AddressExtension":null})")), reason);
}

TEST(order_mapping, refuses_a_ship_to_country_that_is_not_two_letters) {
    EXPECT_EQ(refusal_of(order_at(R"({"ShipToCountry":"Germany"})")),
              "the ship-to country 'Germany' is not a two-letter ISO code (ShipToCountry)");
    EXPECT_EQ(refusal_of(order_at(R"({"ShipToCountry":"DEU"})")),
              "the ship-to country 'DEU' is not a two-letter ISO code (ShipToCountry)");
    EXPECT_EQ(refusal_of(order_at(R"({"ShipToCountry":"D1"})")),
              "the ship-to country 'D1' is not a two-letter ISO code (ShipToCountry)");
    // Two bytes, one letter: not ASCII.
    EXPECT_EQ(refusal_of(order_at(R"({"ShipToCountry":"Ö"})")),
              "the ship-to country 'Ö' is not a two-letter ISO code (ShipToCountry)");
}

TEST(order_mapping, refuses_an_order_without_a_line_to_send) {
    EXPECT_EQ(refusal_of(order_with(R"({"DocumentLines":[]})")),
              "no line to send: no open line with an ItemCode and an open quantity");
    auto options = plain_options();
    options.warehouses = {"05", "07"};
    EXPECT_EQ(refusal_of(order_from(full_order), options),
              "no line to send: no open line with an ItemCode and an open quantity in the configured "
              "warehouses (05, 07)");
}

TEST(order_mapping, refuses_a_fractional_open_quantity_naming_the_line) {
    const auto order = order_with(R"({"DocumentLines":[
        {"LineNum":0,"ItemCode":"A1","RemainingOpenQuantity":2,"Price":1,"LineStatus":"bost_Open",
         "WarehouseCode":"01"},
        {"LineNum":3,"ItemCode":"CABLE-M","RemainingOpenQuantity":1.5,"Price":1,"LineStatus":"bost_Open",
         "WarehouseCode":"02"}]})");
    EXPECT_EQ(refusal_of(order),
              "line 3 (ItemCode CABLE-M) has an open quantity of 1.5, not a whole number: ShipStation takes "
              "whole quantities only");
    // A line that is not sent does not matter.
    auto options = plain_options();
    options.warehouses = {"01"};
    EXPECT_EQ(map_with(order, options).at("items").as_array().size(), 1u);
}

TEST(order_mapping, refuses_an_order_without_a_name) {
    const std::string reason =
        "the order has no name for its addresses: the business partner's name and CardName are both empty";
    EXPECT_EQ(refusal_of(order_with(R"({"CardName":" "})"), plain_options(), partner_info{"", "a@b.c", "1"}),
              reason);
    EXPECT_EQ(refusal_of(order_with(R"({"CardName":null})"), plain_options(), std::nullopt), reason);
    // Either name is enough.
    EXPECT_EQ(map_plain(order_with(R"({"CardName":""})")).at("shipTo").at("name"), "Acme Partner Ltd");
}

TEST(order_mapping, refuses_an_order_without_a_positive_docnum_or_a_docdate) {
    EXPECT_EQ(refusal_of(order_with(R"({"DocNum":0})")), "DocNum 0 is not a positive number");
    EXPECT_EQ(refusal_of(order_with(R"({"DocNum":-5})")), "DocNum -5 is not a positive number");
    EXPECT_EQ(refusal_of(order_with(R"({"DocNum":null})")), "DocNum 0 is not a positive number");
    EXPECT_EQ(refusal_of(order_with(R"({"DocDate":null})")), "the order has no DocDate");
}

TEST(order_mapping, sends_the_order_key_it_is_given) {
    // An order ShipStation knows under the key of before DocNum could repeat keeps it.
    auto body = body_of(
        map_order(order_from(full_order), "mlc-SBODEMOUS-7434", acme, shipping_types, plain_options()));
    EXPECT_EQ(body.at("orderKey"), "mlc-SBODEMOUS-7434");
}

TEST(order_mapping, the_order_number_is_the_docnum_or_with_the_setting_series_and_docnum) {
    EXPECT_EQ(map_plain(order_from(full_order)).at("orderNumber"), "7434");
    auto with_series = plain_options();
    with_series.series_in_order_number = true;
    EXPECT_EQ(map_with(order_from(full_order), with_series).at("orderNumber"), "8-7434");
    EXPECT_EQ(map_with(order_with(R"({"Series":21})"), with_series).at("orderNumber"), "21-7434");
    EXPECT_EQ(order_number_of(order_with(R"({"Series":21})"), with_series), "21-7434");
    // Without a Series, the DocNum alone.
    EXPECT_EQ(map_with(order_with(R"({"Series":null})"), with_series).at("orderNumber"), "7434");
    EXPECT_EQ(order_number_of(order_with(R"({"Series":21})"), plain_options()), "7434");
}

// `o` with its keys (and those of its objects) in reverse order.
boost::json::object reversed(const boost::json::object& o) {
    boost::json::object out;
    for (auto it = o.end(); it != o.begin();) {
        --it;
        out[it->key()] =
            it->value().is_object() ? boost::json::value(reversed(it->value().as_object())) : it->value();
    }
    return out;
}

TEST(order_mapping, is_deterministic) {
    const auto options = berlin_options();
    const auto first = text_of(map_with(order_from(full_order), options));
    const auto second = text_of(map_with(order_from(full_order), options));
    EXPECT_EQ(first, second);

    // The order of the fields in SAP's JSON does not matter either.
    const auto original = boost::json::parse(full_order).as_object();
    const auto shuffled = boost::json::serialize(reversed(original));
    ASSERT_NE(shuffled, boost::json::serialize(original));
    EXPECT_EQ(text_of(map_with(order_from(shuffled), options)), first);
}

TEST(order_mapping, takes_name_email_and_phone_from_the_business_partner) {
    clients::sap::business_partner bp;
    bp.card_code = "C40000";
    bp.card_name = "Acme Ltd";
    bp.email_address = "buyer@example.com";
    bp.phone1 = "+1 512 555 0100";
    const auto info = partner_info_of(bp);
    EXPECT_EQ(info.name, "Acme Ltd");
    EXPECT_EQ(info.email, "buyer@example.com");
    EXPECT_EQ(info.phone, "+1 512 555 0100");
}

// Lines 0 (A00001, 4 open) and 1 (A00002, 2 open) are sent.
item_facts widget_facts(std::optional<items::shipping_dimensions> second_dimensions) {
    items::shipping_dimensions box{10, 8, 4, dimension_unit::inches};
    return {{"A00001", {"CH-A00001", items::shipping_weight{12.5, weight_unit::ounces}, box}},
            {"A00002", {"", items::shipping_weight{3.25, weight_unit::ounces}, second_dimensions}}};
}

TEST(order_mapping, lines_carry_their_sku_and_weight_and_the_order_its_total) {
    items::shipping_dimensions box{10, 8, 4, dimension_unit::inches};
    auto result = map_order(order_from(full_order), full_order_key, acme, shipping_types, plain_options(),
                            widget_facts(box));
    auto body = body_of(result);
    const auto& lines = body.at("items").as_array();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].at("sku"), "CH-A00001") << "the mapped SKU, not the ItemCode";
    EXPECT_EQ(lines[1].at("sku"), "A00002") << "no mapped SKU: the ItemCode";
    EXPECT_EQ(lines[0].at("weight"), (boost::json::object{{"value", 12.5}, {"units", "ounces"}}));
    // 4 x 12.5 + 2 x 3.25
    EXPECT_EQ(body.at("weight"), (boost::json::object{{"value", 56.5}, {"units", "ounces"}}));
    EXPECT_EQ(body.at("dimensions"),
              (boost::json::object{{"length", 10.0}, {"width", 8.0}, {"height", 4.0}, {"units", "inches"}}));
}

TEST(order_mapping, dimensions_only_when_every_line_agrees_and_weight_only_when_every_line_has_one) {
    auto differing =
        body_of(map_order(order_from(full_order), full_order_key, acme, shipping_types, plain_options(),
                          widget_facts(items::shipping_dimensions{10, 8, 5, dimension_unit::inches})));
    EXPECT_FALSE(differing.contains("dimensions"));
    EXPECT_TRUE(differing.contains("weight"));

    auto facts = widget_facts(std::nullopt);
    facts.erase("A00002");
    auto partial = body_of(
        map_order(order_from(full_order), full_order_key, acme, shipping_types, plain_options(), facts));
    EXPECT_FALSE(partial.contains("weight")) << "a total without one line's weight would buy a wrong label";
    EXPECT_FALSE(partial.contains("dimensions"));
    EXPECT_FALSE(partial.at("items").as_array()[1].as_object().contains("weight"));
    EXPECT_TRUE(partial.at("items").as_array()[0].as_object().contains("weight"));

    auto none = map_plain(order_from(full_order));
    EXPECT_FALSE(none.contains("weight"));
    EXPECT_EQ(none.at("items").as_array()[0].at("sku"), "A00001");
}

}  // namespace
}  // namespace mlc::flows::orders
