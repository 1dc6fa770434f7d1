// Shipment links: each ShipStation shipment or fulfillment the shipments flow received, and its delivery.
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/transaction>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::shipment_links {

enum class link_kind { shipment, fulfillment };
enum class link_state { received, delivered, skipped, failed, dead, cancelled };
// The sales order's update once the delivery exists: to write (a retry or a replay only patches), written,
// or refused by SAP (kept with SAP's message until an operator replays the order).
enum class order_update { pending, done, refused };

// As stored. Never throw.
std::string_view to_string(link_kind kind) noexcept;
std::string_view to_string(link_state state) noexcept;
std::string_view to_string(order_update update) noexcept;
// Throw std::invalid_argument for anything else.
link_kind parse_link_kind(std::string_view text);
link_state parse_link_state(std::string_view text);
order_update parse_order_update(std::string_view text);

struct received_record {
    link_kind kind = link_kind::shipment;
    std::int64_t shipstation_id = 0;
    std::optional<std::int64_t> shipstation_order_id;
    std::string order_key, order_number, tracking_number, carrier_code, service_code;
    std::optional<std::chrono::sys_days> ship_date;  // shipDate: a calendar date, not an instant
    std::optional<std::chrono::system_clock::time_point> shipstation_created_at,
        voided_at;  // createDate, voidDate
    bool voided = false;
    boost::json::value payload;
    std::string correlation_id;
};

struct shipment_link : received_record {
    link_state state = link_state::received;
    std::optional<int> delivery_doc_entry, delivery_doc_num;
    std::optional<std::string> last_error;
    // Set before a delivery POST or cancel, cleared by a definite answer: a document may exist in SAP.
    std::optional<std::chrono::system_clock::time_point> delivery_in_doubt_at;
    std::optional<order_update> order_update_state;  // nullopt: no delivery yet (or written before tracking)
    std::optional<std::string> order_update_error;   // SAP's refusal, or the last failure
    std::chrono::system_clock::time_point created_at, updated_at;
    // How long the in-doubt mark has been set, by the database's clock (nullopt: none).
    std::optional<std::chrono::milliseconds> in_doubt_for;
};

struct record_result {
    bool created = false;                     // first time this shipment was seen
    bool void_is_new = false;                 // it was known unvoided and now arrives voided
    link_state state = link_state::received;  // its state after recording
};

// Inserts the record, or refreshes the stored payload and fields of a known one (a later fetch of the same
// shipment: a void, a corrected tracking number). The state is kept. Throws pqxx exceptions.
record_result record(pqxx::work& work, const received_record& r);

// The link, or nullopt. Throws pqxx exceptions.
std::optional<shipment_link> find(pqxx::work& work, link_kind kind, std::int64_t shipstation_id);

// Every link of a ShipStation order (by orderKey or orderId), oldest first. Throws pqxx exceptions.
std::vector<shipment_link> find_by_order(pqxx::work& work, std::string_view order_key,
                                         std::optional<std::int64_t> shipstation_order_id);

// A write to SAP for this shipment (a delivery POST, a cancel) is about to be sent: its outcome is unknown
// until a definite answer clears the mark. Throws pqxx exceptions.
void mark_in_doubt(pqxx::work& work, link_kind kind, std::int64_t shipstation_id);

// What one run of the delivery writer changes on the link, all at once.
struct settlement {
    std::optional<link_state> state;              // nullopt: kept
    std::optional<std::string> reason;            // last_error, when the state is set (nullopt clears)
    std::optional<std::pair<int, int>> delivery;  // DocEntry, DocNum found or created: recorded
    std::optional<order_update> update;           // nullopt: kept
    std::optional<std::string> update_error;      // with `update` (nullopt clears)
    bool keep_in_doubt = false;                   // false: the in-doubt mark is cleared
};

// Applies `s` to the link. Throws pqxx exceptions.
void settle(pqxx::work& work, link_kind kind, std::int64_t shipstation_id, const settlement& s);

// An operator's replay of a delivered link whose order update SAP refused: pending again (the writer only
// patches). Returns false when the link is not in that state. Throws pqxx exceptions.
bool retry_order_update(pqxx::work& work, link_kind kind, std::int64_t shipstation_id);

// Links whose order update SAP refused, for metrics. Throws pqxx exceptions.
std::int64_t count_refused_order_updates(pqxx::work& work);

// How many links are in each state (every state present, zero included). Throws pqxx exceptions.
std::map<link_state, std::int64_t> count_by_state(pqxx::work& work);

// Sets the state and reason (nullopt clears it). Throws pqxx exceptions.
void set_state(pqxx::work& work, link_kind kind, std::int64_t shipstation_id, link_state state,
               const std::optional<std::string>& reason);

}  // namespace mlc::db::shipment_links
