// Sales order operations: orders changed since a watermark, an order by DocEntry, PATCH of header fields.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/documents.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::sap {

// The newest (UpdateDate, UpdateTime) the caller has processed, in the company's time as SAP reports it.
struct order_watermark {
    std::chrono::sys_days update_date;
    std::chrono::seconds update_time{0};
};

// The first day to ask for: the watermark's day, or the day before when the watermark minus `overlap` falls
// on it (Service Layer filters ignore the time of a date, so the day is the finest grain). Never throws.
std::chrono::sys_days first_day_to_query(const order_watermark& since, std::chrono::seconds overlap) noexcept;

// Every order with UpdateDate on or after first_day_to_query(since, overlap), whole documents (UDFs
// included), ordered by DocEntry, read page by page. Rows changed on the watermark's day before it come back
// too: the caller de-duplicates by (DocEntry, UpdateDate, UpdateTime). Learns the date form first
// (learn_date_form). Returns the orders or the first error (an entity that cannot be read is bad_response).
// Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<document>>> orders_changed_since(
    client& c, order_watermark since, std::chrono::seconds overlap = std::chrono::minutes(10));

// The first page's target of the query orders_changed_since() runs: UpdateDate on or after
// first_day_to_query(since, overlap), ordered by DocEntry, the date written in c.filter_date_form() (call
// learn_date_form() first). For callers that read page by page. Throws std::bad_alloc only.
std::string orders_changed_target(const client& c, order_watermark since,
                                  std::chrono::seconds overlap = std::chrono::minutes(10));

// One page of orders and the target of the next page (none after the last).
struct order_page {
    std::vector<document> orders;
    std::optional<std::string> next_target;
};

// Reads one page of an Orders query (orders_changed_target(), or a page's next_target), so that a large
// backlog is processed without holding all of it. Returns the page or the error (an entity that cannot be
// read is bad_response). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<order_page>> read_order_page(client& c, std::string target);

// GET /Orders(doc_entry). Returns the order, not_found, or another error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<document>> get_order(client& c, int doc_entry);

// Header fields to change on an order; unset fields are not sent.
struct order_update {
    std::optional<std::string> tracking_number;  // TrackingNumber
    std::optional<int> transportation_code;      // TransportationCode (a ShippingTypes.Code)
    std::optional<std::string> comments;         // Comments
    std::optional<std::string> num_at_card;      // NumAtCard
    boost::json::object user_fields;             // U_ fields
};

// PATCH /Orders(doc_entry) with only the given fields (a differential update; never with
// B1S-ReplaceCollectionsOnPatch, so lines are never touched). Replay-safe: sending it twice gives the same
// order, so it is replayed after a re-login. Returns success, business (SAP's code and message), not_found
// or another error. Throws std::invalid_argument if nothing is to change or a user field's name does not
// start with "U_"; std::bad_alloc.
boost::asio::awaitable<outcome<void>> patch_order(client& c, int doc_entry, order_update update);

// The body patch_order() sends for `update`. Throws std::invalid_argument as patch_order does,
// std::bad_alloc.
boost::json::object order_update_body(const order_update& update);

// Every order numbered `doc_num` (one per numbering series that used it: DocNum repeats across series),
// whole, ordered by DocEntry. Returns them (possibly none) or the error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<document>>> orders_by_doc_num(client& c, int doc_num);

}  // namespace mlc::clients::sap
