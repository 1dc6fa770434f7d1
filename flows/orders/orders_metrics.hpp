// The orders flow's counters on /metrics: polls, what the intake decided, what pushes achieved.
#pragma once

#include "flows/orders/order_poller.hpp"
#include "flows/orders/order_pusher.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace mlc::flows::orders {

class orders_metrics {
public:
    // Registers mlc_orders_* in `registry`, which must outlive this object. Throws what prometheus-cpp throws
    // for a family registered twice.
    explicit orders_metrics(prometheus::Registry& registry);

    // Never throw except std::bad_alloc.
    void on_poll(const poll_report& r);
    void on_push(const push_report& r);

private:
    prometheus::Family<prometheus::Counter>& polls_;
    prometheus::Family<prometheus::Counter>& intake_;
    prometheus::Family<prometheus::Counter>& pushes_;
    prometheus::Counter& shipstation_calls_;
};

}  // namespace mlc::flows::orders
