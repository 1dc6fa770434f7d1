// Building blocks shared by Orders and DeliveryNotes: new headers and lines, totals, timestamps, validation.
#pragma once

#include "tests/simulators/sap_b1/json_merge.hpp"
#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::sim::sap {

constexpr std::string_view open_status = "bost_Open";
constexpr std::string_view closed_status = "bost_Close";

// A document header for `partner` with B1's defaults; object_code is "oOrders" or "oDeliveryNotes".
boost::json::object new_document(const boost::json::object& partner, std::string_view object_code, int entry,
                                 int number, const sim_time& now);

// An open line of `quantity` of `item` at `price` in `warehouse`, not based on another document.
boost::json::object new_line(const boost::json::object& item, std::int64_t line_num, double quantity,
                             double price, std::string_view warehouse, std::string_view ship_date);

// LineTotal, TaxTotal, GrossTotal, OpenAmount per line; VatSum and DocTotal on the header (19% VAT).
void recompute_totals(boost::json::object& document);

// Sets UpdateDate and UpdateTime: every modification of a document or master record does.
void touch(boost::json::object& entity, const sim_time& now);

// The properties a client may not set (sent ones are ignored, as Service Layer does).
const merge_options& document_read_only(bool replace_collections = false);

// -1000 for a property (header or line) that `set`'s entity type does not have, or a U_ field its table
// does not have in `s`'s UserFieldsMD; nullopt if all are known.
std::optional<sl_error> check_properties(const store& s, std::string_view set,
                                         const boost::json::object& body);

// Typed reads that tolerate a missing or null property. Never throw.
double number_or(const boost::json::object& o, std::string_view key, double fallback) noexcept;
std::string string_or(const boost::json::object& o, std::string_view key, std::string_view fallback = {});
std::optional<std::int64_t> integer_of(const boost::json::object& o, std::string_view key) noexcept;

// The line with LineNum `line_num`, or nullptr.
boost::json::object* find_line(boost::json::object& document, std::int64_t line_num);
const boost::json::object* find_line(const boost::json::object& document, std::int64_t line_num);

// The item's price in price list 1 (0 when it has none).
double item_price(const boost::json::object& item) noexcept;

}  // namespace mlc::sim::sap
