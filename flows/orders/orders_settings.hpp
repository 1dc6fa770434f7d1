// The orders flow's settings, derived once from the configuration: filter, mapping, timing and limits.
#pragma once

#include "common/config.hpp"
#include "flows/orders/order_mapping.hpp"
#include "flows/orders/order_selection.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace mlc::flows::orders {

struct orders_settings {
    std::string company_db;  // upper case, as in the orderKey
    order_filter filter;
    mapping_options mapping;
    std::chrono::seconds poll_overlap{600};
    std::chrono::sys_days first_day{};  // where the first poll starts when no watermark is stored
    std::size_t batch_size = 100;
    int max_attempts = 10;
    std::chrono::milliseconds retry_delay{30000};
    std::chrono::milliseconds retry_max_delay{3600000};
    // A pusher waits this long for a full batch while fewer orders are ready: a backlog is sent 100 to a
    // call, a single new order still leaves within a second or two.
    std::chrono::milliseconds batch_linger{1500};
    std::chrono::milliseconds lease{300000};  // a pusher that dies leaves its jobs to others after this
    std::size_t pushers = 2;                  // concurrent createorders calls in flight
};

// The settings for `cfg`; `today` is the first day to poll when cfg.flow.sync_since is unset. Throws
// std::runtime_error if the configured time zone is unknown (the loader has checked it), std::bad_alloc.
orders_settings make_orders_settings(const app_config& cfg, std::chrono::sys_days today);

}  // namespace mlc::flows::orders
