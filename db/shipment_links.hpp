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

// As stored. Never throw.
std::string_view to_string(link_kind kind) noexcept;
std::string_view to_string(link_state state) noexcept;
// Throw std::invalid_argument for anything else.
link_kind parse_link_kind(std::string_view text);
link_state parse_link_state(std::string_view text);

struct received_record {
    link_kind kind = link_kind::shipment;
    std::int64_t shipstation_id = 0;
    std::optional<std::int64_t> shipstation_order_id;
    std::string order_key, order_number, tracking_number, carrier_code, service_code;
    std::optional<std::chrono::sys_days> ship_date;  // shipDate: a calendar date, not an instant
    std::optional<std::chrono::system_clock::time_point> shipstation_created_at, voided_at;  // createDate, voidDate
    bool voided = false;
    boost::json::value payload;
    std::string correlation_id;
};

struct shipment_link : received_record {
    link_state state = link_state::received;
    std::optional<int> delivery_doc_entry, delivery_doc_num;
    std::optional<std::string> last_error;
    std::chrono::system_clock::time_point created_at, updated_at;
};

struct record_result {
    bool created = false;     // first time this shipment was seen
    bool void_is_new = false;  // it was known unvoided and now arrives voided
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

// The SAP delivery was created (or found by its stamp): state delivered, its DocEntry and DocNum, no error.
// Throws pqxx exceptions.
void mark_delivered(pqxx::work& work, link_kind kind, std::int64_t shipstation_id, int doc_entry, int doc_num);

// How many links are in each state (every state present, zero included). Throws pqxx exceptions.
std::map<link_state, std::int64_t> count_by_state(pqxx::work& work);

// Sets the state and reason (nullopt clears it). Throws pqxx exceptions.
void set_state(pqxx::work& work, link_kind kind, std::int64_t shipstation_id, link_state state,
               const std::optional<std::string>& reason);

}  // namespace mlc::db::shipment_links
