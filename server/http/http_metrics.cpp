// The server's Prometheus metrics.
#include "server/http/http_metrics.hpp"

#include <string>

namespace mlc::server::http {

namespace {

// 0.5 ms .. 10 s, roughly doubling: fine enough for fast health checks, wide enough for slow SAP calls.
const prometheus::Histogram::BucketBoundaries& duration_buckets() {
    static const prometheus::Histogram::BucketBoundaries buckets{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
    return buckets;
}

std::string method_label(boost::beast::http::verb method) {
    // Beast only knows a fixed set of verbs, so the label stays bounded; anything else is "OTHER".
    if (method == boost::beast::http::verb::unknown) return "OTHER";
    return std::string(boost::beast::http::to_string(method));
}

}  // namespace

http_metrics::http_metrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("mlc_http_requests_total")
                    .Help("HTTP requests answered, by route, method and status")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("mlc_http_request_duration_seconds")
                    .Help("Time from a request's first byte to its response written, by route")
                    .Register(registry)),
      active_(prometheus::BuildGauge()
                  .Name("mlc_http_connections_active")
                  .Help("Connections being served")
                  .Register(registry)
                  .Add({})),
      rejected_(prometheus::BuildCounter()
                    .Name("mlc_http_connections_rejected_total")
                    .Help("Connections answered 503 because a connection limit was reached, by limit")
                    .Register(registry)) {}

void http_metrics::observe_request(std::string_view route, boost::beast::http::verb method, unsigned status,
                                   std::chrono::steady_clock::duration elapsed) {
    std::string route_label(route);
    requests_
        .Add({{"route", route_label}, {"method", method_label(method)}, {"status", std::to_string(status)}})
        .Increment();
    duration_.Add({{"route", route_label}}, duration_buckets())
        .Observe(std::chrono::duration<double>(elapsed).count());
}

void http_metrics::connection_opened() noexcept {
    active_.Increment();
}
void http_metrics::connection_closed() noexcept {
    active_.Decrement();
}
void http_metrics::connection_rejected(std::string_view reason) {
    rejected_.Add({{"reason", std::string(reason)}}).Increment();
}

}  // namespace mlc::server::http
