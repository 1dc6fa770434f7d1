// Tuning of the SAP client beyond sap_config (which holds the URL, credentials and TLS trust).
#pragma once

#include "clients/http/retry_policy.hpp"
#include "clients/sap/session_timing.hpp"
#include "common/config.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace mlc::clients::sap {

struct options {
    session_timing_config timing;  // keep-alive margin and Login backoff
    http::retry_config get_retry;  // GETs: attempts and backoff on connect errors, timeouts, 502/503/504
    std::chrono::milliseconds attempt_timeout{std::chrono::seconds(60)};  // one HTTP attempt (DeliveryNotes
                                                                          // can take seconds)
    unsigned page_size = 100;     // Prefer: odata.maxpagesize on collection reads
    std::optional<int> language;  // Login "Language" (error message language); unset: server default
    std::chrono::milliseconds keep_alive_poll{std::chrono::seconds(1)};    // the keep-alive loop re-checks at
                                                                           // least this often (and for stop)
    std::string keep_alive_target = "/ShippingTypes?$select=Code&$top=1";  // the cheap authenticated GET
};

// The options a deployment sets through its configuration (MLC_SAP_PAGE_SIZE, MLC_SAP_REQUEST_TIMEOUT); the
// rest keep their defaults.
inline options options_for(const sap_config& cfg) {
    options o;
    o.page_size = cfg.page_size;
    o.attempt_timeout = cfg.request_timeout;
    return o;
}

}  // namespace mlc::clients::sap
