// The simulated company database: documents, master data, stock per warehouse and batches.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace mlc::sim::sap {

// A moment as B1 records it: "YYYY-MM-DD" and "HH:MM:SS" (UTC in the simulator).
struct sim_time {
    std::string date;
    std::string time;
};

// Throws std::bad_alloc only.
sim_time to_sim_time(std::chrono::system_clock::time_point tp);

// How the simulated company is set up, beyond its data: rules a connector must cope with (off by default).
struct company_rules {
    // An approval procedure covers deliveries: SL saves a POST /DeliveryNotes as a draft (Drafts,
    // DocObjectCode oDeliveryNotes) and answers -2028 "No matching records found (ODBC -2028)" with
    // `approval_status`, or 204 with Location Drafts(n) when the client sent Prefer: return-no-content
    // (reference §3.3, §7.1).
    bool deliveries_need_approval = false;
    int approval_status = 400;  // 400 or 404: versions differ
    // Closed and cancelled sales orders are read-only: a PATCH is refused (-5002), as the DI core may do.
    bool closed_documents_read_only = false;
    // The SAP administrator added OINM (the warehouse journal) to Service Layer's SQL table allowlist
    // (b1s_sqltable.conf). It is not in the default list: creating or running a query over it answers 702
    // "Table 'OINM' not accessible" (reference §8.6.3).
    bool journal_accessible = false;
    // The user holds the "Service Layer SQL Query" authorisation (and is a superuser, who alone creates
    // queries): otherwise creating or running a stored query answers 403 / -6006 (reference §8.6.3).
    bool sql_queries_authorized = true;
    // v2 filters take UpdateDate and the other dates as an unquoted ISO literal (2025-08-20T00:00:00Z)
    // instead of the quoted '2025-08-20': the reference leaves v2's form open (§12), so the simulator serves
    // one form at a time and the client must find out which (sim_config::v2_iso_date_literal).
    bool v2_iso_date_literal = false;
    // WCFCompatible mode: DocumentLine's batch collection is BatchNumberProperty, and BatchNumbers is an
    // unknown property (reference §7.4; sim_config::batch_number_property).
    bool batch_number_property = false;
};

// One row of the warehouse journal (OINM): every posting that moves an item's InStock in a warehouse.
// Committed quantities (sales orders) make no row: OINM holds inventory postings only.
struct journal_entry {
    std::int64_t trans_num = 0;  // TransNum: strictly increasing in the simulator
    int trans_type = 0;          // TransType: 15 delivery, 16 return/cancellation, 59 goods receipt, 60 issue
    int created_by = 0;          // CreatedBy: the posting document's DocEntry
    std::string item_code;       // ItemCode
    std::string warehouse;       // Warehouse
    double in_qty = 0;           // InQty
    double out_qty = 0;          // OutQty
    std::string doc_date;        // DocDate: the posting date ("YYYY-MM-DD"; may lie in the past)
    std::string create_date;     // CreateDate: when the row was written
};

// The numbering series of orders created without a Series (B1's "Primary" series in the sample company).
inline constexpr int default_order_series = 8;

// Not thread-safe: sim_state guards it with its mutex.
struct store {
    std::map<int, boost::json::object> orders;                         // by DocEntry
    std::map<int, boost::json::object> deliveries;                     // by DocEntry
    std::map<int, boost::json::object> drafts;                         // Drafts, by DocEntry
    std::map<int, boost::json::object> draft_requests;                 // each draft's POST body, for approval
    std::map<std::string, boost::json::object, std::less<>> items;     // by ItemCode
    std::map<std::string, boost::json::object, std::less<>> partners;  // by CardCode
    std::map<int, boost::json::object> shipping_types;                 // by Code
    std::map<int, boost::json::object> batch_details;                  // BatchNumberDetails, by DocEntry
    std::map<std::string, boost::json::object, std::less<>> sql_queries;  // SQLQueries, by SqlCode
    std::map<int, boost::json::object> weight_measures;  // WeightMeasures (OWGT), by UnitCode
    std::map<int, boost::json::object> length_measures;  // LengthMeasures (OLGT), by UnitCode
    std::map<int, boost::json::object> bin_locations;    // BinLocations (OBIN), by AbsEntry
    std::map<std::string, boost::json::object, std::less<>>
        warehouses;  // Warehouses (OWHS), by WarehouseCode
    // ApprovalTemplates (OWTM): a mirror of `rules`, rebuilt on every read (approval_templates.hpp).
    std::map<int, boost::json::object> approval_templates;
    // UserFieldsMD (CUFD): the user-defined fields, by (TableName, FieldID). A U_ property exists only when
    // its table has it here.
    std::map<std::pair<std::string, int>, boost::json::object> user_fields;
    std::vector<journal_entry> journal;  // OINM, in TransNum order
    // (ItemCode, Batch, WarehouseCode) -> quantity on hand.
    std::map<std::tuple<std::string, std::string, std::string>, double> batch_stock;
    int next_order_entry = 1;
    // The next DocNum of each numbering series (B1's NNM1.NextNumber): every series counts on its own, so two
    // series (one per year, with period indicators) repeat DocNums while DocEntry stays unique. A series not
    // listed starts at 1.
    std::map<int, int> next_order_num;
    int next_delivery_entry = 1;
    int next_delivery_num = 1;
    int next_draft_entry = 1;
    std::int64_t next_trans_num = 1;
    int next_inventory_entry = 1;  // DocEntry of the next goods receipt or issue (OIGN / OIGE)
    company_rules rules;
};

// The entity sets the simulator serves, with their key property and OData type name.
struct entity_set_info {
    std::string_view name;    // "Orders"
    std::string_view key;     // "DocEntry"
    bool string_key = false;  // Items('A00001') vs Orders(12)
    std::string_view type;    // "Document", for error messages
};

// nullopt for an unknown (or wrongly cased) set name. Never throws.
std::optional<entity_set_info> find_entity_set(std::string_view name) noexcept;

// Every entity of `set`, in key order (copies: callers run queries on them outside the lock).
// Throws std::bad_alloc only; an unknown set gives an empty vector.
std::vector<boost::json::object> entity_rows(const store& s, std::string_view set);

// The entity of `set` with `key` (the text inside the parentheses, quotes removed), or nullptr.
boost::json::object* find_entity(store& s, std::string_view set, std::string_view key);

// Changes an item's stock in one warehouse (the warehouse row is created if missing) and the item totals.
void adjust_stock(store& s, std::string_view item, std::string_view warehouse, double in_stock_delta,
                  double committed_delta);

// Rounds money and quantities to B1's usual 2 (money) or 6 (quantity) decimals. Never throws.
double round_to(double v, int decimals) noexcept;

}  // namespace mlc::sim::sap
