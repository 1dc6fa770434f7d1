// Reading Service Layer Document entities into typed values.
#include "clients/sap/documents.hpp"

#include "clients/sap/odata_query.hpp"
#include "common/json_fields.hpp"

#include <charconv>

namespace mlc::clients::sap {

namespace {

namespace jf = json_fields;

std::optional<std::chrono::sys_days> date_field(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return parse_date(v->get_string());
}

std::optional<std::chrono::seconds> time_field(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return parse_time_of_day(v->get_string());
}

document_line parse_line(const boost::json::object& o) {
    document_line l;
    l.line_num = jf::integer(o, "LineNum").value_or(0);
    l.item_code = jf::text(o, "ItemCode");
    l.item_description = jf::text(o, "ItemDescription");
    l.quantity = jf::number(o, "Quantity");
    l.remaining_open_quantity = jf::number(o, "RemainingOpenQuantity");
    l.line_status = jf::text(o, "LineStatus");
    l.warehouse_code = jf::text(o, "WarehouseCode");
    l.price = jf::number(o, "Price");
    l.unit_price = jf::number(o, "UnitPrice", l.price);
    // -1 is how SAP says "no base document".
    auto base = [&](std::string_view key) {
        auto n = jf::integer(o, key);
        return n && *n >= 0 ? n : std::nullopt;
    };
    l.base_type = base("BaseType");
    l.base_entry = base("BaseEntry");
    l.base_line = base("BaseLine");
    // WCFCompatible mode names the collection BatchNumberProperty (reference §7.4).
    const auto* batches = o.if_contains("BatchNumbers");
    if (!batches) batches = o.if_contains("BatchNumberProperty");
    if (batches && batches->is_array())
        for (const auto& b : batches->get_array())
            if (const auto* bo = b.if_object())
                l.batch_numbers.push_back({jf::text(*bo, "BatchNumber"), jf::number(*bo, "Quantity")});
    return l;
}

}  // namespace

std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text) noexcept {
    // "HH:MM" or "HH:MM:SS", optionally followed by fractions.
    auto two = [&](std::size_t at) -> std::optional<int> {
        if (text.size() < at + 2) return std::nullopt;
        int n = 0;
        auto [p, ec] = std::from_chars(text.data() + at, text.data() + at + 2, n);
        if (ec != std::errc() || p != text.data() + at + 2) return std::nullopt;
        return n;
    };
    auto h = two(0), m = two(3);
    if (!h || !m || text[2] != ':' || *h > 23 || *m > 59) return std::nullopt;
    int s = 0;
    if (text.size() > 5) {
        auto sec = two(6);
        if (text[5] != ':' || !sec || *sec > 59) return std::nullopt;
        s = *sec;
    }
    return std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(s);
}

std::optional<document> parse_document(const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o) return std::nullopt;
    auto entry = jf::integer(*o, "DocEntry");
    if (!entry) return std::nullopt;
    document d;
    d.doc_entry = *entry;
    d.doc_num = jf::integer(*o, "DocNum").value_or(0);
    d.card_code = jf::text(*o, "CardCode");
    d.card_name = jf::text(*o, "CardName");
    d.doc_date = date_field(*o, "DocDate");
    d.doc_time = time_field(*o, "DocTime");
    d.update_date = date_field(*o, "UpdateDate");
    d.update_time = time_field(*o, "UpdateTime");
    d.document_status = jf::text(*o, "DocumentStatus");
    d.cancelled = jf::yes(*o, "Cancelled");
    d.cancel_status = jf::text(*o, "CancelStatus");
    d.comments = jf::text(*o, "Comments");
    d.num_at_card = jf::text(*o, "NumAtCard");
    if (auto t = jf::integer(*o, "TransportationCode"); t && *t >= 0) d.transportation_code = t;
    d.tracking_number = jf::text(*o, "TrackingNumber");
    d.doc_total = jf::number(*o, "DocTotal");
    d.vat_sum = jf::number(*o, "VatSum");
    if (const auto* a = o->if_contains("AddressExtension"); a && a->is_object())
        d.address_extension = a->get_object();
    if (const auto* lines = o->if_contains("DocumentLines"); lines && lines->is_array())
        for (const auto& l : lines->get_array())
            if (const auto* lo = l.if_object()) d.lines.push_back(parse_line(*lo));
    d.raw = *o;
    return d;
}

std::optional<std::vector<document>> parse_documents(const boost::json::array& rows) {
    std::vector<document> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        auto d = parse_document(row);
        if (!d) return std::nullopt;
        out.push_back(std::move(*d));
    }
    return out;
}

}  // namespace mlc::clients::sap
