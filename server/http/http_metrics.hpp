// The server's Prometheus metrics: requests by route/method/status, latency, connections.
#pragma once

#include <boost/beast/http/verb.hpp>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <string_view>

namespace mlc::server::http {

// Route label of requests that matched no route: keeps label cardinality bounded whatever clients send.
inline constexpr std::string_view unmatched_route = "unmatched";

// Registers the families in the constructor; every member is thread-safe (prometheus-cpp locks inside).
class http_metrics {
public:
    // Throws std::invalid_argument (from prometheus-cpp) if a family of the same name but another type
    // is already registered.
    explicit http_metrics(prometheus::Registry& registry);

    // Counts one answered request and observes its duration. Never throws except std::bad_alloc.
    void observe_request(std::string_view route, boost::beast::http::verb method, unsigned status,
                         std::chrono::steady_clock::duration elapsed);

    // Connection gauge. Never throw.
    void connection_opened() noexcept;
    void connection_closed() noexcept;

    // Counts a connection refused with 503; `reason` is the limit that was reached, a fixed string
    // ("max_connections", "max_connections_per_ip"). Never throws except std::bad_alloc.
    void connection_rejected(std::string_view reason);

private:
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& duration_;
    prometheus::Gauge& active_;
    prometheus::Family<prometheus::Counter>& rejected_;
};

}  // namespace mlc::server::http
