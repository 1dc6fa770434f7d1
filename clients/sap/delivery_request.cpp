// Building the POST /DeliveryNotes body from a delivery request.
#include "clients/sap/delivery_request.hpp"

#include <boost/json/array.hpp>

#include <cstdio>
#include <stdexcept>

namespace mlc::clients::sap {

namespace {

// A Y-M-D day in the form both versions accept in a body.
std::string day_text(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace

boost::json::array batch_numbers_json(const std::vector<batch_allocation>& batches) {
    boost::json::array out;
    for (const auto& b : batches) out.push_back({{"BatchNumber", b.batch_number}, {"Quantity", b.quantity}});
    return out;
}

boost::json::object delivery_body(const delivery_request& r, std::string_view batch_property) {
    if (r.lines.empty()) throw std::invalid_argument("a delivery needs at least one line");
    boost::json::object body;
    body["CardCode"] = r.card_code;
    if (r.doc_date) body["DocDate"] = day_text(*r.doc_date);
    if (r.transportation_code) body["TransportationCode"] = *r.transportation_code;
    if (!r.tracking_number.empty()) body["TrackingNumber"] = r.tracking_number;
    if (!r.comments.empty()) body["Comments"] = r.comments;
    for (const auto& [name, value] : r.user_fields) {
        if (!name.starts_with("U_"))
            throw std::invalid_argument("not a user-defined field: " + std::string(name));
        body[name] = value;
    }
    boost::json::array lines;
    for (const auto& l : r.lines) {
        if (!(l.quantity > 0)) throw std::invalid_argument("a delivery line needs a positive quantity");
        boost::json::object line{{"BaseType", 17},
                                 {"BaseEntry", l.base_entry},
                                 {"BaseLine", l.base_line},
                                 {"Quantity", l.quantity}};
        if (l.warehouse_code) line["WarehouseCode"] = *l.warehouse_code;
        if (!l.batch_numbers.empty()) line[batch_property] = batch_numbers_json(l.batch_numbers);
        if (!l.serial_numbers.empty()) {
            boost::json::array serials;
            for (const auto& s : l.serial_numbers) {
                boost::json::object o{{"InternalSerialNumber", s.internal_serial_number},
                                      {"Quantity", s.quantity}};
                if (s.system_serial_number) o["SystemSerialNumber"] = *s.system_serial_number;
                serials.push_back(std::move(o));
            }
            line["SerialNumbers"] = std::move(serials);
        }
        lines.push_back(std::move(line));
    }
    body["DocumentLines"] = std::move(lines);
    return body;
}

}  // namespace mlc::clients::sap
