// The shipments flow's counters on /metrics: webhook fetches, what reconciliation found, deliveries written.
#pragma once

#include "flows/shipments/delivery_writer.hpp"
#include "flows/shipments/reconciler.hpp"
#include "flows/shipments/resource_fetcher.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace mlc::flows::shipments {

class shipments_metrics {
public:
    // Registers mlc_shipments_* in `registry`, which must outlive this object. Throws what prometheus-cpp
    // throws for a family registered twice.
    explicit shipments_metrics(prometheus::Registry& registry);

    // Never throw except std::bad_alloc.
    void on_fetch(const fetch_report& r);
    void on_reconcile(const reconcile_report& r);
    void on_deliver(const delivery_report& r);
    void on_inbox_pruned(std::size_t rows);

private:
    prometheus::Family<prometheus::Counter>& fetches_;
    prometheus::Family<prometheus::Counter>& found_;
    prometheus::Family<prometheus::Counter>& reconciliations_;
    prometheus::Family<prometheus::Counter>& deliveries_;
    prometheus::Family<prometheus::Counter>& order_updates_;
    prometheus::Counter& inbox_pruned_;
};

}  // namespace mlc::flows::shipments
