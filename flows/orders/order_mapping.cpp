// Mapping an SAP order to a ShipStation V1 order (createorders element).
#include "flows/orders/order_mapping.hpp"

#include "clients/sap/master_data.hpp"
#include "clients/shipstation/pacific_time.hpp"
#include "common/json_fields.hpp"
#include "flows/orders/order_selection.hpp"
#include "flows/reason_text.hpp"

#include <boost/json/array.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

namespace mlc::flows::orders {
namespace {

namespace jf = json_fields;
namespace ss = clients::shipstation;

// Above this a quantity is no longer a whole number a double holds exactly (and would not fit ShipStation).
constexpr double max_quantity = 1e15;

std::string trimmed(std::string_view s) {
    // ASCII whitespace only: bytes of multi-byte UTF-8 sequences are all >= 0x80 and stay untouched.
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::string upper_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

bool is_iso2(std::string_view country) noexcept {
    return country.size() == 2 && country[0] >= 'A' && country[0] <= 'Z' && country[1] >= 'A' &&
           country[1] <= 'Z';
}

// One AddressExtension address (prefix "ShipTo" or "BillTo"), trimmed, country upper-cased.
struct address_parts {
    std::string street, street_no, building, block, city, state, zip_code, country;
};

address_parts read_address(const boost::json::object& ext, const std::string& prefix) {
    auto part = [&](const char* name) { return trimmed(jf::text(ext, prefix + name)); };
    return {part("Street"), part("StreetNo"), part("Building"), part("Block"),
            part("City"),   part("State"),    part("ZipCode"),  upper_ascii(part("Country"))};
}

boost::json::object address_json(const address_parts& a, const std::string& name, const std::string& phone,
                                 const std::set<std::string>& number_first_countries) {
    std::string street1;
    if (a.street.empty() || a.street_no.empty())
        street1 = a.street + a.street_no;
    else if (number_first_countries.contains(a.country))
        street1 = a.street_no + " " + a.street;
    else
        street1 = a.street + " " + a.street_no;

    boost::json::object o;
    auto optional = [&](const char* key, const std::string& value) {
        if (!value.empty()) o[key] = value;
    };
    o["name"] = name;
    o["street1"] = street1;
    optional("street2", a.building);
    optional("street3", a.block);
    optional("city", a.city);
    optional("state", a.state);
    optional("postalCode", a.zip_code);
    o["country"] = a.country;
    optional("phone", phone);
    return o;
}

// DocDate + DocTime as local time in `zone` (UTC when null), as a UTC instant. A local time that does not
// exist (spring gap) or exists twice (autumn) resolves with date::choose::earliest, so it is deterministic.
ss::utc_time order_instant(std::chrono::sys_days day, std::chrono::seconds time_of_day,
                           const date::time_zone* zone) {
    std::chrono::seconds since_epoch =
        std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch());
    since_epoch += time_of_day;
    if (!zone) return ss::utc_time{since_epoch};
    auto sys = zone->to_sys(date::local_seconds{since_epoch}, date::choose::earliest);
    return ss::utc_time{sys.time_since_epoch()};
}

// The order's lines as ShipStation items, and the warehouse of the first line that names a known one; or why
// a line cannot be sent (a quantity that is not whole), or that no line is left to send.
struct mapped_items {
    boost::json::array items;
    std::optional<std::int64_t> warehouse_id;
    std::optional<items::shipping_weight> total_weight;    // unset when a line has no weight
    std::optional<items::shipping_dimensions> dimensions;  // unset unless every line has the same
};

boost::json::object weight_json(const items::shipping_weight& w) {
    return {{"value", w.value}, {"units", items::units_name(w.units)}};
}

// Folds one line's measures into the order's: a line without them leaves the order without them too.
void add_measures(mapped_items& out, const line_item_facts* facts, std::int64_t quantity, bool first) {
    const auto* weight = facts && facts->weight ? &*facts->weight : nullptr;
    if (first && weight) out.total_weight = items::shipping_weight{0, weight->units};
    if (out.total_weight && weight)
        out.total_weight->value =
            std::round((out.total_weight->value + weight->value * quantity) * 1e4) / 1e4;
    else
        out.total_weight.reset();
    const auto* dims = facts && facts->dimensions ? &*facts->dimensions : nullptr;
    if (first && dims) out.dimensions = *dims;
    if (!dims || (out.dimensions && !(*out.dimensions == *dims))) out.dimensions.reset();
}

std::variant<mapped_items, mapping_refusal> items_of(const clients::sap::document& order,
                                                     const mapping_options& options,
                                                     const item_facts& facts) {
    mapped_items out;
    for (const auto& line : order.lines) {
        if (!is_line_to_ship(line, options.warehouses)) continue;
        double q = line.remaining_open_quantity;
        if (std::trunc(q) != q || q > max_quantity)
            return mapping_refusal{"line " + std::to_string(line.line_num) + " (ItemCode " + line.item_code +
                                   ") has an open quantity of " + number_text(q) +
                                   ", not a whole number: ShipStation takes whole quantities only"};
        if (!out.warehouse_id)
            if (auto w = options.warehouse_ids.find(line.warehouse_code); w != options.warehouse_ids.end())
                out.warehouse_id = w->second;
        std::string item_name = trimmed(line.item_description);
        auto found = facts.find(line.item_code);
        const line_item_facts* item_facts = found == facts.end() ? nullptr : &found->second;
        const auto quantity = static_cast<std::int64_t>(q);
        boost::json::object item;
        item["lineItemKey"] = std::to_string(line.line_num);
        item["sku"] = item_facts && !item_facts->sku.empty() ? item_facts->sku : line.item_code;
        item["name"] = item_name.empty() ? line.item_code : item_name;
        if (item_facts && item_facts->weight) item["weight"] = weight_json(*item_facts->weight);
        item["quantity"] = quantity;
        item["unitPrice"] = line.price;
        if (!line.warehouse_code.empty()) item["warehouseLocation"] = line.warehouse_code;
        add_measures(out, item_facts, quantity, out.items.empty());
        out.items.push_back(std::move(item));
    }
    if (out.items.empty()) {
        std::string reason = "no line to send: no open line with an ItemCode and an open quantity";
        if (!options.warehouses.empty())
            reason += " in the configured warehouses (" + joined(options.warehouses) + ")";
        return mapping_refusal{std::move(reason)};
    }
    return out;
}

// The name both addresses carry: the business partner's, else the order's CardName; empty when neither.
std::string address_name(const clients::sap::document& order, const std::optional<partner_info>& partner) {
    std::string name = partner ? trimmed(partner->name) : std::string();
    return name.empty() ? trimmed(order.card_name) : name;
}

// Why the order's header cannot be sent (DocNum, DocDate, a name, the ship-to country); nullopt when it can.
std::optional<std::string> header_refusal(const clients::sap::document& order, const std::string& name,
                                          const address_parts& ship) {
    if (order.doc_num <= 0) return "DocNum " + std::to_string(order.doc_num) + " is not a positive number";
    if (!order.doc_date) return "the order has no DocDate";
    if (name.empty())
        return "the order has no name for its addresses: the business partner's name and CardName are both "
               "empty";
    if (ship.country.empty()) return "the ship-to address has no country (ShipToCountry is empty)";
    if (!is_iso2(ship.country))
        return "the ship-to country '" + trimmed(jf::text(order.address_extension, "ShipToCountry")) +
               "' is not a two-letter ISO code (ShipToCountry)";
    return std::nullopt;
}

// The order's comments, and its customer reference (NumAtCard) on a line of its own.
std::string internal_notes(const clients::sap::document& order) {
    std::string notes = trimmed(order.comments);
    if (auto reference = trimmed(order.num_at_card); !reference.empty())
        notes += (notes.empty() ? "" : "\n") + ("Customer reference: " + reference);
    return notes;
}

boost::json::object advanced_options(const clients::sap::document& order, const mapping_options& options,
                                     std::optional<std::int64_t> warehouse_id) {
    boost::json::object advanced;
    if (options.store_id) advanced["storeId"] = *options.store_id;
    if (warehouse_id) advanced["warehouseId"] = *warehouse_id;
    for (std::size_t i = 0; i < options.custom_fields.size(); ++i) {
        const auto& field = options.custom_fields[i];
        if (field.empty()) continue;
        auto value = field_text(order.raw, field);
        if (value && !value->empty()) advanced["customField" + std::to_string(i + 1)] = *value;
    }
    return advanced;
}

}  // namespace

std::variant<mapped_order, mapping_refusal> map_order(const clients::sap::document& order,
                                                      std::string_view order_key,
                                                      const std::optional<partner_info>& partner,
                                                      const std::map<int, std::string>& shipping_type_names,
                                                      const mapping_options& options,
                                                      const item_facts& facts) {
    const std::string name = address_name(order, partner);
    auto ship = read_address(order.address_extension, "ShipTo");
    if (auto refused = header_refusal(order, name, ship)) return mapping_refusal{std::move(*refused)};
    // A bill-to address without a usable country is taken as "bill to the ship-to address": billTo only
    // informs ShipStation, and a half-filled one must not keep the order from shipping.
    auto bill = read_address(order.address_extension, "BillTo");
    if (!is_iso2(bill.country)) bill = ship;
    auto lines = items_of(order, options, facts);
    if (auto* refused = std::get_if<mapping_refusal>(&lines)) return std::move(*refused);
    auto& [line_items, warehouse_id, total_weight, dimensions] = std::get<mapped_items>(lines);

    const std::string phone = partner ? trimmed(partner->phone) : std::string();
    const std::string email = partner ? trimmed(partner->email) : std::string();
    auto when = order_instant(*order.doc_date, order.doc_time.value_or(std::chrono::seconds(0)),
                              options.company_time_zone);
    const std::string notes = internal_notes(order);
    auto advanced = advanced_options(order, options, warehouse_id);

    // Fields are inserted in one fixed order: the flow hashes the serialized body to detect changes.
    boost::json::object body;
    body["orderNumber"] = order_number_of(order, options);
    body["orderKey"] = order_key;
    body["orderDate"] = ss::format_pacific(when, ss::pacific_style::fraction7);
    body["orderStatus"] = "awaiting_shipment";
    body["customerUsername"] = order.card_code;
    if (!email.empty()) body["customerEmail"] = email;
    body["billTo"] = address_json(bill, name, phone, options.street_number_first_countries);
    body["shipTo"] = address_json(ship, name, phone, options.street_number_first_countries);
    body["items"] = std::move(line_items);
    body["amountPaid"] = order.doc_total;
    body["taxAmount"] = order.vat_sum;
    if (!notes.empty()) body["internalNotes"] = notes;
    if (order.transportation_code)
        if (auto t = shipping_type_names.find(*order.transportation_code); t != shipping_type_names.end())
            body["requestedShippingService"] = t->second;
    if (total_weight) body["weight"] = weight_json(*total_weight);
    if (dimensions)
        body["dimensions"] = boost::json::object{{"length", dimensions->length},
                                                 {"width", dimensions->width},
                                                 {"height", dimensions->height},
                                                 {"units", items::units_name(dimensions->units)}};
    if (!advanced.empty()) body["advancedOptions"] = std::move(advanced);
    return mapped_order{std::move(body)};
}

std::string order_number_of(const clients::sap::document& order, const mapping_options& options) {
    std::string number = std::to_string(order.doc_num);
    if (!options.series_in_order_number) return number;
    auto series = jf::integer(order.raw, "Series");
    return series ? std::to_string(*series) + "-" + number : number;
}

partner_info partner_info_of(const clients::sap::business_partner& partner) {
    return {partner.card_name, partner.email_address, partner.phone1};
}

const date::time_zone* find_time_zone(std::string_view name) {
    return date::locate_zone(std::string(name));
}

}  // namespace mlc::flows::orders
