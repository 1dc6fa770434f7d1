// What an operator sees of one order: its sync state, ShipStation order, job (attempts, last error), its
// shipments with their SAP deliveries, and its audit timeline, as JSON for GET /admin/orders/{DocNum}; and the
// replay of a failed or dead push.
#pragma once

#include <boost/json/object.hpp>

#include <pqxx/transaction>

#include <optional>
#include <string_view>

namespace mlc::flows::orders {

// The order's state, or nullopt when the flow never saw DocNum `doc_num` of `company_db`. At most
// `audit_limit` audit rows (the newest), listed oldest first. Throws pqxx exceptions, std::bad_alloc.
std::optional<boost::json::object> order_status(pqxx::work& work, std::string_view company_db, int doc_num,
                                                std::size_t audit_limit = 500);

enum class replay_result { replayed, not_found, nothing_to_replay };

// Queues the order's push again now, attempts reset: a dead letter, or a failed push waiting for its retry;
// and likewise the failed or dead deliveries of its shipments. Each is audited as an operator action.
// replayed when anything was queued. Throws pqxx exceptions.
replay_result replay_order(pqxx::work& work, std::string_view company_db, int doc_num);

}  // namespace mlc::flows::orders
