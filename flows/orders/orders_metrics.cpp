// The orders flow's counters on /metrics.
#include "flows/orders/orders_metrics.hpp"

namespace mlc::flows::orders {

orders_metrics::orders_metrics(prometheus::Registry& registry)
    : polls_(
          prometheus::BuildCounter()
              .Name("mlc_orders_polls_total")
              .Help(
                  "SAP order polls by result: complete, incomplete (stopped early; see the log), not_leader.")
              .Register(registry)),
      intake_(prometheus::BuildCounter()
                  .Name("mlc_orders_intake_total")
                  .Help("New SAP order versions by decision: queued, unchanged, refused, ignored, locked.")
                  .Register(registry)),
      pushes_(prometheus::BuildCounter()
                  .Name("mlc_orders_pushes_total")
                  .Help("Order pushes by outcome: sent, confirmed, locked, dropped, failed, dead.")
                  .Register(registry)),
      shipstation_calls_(prometheus::BuildCounter()
                             .Name("mlc_orders_shipstation_calls_total")
                             .Help("ShipStation requests the orders flow made (createorders and look-ups).")
                             .Register(registry)
                             .Add({})) {}

void orders_metrics::on_poll(const poll_report& r) {
    const char* result = !r.leader ? "not_leader" : r.complete ? "complete" : "incomplete";
    polls_.Add({{"result", result}}).Increment();
    if (!r.leader) return;
    intake_.Add({{"result", "queued"}}).Increment(static_cast<double>(r.queued));
    intake_.Add({{"result", "unchanged"}}).Increment(static_cast<double>(r.unchanged));
    intake_.Add({{"result", "refused"}}).Increment(static_cast<double>(r.refused));
    intake_.Add({{"result", "ignored"}}).Increment(static_cast<double>(r.ignored));
    intake_.Add({{"result", "locked"}}).Increment(static_cast<double>(r.locked));
}

void orders_metrics::on_push(const push_report& r) {
    pushes_.Add({{"result", "sent"}}).Increment(static_cast<double>(r.sent));
    pushes_.Add({{"result", "confirmed"}}).Increment(static_cast<double>(r.confirmed));
    pushes_.Add({{"result", "locked"}}).Increment(static_cast<double>(r.locked));
    pushes_.Add({{"result", "dropped"}}).Increment(static_cast<double>(r.dropped));
    pushes_.Add({{"result", "failed"}}).Increment(static_cast<double>(r.failed));
    pushes_.Add({{"result", "dead"}}).Increment(static_cast<double>(r.dead));
    shipstation_calls_.Increment(static_cast<double>(r.calls));
}

}  // namespace mlc::flows::orders
