// The items flow's figures on /metrics.
#include "flows/items/items_metrics.hpp"

namespace mlc::flows::items {

items_metrics::items_metrics(prometheus::Registry& registry)
    : polls_(
          prometheus::BuildCounter()
              .Name("mlc_items_polls_total")
              .Help(
                  "Polls of items changed in SAP by result: complete, incomplete (see the log), not_leader.")
              .Register(registry)),
      products_(
          prometheus::BuildCounter()
              .Name("mlc_items_product_updates_total")
              .Help("Product alignments by result: updated, unchanged, waiting (no product yet), failed, "
                    "dead.")
              .Register(registry)),
      stock_(prometheus::BuildCounter()
                 .Name("mlc_inventory_updates_total")
                 .Help("Stock levels set in ShipStation's V2 inventory by result: sent, failed.")
                 .Register(registry)),
      pending_(prometheus::BuildGauge()
                   .Name("mlc_inventory_pending_changes")
                   .Help("Stock levels SAP changed that ShipStation has not confirmed yet.")
                   .Register(registry)
                   .Add({})),
      oldest_pending_(prometheus::BuildGauge()
                          .Name("mlc_inventory_oldest_pending_seconds")
                          .Help("Age of the oldest stock change ShipStation has not confirmed (0: none).")
                          .Register(registry)
                          .Add({})) {}

void items_metrics::on_poll(const items_poll_report& r) {
    polls_.Add({{"result", !r.leader ? "not_leader" : r.complete ? "complete" : "incomplete"}}).Increment();
}

void items_metrics::on_align(const align_report& r) {
    products_.Add({{"result", "updated"}}).Increment(static_cast<double>(r.updated));
    products_.Add({{"result", "unchanged"}}).Increment(static_cast<double>(r.unchanged));
    products_.Add({{"result", "waiting"}}).Increment(static_cast<double>(r.waiting));
    products_.Add({{"result", "failed"}}).Increment(static_cast<double>(r.failed));
    products_.Add({{"result", "dead"}}).Increment(static_cast<double>(r.dead));
}

void items_metrics::on_stock(const stock_report& r) {
    stock_.Add({{"result", "sent"}}).Increment(static_cast<double>(r.sent));
    stock_.Add({{"result", "failed"}}).Increment(static_cast<double>(r.failed));
}

void items_metrics::on_pending(std::int64_t pending, std::chrono::milliseconds oldest_age) {
    pending_.Set(static_cast<double>(pending));
    oldest_pending_.Set(static_cast<double>(oldest_age.count()) / 1000.0);
}

}  // namespace mlc::flows::items
