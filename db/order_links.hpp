// Order links: each SAP sales order the orders flow has seen, its ShipStation order and its sync state.
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/transaction>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::db::order_links {

enum class link_state { seen, ignored, refused, queued, sent, failed, dead, cancelled, shipped };

// As stored ("seen", "refused", ...). Never throws.
std::string_view to_string(link_state state) noexcept;
// The state stored as `text`. Throws std::invalid_argument for anything else.
link_state parse_link_state(std::string_view text);

// What identifies an order on both sides: (company_db, doc_entry) in SAP, order_key in ShipStation. DocNum is
// only what people see: it repeats across numbering series.
struct order_identity {
    std::string company_db;
    int doc_entry = 0;
    int doc_num = 0;
    std::string order_key;  // set when the link is made and never changed: ShipStation knows the order by it
};

struct order_link : order_identity {
    std::optional<std::string> sap_version;  // "YYYY-MM-DD HH:MM:SS" (UpdateDate, UpdateTime)
    std::optional<std::string> sap_hash;     // SHA-256 of the order as SAP returned it
    link_state state = link_state::seen;
    std::optional<std::int64_t> shipstation_order_id;
    std::optional<std::string> shipstation_status;
    std::optional<std::string> queued_hash;
    std::optional<std::string> sent_hash;
    std::optional<boost::json::value> sent_body;
    std::optional<std::chrono::system_clock::time_point> sent_at;
    std::optional<std::string> in_doubt_hash;
    std::optional<std::chrono::system_clock::time_point> in_doubt_at;
    std::optional<std::string> last_error;
    std::optional<std::string> correlation_id;
    std::chrono::system_clock::time_point created_at, updated_at;
};

// The link of one order, or nullopt. Throws pqxx exceptions.
std::optional<order_link> find(pqxx::work& work, std::string_view company_db, int doc_entry);
// The links of every order numbered `doc_num` (one per numbering series that used it), by DocEntry. Throws
// pqxx exceptions.
std::vector<order_link> find_by_doc_num(pqxx::work& work, std::string_view company_db, int doc_num);
std::optional<order_link> find_by_key(pqxx::work& work, std::string_view order_key);
std::optional<order_link> find_by_shipstation_order_id(pqxx::work& work, std::int64_t order_id);

// The stored (sap_version, sap_hash) of each of `doc_entries` that has a link: lets a poll skip, before any
// further SAP request, the orders it has already processed. Throws pqxx exceptions.
std::map<int, std::pair<std::string, std::string>> versions(pqxx::work& work, std::string_view company_db,
                                                            const std::vector<int>& doc_entries);

// Records that `sap_version` (with `sap_hash`) of the order was read, inserting the link in state seen with
// id.order_key or updating the version, DocNum and correlation id of an existing one (its state and orderKey
// are kept; a link already at this version is left as it is), and returns the link as it was BEFORE, locked
// FOR UPDATE until the transaction ends (nullopt when new): two pollers cannot decide about the same order at
// once. Throws pqxx exceptions (unique_violation for an id.order_key another document's link holds).
std::optional<order_link> note_version(pqxx::work& work, const order_identity& id,
                                       std::string_view sap_version, std::string_view sap_hash,
                                       std::string_view correlation_id);

// Sets the state and the reason (nullopt clears it). Throws pqxx exceptions.
void set_state(pqxx::work& work, std::string_view order_key, link_state state,
               const std::optional<std::string>& reason);

// A push of the body with `hash` was queued: state queued, queued_hash, no error. Throws pqxx exceptions.
void set_queued(pqxx::work& work, std::string_view order_key, std::string_view hash);

// A push of the body with `hash` is about to be sent: its outcome is unknown until mark_sent or
// clear_in_doubt. Throws pqxx exceptions.
void mark_in_doubt(pqxx::work& work, std::string_view order_key, std::string_view hash);

// The push was answered without being applied (a refusal, a 4xx): nothing is in doubt any more.
void clear_in_doubt(pqxx::work& work, std::string_view order_key);

// ShipStation accepted `body` (SHA-256 `hash`) as order `order_id` with `order_status`: state sent (queued
// when a newer body was queued meanwhile), or cancelled when the status is cancelled; in-doubt marks and the
// error are cleared. Throws pqxx exceptions.
void mark_sent(pqxx::work& work, std::string_view order_key, std::int64_t order_id,
               std::string_view order_status, std::string_view hash, const boost::json::value& body);

// ShipStation has the order as `order_id` in `order_status` (found by a lookup): records both without
// touching what was sent. Throws pqxx exceptions.
void note_shipstation_order(pqxx::work& work, std::string_view order_key, std::int64_t order_id,
                            std::string_view order_status);

// Links per state, every state present (0 when none), for metrics. Throws pqxx exceptions.
std::map<link_state, std::int64_t> count_by_state(pqxx::work& work);

}  // namespace mlc::db::order_links
