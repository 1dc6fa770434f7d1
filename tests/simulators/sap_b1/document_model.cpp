// Document and line construction, totals and property checks shared by Orders and DeliveryNotes.
#include "tests/simulators/sap_b1/document_model.hpp"

#include "tests/simulators/sap_b1/user_fields.hpp"

#include <boost/json/array.hpp>

namespace mlc::sim::sap {

namespace {

constexpr double vat_rate = 0.19;

boost::json::object address_extension(const boost::json::object& partner) {
    boost::json::object ext;
    const boost::json::array* addresses = nullptr;
    if (const auto* a = partner.if_contains("BPAddresses")) addresses = a->if_array();
    for (std::string_view type : {"bo_ShipTo", "bo_BillTo"}) {
        std::string prefix = type == "bo_ShipTo" ? "ShipTo" : "BillTo";
        const boost::json::object* found = nullptr;
        if (addresses)
            for (const auto& a : *addresses)
                if (string_or(a.as_object(), "AddressType") == type) found = &a.as_object();
        auto field = [&](std::string_view key) -> boost::json::value {
            if (!found) return nullptr;
            const auto* v = found->if_contains(key);
            return v ? *v : boost::json::value(nullptr);
        };
        ext[prefix + "Street"] = field("Street");
        ext[prefix + "StreetNo"] = field("StreetNo");
        ext[prefix + "Block"] = field("Block");
        ext[prefix + "Building"] = field("BuildingFloorRoom");
        ext[prefix + "City"] = field("City");
        ext[prefix + "ZipCode"] = field("ZipCode");
        ext[prefix + "County"] = field("County");
        ext[prefix + "State"] = field("State");
        ext[prefix + "Country"] = field("Country");
        ext[prefix + "AddressType"] = nullptr;
        ext[prefix + "Address2"] = field("AddressName2");
        ext[prefix + "Address3"] = field("AddressName3");
        ext[prefix + "GlobalLocationNumber"] = nullptr;
    }
    return ext;
}

}  // namespace

boost::json::object new_document(const boost::json::object& partner, std::string_view object_code, int entry,
                                 int number, const sim_time& now) {
    boost::json::object d;
    d["DocEntry"] = entry;
    d["DocNum"] = number;
    d["Series"] = object_code == "oOrders" ? 8 : 9;
    d["DocType"] = "dDocument_Items";
    d["DocObjectCode"] = object_code;
    d["DocDate"] = now.date;
    d["DocDueDate"] = now.date;
    d["TaxDate"] = now.date;
    d["CreationDate"] = now.date;
    d["UpdateDate"] = now.date;
    d["DocTime"] = now.time.substr(0, 5) + ":00";  // B1 stores the document time to the minute
    d["UpdateTime"] = now.time;
    d["CardCode"] = partner.at("CardCode");
    d["CardName"] = partner.at("CardName");
    d["NumAtCard"] = nullptr;
    d["DocCurrency"] = string_or(partner, "Currency", "EUR");
    d["DocRate"] = 1.0;
    d["DocTotal"] = 0.0;
    d["VatSum"] = 0.0;
    d["TotalDiscount"] = 0.0;
    d["DiscountPercent"] = 0.0;
    d["Comments"] = nullptr;
    d["JournalMemo"] = object_code == "oOrders" ? "Sales Orders - " : "Deliveries - ";
    d["JournalMemo"] = std::string(d["JournalMemo"].as_string()) + string_or(partner, "CardCode");
    d["DocumentStatus"] = open_status;
    d["Cancelled"] = "tNO";
    d["CancelStatus"] = "csNo";
    d["CancelDate"] = nullptr;
    d["Confirmed"] = "tYES";
    d["TransportationCode"] = integer_of(partner, "ShippingType").value_or(-1);
    d["TrackingNumber"] = nullptr;
    d["ShipToCode"] = partner.contains("ShipToDefault") ? partner.at("ShipToDefault") : nullptr;
    d["PayToCode"] = partner.contains("BilltoDefault") ? partner.at("BilltoDefault") : nullptr;
    d["AddressExtension"] = address_extension(partner);
    const auto& ext = d["AddressExtension"].as_object();
    d["Address"] = string_or(ext, "BillToStreet") + " " + string_or(ext, "BillToStreetNo") + "\r" +
                   string_or(ext, "BillToZipCode") + " " + string_or(ext, "BillToCity") + "\r" +
                   string_or(ext, "BillToCountry");
    d["Address2"] = string_or(ext, "ShipToStreet") + " " + string_or(ext, "ShipToStreetNo") + "\r" +
                    string_or(ext, "ShipToZipCode") + " " + string_or(ext, "ShipToCity") + "\r" +
                    string_or(ext, "ShipToCountry");
    d["SalesPersonCode"] = -1;
    d["ContactPersonCode"] = nullptr;
    d["DocumentsOwner"] = nullptr;
    d["PartialSupply"] = "tYES";
    d["ClosingDate"] = nullptr;
    d["WareHouseUpdateType"] = object_code == "oOrders" ? "dwh_CustomerOrders" : "dwh_Stock";
    d["AuthorizationStatus"] = "dasWithout";
    d["DocumentLines"] = boost::json::array{};
    return d;
}

boost::json::object new_line(const boost::json::object& item, std::int64_t line_num, double quantity,
                             double price, std::string_view warehouse, std::string_view ship_date) {
    boost::json::object l;
    l["LineNum"] = line_num;
    l["VisualOrder"] = line_num;
    l["ItemCode"] = item.at("ItemCode");
    l["ItemDescription"] = item.at("ItemName");
    l["Quantity"] = quantity;
    l["InventoryQuantity"] = quantity;
    l["RemainingOpenQuantity"] = quantity;
    l["RemainingOpenInventoryQuantity"] = quantity;
    l["Price"] = price;
    l["UnitPrice"] = price;
    l["PriceAfterVAT"] = round_to(price * (1 + vat_rate), 2);
    l["DiscountPercent"] = 0.0;
    l["Currency"] = "EUR";
    l["Rate"] = 0.0;
    l["WarehouseCode"] = warehouse;
    l["LineStatus"] = open_status;
    l["ShipDate"] = ship_date;
    l["ActualDeliveryDate"] = nullptr;
    l["BarCode"] = item.contains("BarCode") ? item.at("BarCode") : nullptr;
    l["UoMEntry"] = -1;
    l["UoMCode"] = "Manual";
    l["TaxCode"] = "S1";
    l["VatGroup"] = "S1";
    l["BaseType"] = -1;
    l["BaseEntry"] = nullptr;
    l["BaseLine"] = nullptr;
    l["ShipToCode"] = nullptr;
    l["FreeText"] = nullptr;
    l["PickStatus"] = "tNO";
    l["PickQuantity"] = 0.0;
    l["BatchNumbers"] = boost::json::array{};
    l["SerialNumbers"] = boost::json::array{};
    l["DocumentLinesBinAllocations"] = boost::json::array{};
    return l;
}

void recompute_totals(boost::json::object& document) {
    double net = 0, vat = 0;
    for (auto& v : document["DocumentLines"].as_array()) {
        auto& l = v.as_object();
        double price = number_or(l, "Price", 0);
        double line_total = round_to(price * number_or(l, "Quantity", 0), 2);
        double tax = round_to(line_total * vat_rate, 2);
        l["LineTotal"] = line_total;
        l["TaxTotal"] = tax;
        l["GrossTotal"] = round_to(line_total + tax, 2);
        l["OpenAmount"] = round_to(price * number_or(l, "RemainingOpenQuantity", 0), 2);
        net += line_total;
        vat += tax;
    }
    document["VatSum"] = round_to(vat, 2);
    document["DocTotal"] = round_to(net + vat, 2);
}

void touch(boost::json::object& entity, const sim_time& now) {
    entity["UpdateDate"] = now.date;
    entity["UpdateTime"] = now.time;
}

const merge_options& document_read_only(bool replace_collections) {
    static const merge_options merge{false,
                                     {"DocEntry",
                                      "DocNum",
                                      "DocObjectCode",
                                      "CreationDate",
                                      "UpdateDate",
                                      "UpdateTime",
                                      "DocumentStatus",
                                      "Cancelled",
                                      "CancelStatus",
                                      "CancelDate",
                                      "DocTotal",
                                      "VatSum",
                                      "CardName",
                                      "ClosingDate",
                                      "RemainingOpenQuantity",
                                      "RemainingOpenInventoryQuantity",
                                      "LineStatus",
                                      "LineTotal",
                                      "TaxTotal",
                                      "GrossTotal",
                                      "OpenAmount",
                                      "ItemDescription"}};
    static const merge_options replace{true, merge.read_only};
    return replace_collections ? replace : merge;
}

std::optional<sl_error> check_properties(const store& s, std::string_view set,
                                         const boost::json::object& body) {
    for (const auto& [name, value] : body) {
        if (!defined_property(s, set, name)) return invalid_property(name, "Document");
        if (name != "DocumentLines") continue;
        if (!value.is_array()) return business_error(-1000, "DocumentLines must be a collection");
        for (const auto& line : value.get_array()) {
            if (!line.is_object()) return business_error(-1000, "DocumentLines must hold objects");
            for (const auto& [line_name, line_value] : line.get_object())
                if (!defined_line_property(s, set, line_name))
                    return invalid_property(line_name, "DocumentLine");
        }
    }
    return std::nullopt;
}

double number_or(const boost::json::object& o, std::string_view key, double fallback) noexcept {
    const auto* v = o.if_contains(key);
    return v && v->is_number() ? v->to_number<double>() : fallback;
}

std::string string_or(const boost::json::object& o, std::string_view key, std::string_view fallback) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string(fallback);
}

std::optional<std::int64_t> integer_of(const boost::json::object& o, std::string_view key) noexcept {
    const auto* v = o.if_contains(key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double() && v->get_double() == static_cast<double>(static_cast<std::int64_t>(v->get_double())))
        return static_cast<std::int64_t>(v->get_double());
    return std::nullopt;
}

boost::json::object* find_line(boost::json::object& document, std::int64_t line_num) {
    for (auto& l : document["DocumentLines"].as_array())
        if (integer_of(l.as_object(), "LineNum") == line_num) return &l.as_object();
    return nullptr;
}

const boost::json::object* find_line(const boost::json::object& document, std::int64_t line_num) {
    const auto* lines = document.if_contains("DocumentLines");
    if (!lines || !lines->is_array()) return nullptr;
    for (const auto& l : lines->get_array())
        if (integer_of(l.as_object(), "LineNum") == line_num) return &l.as_object();
    return nullptr;
}

double item_price(const boost::json::object& item) noexcept {
    const auto* prices = item.if_contains("ItemPrices");
    if (!prices || !prices->is_array()) return 0;
    for (const auto& p : prices->get_array())
        if (p.is_object() && integer_of(p.get_object(), "PriceList") == 1)
            return number_or(p.get_object(), "Price", 0);
    return 0;
}

}  // namespace mlc::sim::sap
