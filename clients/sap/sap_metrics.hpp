// The SAP client's Prometheus metrics: requests by operation and outcome, latency, logins, renewals.
#pragma once

#include "clients/call_error.hpp"
#include "clients/sap/session.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <optional>
#include <string_view>

namespace mlc::clients::sap {

// Registers the families in the constructor; every member is thread-safe (prometheus-cpp locks inside).
class sap_metrics {
public:
    // Throws std::invalid_argument (from prometheus-cpp) if a family of the same name but another type is
    // already registered.
    explicit sap_metrics(prometheus::Registry& registry);

    // One client operation (a paged read counts once) that ended with `failure` (nullopt: success) after
    // `elapsed`. Never throws except std::bad_alloc.
    void observe(std::string_view operation, const std::optional<error_kind>& failure,
                 std::chrono::steady_clock::duration elapsed);

    // A session event (logins, failed logins, renewals by cause, keep-alives). Never throws.
    void on_session_event(session_event e) noexcept;

private:
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& duration_;
    prometheus::Counter& logins_;
    prometheus::Counter& login_failures_;
    prometheus::Counter& renewed_session_error_;
    prometheus::Counter& renewed_5002_;
    prometheus::Counter& keep_alives_;
};

}  // namespace mlc::clients::sap
