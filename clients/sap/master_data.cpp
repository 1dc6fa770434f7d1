// Master data operations over the Service Layer.
#include "clients/sap/master_data.hpp"

#include "clients/sap/discovery.hpp"
#include "clients/sap/documents.hpp"
#include "clients/sap/odata_query.hpp"
#include "common/json_fields.hpp"

#include <algorithm>

namespace mlc::clients::sap {

namespace {

namespace jf = json_fields;

std::optional<std::chrono::sys_days> date_field(const boost::json::object& o, std::string_view key) {
    std::string s = jf::text(o, key);
    return s.empty() ? std::nullopt : parse_date(s);
}

// Reads every row with `parse`; a row that is not an object with its key fails the whole read.
template <class T, class Parse>
outcome<std::vector<T>> parse_rows(const boost::json::array& rows, std::string_view set, Parse parse) {
    std::vector<T> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        const auto* o = row.if_object();
        std::optional<T> v;
        if (o) v = parse(*o);
        if (!v) return error{error_kind::bad_response, 200, {}, "an unreadable row in /" + std::string(set)};
        out.push_back(std::move(*v));
    }
    return out;
}

// The entities of `set` whose `key` is among `codes`, 20 to a request (a $filter of ORs keeps the URL short
// for proxies in front of SAP), with only `fields` when given. Returns them in no particular order, or the
// first error.
// `codes` are written as they are: string_literal()s for a string key, numbers for an integer one.
template <class T, class Parse>
boost::asio::awaitable<outcome<std::vector<T>>> read_by_codes(client& c, std::string operation,
                                                              std::string set, std::string key,
                                                              std::vector<std::string> codes,
                                                              std::vector<std::string> fields, Parse parse) {
    constexpr std::size_t codes_per_request = 20;
    std::vector<T> found;
    for (std::size_t first = 0; first < codes.size(); first += codes_per_request) {
        std::string filter;
        for (auto i = first; i < std::min(codes.size(), first + codes_per_request); ++i)
            filter += (filter.empty() ? "" : " or ") + key + " eq " + codes[i];
        odata_query q;
        q.filter(filter);
        if (!fields.empty()) q.select(fields);
        auto rows = co_await c.read_all(operation, "/" + set + q.to_string());
        if (!rows) co_return rows.error();
        auto entities = parse_rows<T>(*rows, set, parse);
        if (!entities) co_return entities.error();
        for (auto& e : *entities) found.push_back(std::move(e));
    }
    co_return found;
}

std::vector<std::string> quoted(const std::vector<std::string>& codes) {
    std::vector<std::string> out;
    out.reserve(codes.size());
    for (const auto& code : codes) out.push_back(string_literal(code));
    return out;
}

struct bin_location {
    int abs_entry = 0;
    std::string bin_code;
};

std::optional<bin_location> parse_bin(const boost::json::object& o) {
    auto entry = jf::integer(o, "AbsEntry");
    if (!entry) return std::nullopt;
    return bin_location{*entry, jf::text(o, "BinCode")};
}

std::optional<business_partner> parse_partner(const boost::json::object& o) {
    business_partner p;
    p.card_code = jf::text(o, "CardCode");
    if (p.card_code.empty()) return std::nullopt;
    p.card_name = jf::text(o, "CardName");
    p.card_type = jf::text(o, "CardType");
    p.email_address = jf::text(o, "EmailAddress");
    p.phone1 = jf::text(o, "Phone1");
    p.ship_to_default = jf::text(o, "ShipToDefault");
    if (auto t = jf::integer(o, "ShippingType"); t && *t >= 0) p.shipping_type = t;
    p.update_date = date_field(o, "UpdateDate");
    if (const auto* a = o.if_contains("BPAddresses"); a && a->is_array())
        for (const auto& e : a->get_array())
            if (const auto* ao = e.if_object())
                p.addresses.push_back({jf::text(*ao, "AddressName"), jf::text(*ao, "AddressType"),
                                       jf::text(*ao, "Street"), jf::text(*ao, "StreetNo"),
                                       jf::text(*ao, "Block"), jf::text(*ao, "City"),
                                       jf::text(*ao, "ZipCode"), jf::text(*ao, "County"),
                                       jf::text(*ao, "State"), jf::text(*ao, "Country")});
    p.raw = o;
    return p;
}

std::optional<batch> parse_batch(const boost::json::object& o) {
    auto entry = jf::integer(o, "DocEntry");
    if (!entry) return std::nullopt;
    return batch{*entry,
                 jf::text(o, "ItemCode"),
                 jf::text(o, "Batch"),
                 jf::text(o, "Status"),
                 date_field(o, "AdmissionDate"),
                 date_field(o, "ExpirationDate")};
}

std::optional<shipping_type> parse_shipping_type(const boost::json::object& o) {
    auto code = jf::integer(o, "Code");
    if (!code) return std::nullopt;
    return shipping_type{*code, jf::text(o, "Name"), jf::text(o, "Website")};
}

}  // namespace

std::optional<item> parse_item(const boost::json::object& o) {
    item i;
    i.item_code = jf::text(o, "ItemCode");
    if (i.item_code.empty()) return std::nullopt;
    i.item_name = jf::text(o, "ItemName");
    i.bar_code = jf::text(o, "BarCode");
    i.manage_batch_numbers = jf::yes(o, "ManageBatchNumbers");
    i.manage_serial_numbers = jf::yes(o, "ManageSerialNumbers");
    i.valid = !o.contains("Valid") || jf::yes(o, "Valid");
    i.frozen = jf::yes(o, "Frozen");
    i.sales_unit_weight = jf::number(o, "SalesUnitWeight");
    i.sales_weight_unit = jf::integer(o, "SalesWeightUnit");
    i.sales_unit_length = jf::number(o, "SalesUnitLength");
    i.sales_unit_width = jf::number(o, "SalesUnitWidth");
    i.sales_unit_height = jf::number(o, "SalesUnitHeight");
    i.sales_length_unit = jf::integer(o, "SalesLengthUnit");
    i.sales_width_unit = jf::integer(o, "SalesWidthUnit");
    i.sales_height_unit = jf::integer(o, "SalesHeightUnit");
    i.country_of_origin = jf::text(o, "ItemCountryOrg");
    i.update_date = date_field(o, "UpdateDate");
    if (const auto* t = o.if_contains("UpdateTime"); t && t->is_string())
        i.update_time = parse_time_of_day(t->get_string());
    if (const auto* w = o.if_contains("ItemWarehouseInfoCollection"); w && w->is_array())
        for (const auto& e : w->get_array())
            if (const auto* wo = e.if_object())
                i.warehouses.push_back({jf::text(*wo, "WarehouseCode"), jf::number(*wo, "InStock"),
                                        jf::number(*wo, "Committed"), jf::number(*wo, "Ordered"),
                                        jf::integer(*wo, "DefaultBin"), jf::yes(*wo, "Locked")});
    i.raw = o;
    return i;
}

boost::asio::awaitable<outcome<std::vector<item>>> items_changed_since(client& c,
                                                                       std::chrono::sys_days since) {
    if (auto form = co_await learn_date_form(c); !form) co_return form.error();
    odata_query q;
    q.filter("UpdateDate ge " + date_literal(c.filter_date_form(), since)).orderby("ItemCode asc");
    auto rows = co_await c.read_all("items_changed", "/Items" + q.to_string());
    if (!rows) co_return rows.error();
    co_return parse_rows<item>(*rows, "Items", parse_item);
}

boost::asio::awaitable<outcome<std::vector<business_partner>>> business_partners_changed_since(
    client& c, std::chrono::sys_days since) {
    if (auto form = co_await learn_date_form(c); !form) co_return form.error();
    odata_query q;
    q.filter("UpdateDate ge " + date_literal(c.filter_date_form(), since)).orderby("CardCode asc");
    auto rows = co_await c.read_all("partners_changed", "/BusinessPartners" + q.to_string());
    if (!rows) co_return rows.error();
    co_return parse_rows<business_partner>(*rows, "BusinessPartners", parse_partner);
}

boost::asio::awaitable<outcome<business_partner>> get_business_partner(client& c, std::string card_code) {
    // A $filter rather than BusinessPartners('code') in the path: a CardCode may hold characters that a
    // path key would need escaped twice (OData quoting, then URL encoding).
    odata_query q;
    q.filter("CardCode eq " + string_literal(card_code));
    auto rows = co_await c.read_all("get_partner", "/BusinessPartners" + q.to_string());
    if (!rows) co_return rows.error();
    auto partners = parse_rows<business_partner>(*rows, "BusinessPartners", parse_partner);
    if (!partners) co_return partners.error();
    for (auto& p : *partners)
        if (p.card_code == card_code) co_return std::move(p);
    co_return error{error_kind::not_found, 404, {}, "no business partner " + card_code};
}

boost::asio::awaitable<outcome<std::vector<business_partner>>> business_partners_by_code(
    client& c, std::vector<std::string> card_codes) {
    co_return co_await read_by_codes<business_partner>(c, "partners_by_code", "BusinessPartners", "CardCode",
                                                       quoted(card_codes), {}, parse_partner);
}

boost::asio::awaitable<outcome<std::vector<item>>> items_by_code(client& c,
                                                                 std::vector<std::string> item_codes,
                                                                 std::vector<std::string> fields) {
    co_return co_await read_by_codes<item>(c, "items_by_code", "Items", "ItemCode", quoted(item_codes),
                                           std::move(fields), parse_item);
}

boost::asio::awaitable<outcome<std::vector<item>>> items_by_field(client& c, std::string field,
                                                                  std::vector<std::string> values) {
    std::vector<std::string> fields{"ItemCode", field};
    co_return co_await read_by_codes<item>(c, "items_by_field", "Items", std::move(field), quoted(values),
                                           std::move(fields), parse_item);
}

boost::asio::awaitable<outcome<std::vector<batch>>> released_batches(client& c, std::string item_code,
                                                                     std::chrono::sys_days today) {
    odata_query q;
    q.filter("ItemCode eq " + string_literal(item_code) + " and Status eq 'bdsStatus_Released'")
        .orderby("DocEntry asc");
    auto rows = co_await c.read_all("batches", "/BatchNumberDetails" + q.to_string());
    if (!rows) co_return rows.error();
    auto batches = parse_rows<batch>(*rows, "BatchNumberDetails", parse_batch);
    if (!batches) co_return batches.error();
    // Expiry is checked here rather than in $filter so that batches without an ExpirationDate stay.
    std::erase_if(*batches, [&](const batch& b) { return b.expiration_date && *b.expiration_date < today; });
    std::stable_sort(batches->begin(), batches->end(), [](const batch& a, const batch& b) {
        // No expiry sorts last (std::optional orders nullopt first, so compare by hand).
        if (!a.expiration_date || !b.expiration_date)
            return a.expiration_date.has_value() && !b.expiration_date;
        return *a.expiration_date < *b.expiration_date;
    });
    co_return std::move(*batches);
}

boost::asio::awaitable<outcome<std::map<int, std::string>>> bin_codes(client& c,
                                                                      std::vector<int> abs_entries) {
    std::vector<std::string> keys;
    for (int entry : abs_entries) keys.push_back(std::to_string(entry));
    // Named, not braced in the call: GCC 12 miscompiles an initializer list of literals inside co_await.
    std::vector<std::string> fields{"AbsEntry", "BinCode"};
    auto bins = co_await read_by_codes<bin_location>(c, "bin_codes", "BinLocations", "AbsEntry",
                                                     std::move(keys), std::move(fields), parse_bin);
    if (!bins) co_return bins.error();
    std::map<int, std::string> out;
    for (auto& b : *bins) out.emplace(b.abs_entry, std::move(b.bin_code));
    co_return out;
}

boost::asio::awaitable<outcome<std::vector<shipping_type>>> shipping_types(client& c) {
    odata_query q;
    q.select({"Code", "Name", "Website"}).orderby("Code asc");
    auto rows = co_await c.read_all("shipping_types", "/ShippingTypes" + q.to_string());
    if (!rows) co_return rows.error();
    co_return parse_rows<shipping_type>(*rows, "ShippingTypes", parse_shipping_type);
}

}  // namespace mlc::clients::sap
