// The items flow's figures on /metrics: product updates, stock updates, failures, the oldest pending change.
#pragma once

#include "flows/items/items_poller.hpp"
#include "flows/items/product_aligner.hpp"
#include "flows/items/stock_sync.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstdint>

namespace mlc::flows::items {

class items_metrics {
public:
    // Registers mlc_items_* and mlc_inventory_* in `registry`, which must outlive this object. Throws what
    // prometheus-cpp throws for a family registered twice.
    explicit items_metrics(prometheus::Registry& registry);

    // Never throw except std::bad_alloc.
    void on_poll(const items_poll_report& r);
    void on_align(const align_report& r);
    void on_stock(const stock_report& r);
    void on_pending(std::int64_t pending, std::chrono::milliseconds oldest_age);

private:
    prometheus::Family<prometheus::Counter>& polls_;
    prometheus::Family<prometheus::Counter>& products_;
    prometheus::Family<prometheus::Counter>& stock_;
    prometheus::Gauge& pending_;
    prometheus::Gauge& oldest_pending_;
};

}  // namespace mlc::flows::items
