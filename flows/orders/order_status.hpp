// What an operator sees of one order: its sync state, ShipStation order, job (attempts, last error), its
// shipments with their SAP deliveries, and its audit timeline, as JSON for GET /admin/orders/...; and the
// replay of a failed or dead push.
#pragma once

#include <boost/json/object.hpp>

#include <pqxx/transaction>

#include <optional>
#include <string_view>
#include <vector>

namespace mlc::flows::orders {

// The DocEntries of the orders of `company_db` the flow saw numbered `doc_num`, ascending: several when
// numbering series repeat it. Throws pqxx exceptions.
std::vector<int> doc_entries_with_doc_num(pqxx::work& work, std::string_view company_db, int doc_num);

// The state of the order with `doc_entry`, or nullopt when the flow never saw it. Its audit timeline holds at
// most `audit_limit` rows (the newest), oldest first: the rows keyed by its DocEntry, and for an order whose
// link keeps the orderKey of before (mlc-<COMPANYDB>-<DocNum>) also the rows keyed by its DocNum, written
// before DocNum could repeat. Throws pqxx exceptions, std::bad_alloc.
std::optional<boost::json::object> order_status_by_entry(pqxx::work& work, std::string_view company_db,
                                                         int doc_entry, std::size_t audit_limit = 500);

enum class replay_result {
    replayed,
    not_found,
    nothing_to_replay,
    ambiguous,  // several orders share the DocNum: replay each by its DocEntry
};

// Queues the push of the order with `doc_entry` again now, attempts reset: a dead letter, or a failed push
// waiting for its retry; and likewise the failed or dead deliveries of its shipments and the order updates
// SAP refused after their delivery (flows/shipments/delivery_replay). Each is audited as an operator action.
// replayed when anything was queued. Throws pqxx exceptions.
replay_result replay_order_by_entry(pqxx::work& work, std::string_view company_db, int doc_entry);

// replay_order_by_entry for the one order numbered `doc_num`; ambiguous (nothing replayed) when several are,
// never one of them silently. Throws pqxx exceptions.
replay_result replay_order(pqxx::work& work, std::string_view company_db, int doc_num);

}  // namespace mlc::flows::orders
