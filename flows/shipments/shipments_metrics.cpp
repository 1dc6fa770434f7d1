// The shipments flow's counters on /metrics.
#include "flows/shipments/shipments_metrics.hpp"

namespace mlc::flows::shipments {

namespace {

void add(prometheus::Family<prometheus::Counter>& family, const std::map<std::string, std::string>& labels,
         std::size_t n) {
    family.Add(labels).Increment(static_cast<double>(n));
}

}  // namespace

shipments_metrics::shipments_metrics(prometheus::Registry& registry)
    : fetches_(
          prometheus::BuildCounter()
              .Name("mlc_shipments_fetches_total")
              .Help("Stored webhooks followed, by result: done, not_used (events not acted on), rejected "
                    "(resource_url off the allowed origins), failed (retried).")
              .Register(registry)),
      found_(
          prometheus::BuildCounter()
              .Name("mlc_shipments_found_total")
              .Help("Shipments and fulfillments newly recorded (a delivery queued), by how they were found "
                    "(webhook, reconciliation) and what (new, void).")
              .Register(registry)),
      reconciliations_(
          prometheus::BuildCounter()
              .Name("mlc_shipments_reconciliations_total")
              .Help("Reconciliation runs by result: complete, incomplete (see the log), not_leader.")
              .Register(registry)),
      deliveries_(
          prometheus::BuildCounter()
              .Name("mlc_shipments_deliveries_total")
              .Help("Delivery jobs by outcome: delivered, found (an earlier attempt's, by its stamp), "
                    "skipped, cancelled, failed (retried), dead (needs an operator), postponed (its order "
                    "was busy, or a lost POST too recent to search for).")
              .Register(registry)),
      order_updates_(
          prometheus::BuildCounter()
              .Name("mlc_shipments_order_updates_total")
              .Help("Sales order updates after a delivery (tracking number, UDFs) by result: written, "
                    "refused (by SAP: kept with its message, replayable), failed (retried).")
              .Register(registry)),
      inbox_pruned_(prometheus::BuildCounter()
                        .Name("mlc_webhook_inbox_pruned_total")
                        .Help("Handled webhook payloads deleted after MLC_INBOX_RETENTION.")
                        .Register(registry)
                        .Add({})) {}

void shipments_metrics::on_fetch(const fetch_report& r) {
    const std::size_t settled = r.not_used + r.rejected + r.failed + r.capped;
    add(fetches_, {{"result", "done"}}, r.claimed > settled ? r.claimed - settled : 0);
    add(fetches_, {{"result", "capped"}}, r.capped);
    add(fetches_, {{"result", "not_used"}}, r.not_used);
    add(fetches_, {{"result", "rejected"}}, r.rejected);
    add(fetches_, {{"result", "failed"}}, r.failed);
    add(found_, {{"by", "webhook"}, {"what", "new"}}, r.new_records);
    add(found_, {{"by", "webhook"}, {"what", "void"}}, r.new_voids);
}

void shipments_metrics::on_reconcile(const reconcile_report& r) {
    const char* result = !r.leader     ? "not_leader"
                         : !r.complete ? "incomplete"
                         : r.capped    ? "capped"
                                       : "complete";
    add(reconciliations_, {{"result", result}}, 1);
    add(found_, {{"by", "reconciliation"}, {"what", "new"}}, r.new_records);
    add(found_, {{"by", "reconciliation"}, {"what", "void"}}, r.new_voids);
}

void shipments_metrics::on_deliver(const delivery_report& r) {
    add(deliveries_, {{"result", "delivered"}}, r.delivered);
    add(deliveries_, {{"result", "found"}}, r.found);
    add(deliveries_, {{"result", "skipped"}}, r.skipped);
    add(deliveries_, {{"result", "cancelled"}}, r.cancelled);
    add(deliveries_, {{"result", "failed"}}, r.failed);
    add(deliveries_, {{"result", "dead"}}, r.dead);
    add(deliveries_, {{"result", "postponed"}}, r.postponed);
    add(order_updates_, {{"result", "written"}}, r.orders_updated);
    add(order_updates_, {{"result", "refused"}}, r.order_updates_refused);
    add(order_updates_, {{"result", "failed"}}, r.order_updates_failed);
}

void shipments_metrics::on_inbox_pruned(std::size_t rows) {
    inbox_pruned_.Increment(static_cast<double>(rows));
}

}  // namespace mlc::flows::shipments
