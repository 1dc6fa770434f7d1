// The simulator's control interface under /_control/: seed, change orders, sessions, clock, counters, faults.
#pragma once

#include "server/http/router.hpp"
#include "tests/simulators/sap_b1/sim_state.hpp"

#include <memory>

namespace mlc::sim::sap {

// Adds the /_control/ routes (JSON in and out, no session needed):
//   GET  /_control/health                 {"status":"ok"}
//   POST /_control/seed                   {"seed":1,"orders":50,"items":20,"partners":10} -> fresh data
//   POST /_control/orders                 an SL order body (CardCode, DocumentLines, optional Series...)
//                                         -> {"DocEntry":n}; DocNum is the next number of its Series
//   POST /_control/series                 {"Series":n,"NextNumber":m}: the next DocNum of that series
//   (set_next_order_number) POST /_control/orders/change          {"DocEntry":n,"changes":{...}} merged like
//   PATCH, bumps UpdateDate/Time POST /_control/orders/cancel|close    {"DocEntry":n} POST /_control/batches
//   {"ItemCode","Batch","WarehouseCode","Quantity","ExpirationDate",
//                                         "AdmissionDate","Status"}: sets one batch (see put_batch)
//   POST /_control/stock                  {"ItemCode","WarehouseCode","delta"} or {...,"in_stock"}, optional
//                                         "DocDate": a goods receipt (59) or issue (60) booked by hand, a
//                                         journal row; UpdateDate stays (see book_stock_by_hand)
//   POST /_control/company                {"deliveries_need_approval","approval_status","closed_documents_
//                                         read_only","journal_accessible"} (company_rules)
//   GET  /_control/state                  {"orders":[...],"deliveries":[...],"items":[...],"batches":[...],
//                                         "journal":[...]}
//   POST /_control/sessions/expire        every session ends now
//   POST /_control/sessions/timeout       {"seconds":n} or {"milliseconds":n}: the idle timeout from now on
//   GET  /_control/counters               logins, failed_logins, logouts, unauthorized, live_sessions,
//   requests POST /_control/counters/reset GET  /_control/faults, POST /_control/faults (a fault_plan:
//   latency_ms, latency_path, fail_count,
//        fail_status, fail_path, commit_then_fail_count, commit_then_fail_status, commit_then_fail_path,
//        commit_then_hold_count, commit_then_hold_ms, commit_then_hold_path, refuse_count, refuse_code,
//        refuse_message, refuse_path),
//   POST /_control/faults/clear
//   POST /_control/quirks                 {"v1_string_session_error":bool,"session_error_as_5002":bool}
//   POST /_control/clock                  {"set":"2025-08-20T09:14:02Z"} | {"advance_seconds":n} |
//   {"real":true}
// Throws std::invalid_argument if a route already exists.
void add_control_routes(server::http::router& routes, std::shared_ptr<sim_state> state);

}  // namespace mlc::sim::sap
