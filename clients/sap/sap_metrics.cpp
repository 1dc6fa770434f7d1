// The SAP client's Prometheus metrics.
#include "clients/sap/sap_metrics.hpp"

#include <string>

namespace mlc::clients::sap {

namespace {

// 5 ms .. 60 s: Service Layer reads take tens of milliseconds, document POSTs can take seconds.
const prometheus::Histogram::BucketBoundaries& duration_buckets() {
    static const prometheus::Histogram::BucketBoundaries buckets{0.005, 0.01, 0.025, 0.05, 0.1,  0.25, 0.5,
                                                                 1.0,   2.5,  5.0,   10.0, 30.0, 60.0};
    return buckets;
}

prometheus::Counter& counter(prometheus::Registry& r, const std::string& name, const std::string& help,
                             const prometheus::Labels& labels = {}) {
    return prometheus::BuildCounter().Name(name).Help(help).Register(r).Add(labels);
}

}  // namespace

sap_metrics::sap_metrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("mlc_sap_requests_total")
                    .Help("SAP client operations by operation and outcome (ok or the error kind)")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("mlc_sap_request_duration_seconds")
                    .Help("Duration of SAP client operations (all pages of a paged read), by operation")
                    .Register(registry)),
      logins_(counter(registry, "mlc_sap_logins_total", "Successful Service Layer Logins")),
      login_failures_(counter(registry, "mlc_sap_login_failures_total", "Refused or failed Logins")),
      renewed_session_error_(prometheus::BuildCounter()
                                 .Name("mlc_sap_session_renewals_total")
                                 .Help("Re-logins after the session was found gone, by cause")
                                 .Register(registry)
                                 .Add({{"cause", "session_error"}})),
      renewed_5002_(prometheus::BuildCounter()
                        .Name("mlc_sap_session_renewals_total")
                        .Help("Re-logins after the session was found gone, by cause")
                        .Register(registry)
                        .Add({{"cause", "-5002"}})),
      keep_alives_(counter(registry, "mlc_sap_keep_alives_total", "Keep-alive requests sent")) {}

void sap_metrics::observe(std::string_view operation, const std::optional<error_kind>& failure,
                          std::chrono::steady_clock::duration elapsed) {
    std::string op(operation);
    std::string outcome = failure ? std::string(kind_name(*failure, error_source::sap)) : "ok";
    requests_.Add({{"operation", op}, {"outcome", outcome}}).Increment();
    duration_.Add({{"operation", op}}, duration_buckets())
        .Observe(std::chrono::duration<double>(elapsed).count());
}

void sap_metrics::on_session_event(session_event e) noexcept {
    switch (e) {
        case session_event::login:
            logins_.Increment();
            break;
        case session_event::login_failed:
            login_failures_.Increment();
            break;
        case session_event::renewed_session_error:
            renewed_session_error_.Increment();
            break;
        case session_event::renewed_5002:
            renewed_5002_.Increment();
            break;
        case session_event::keep_alive:
            keep_alives_.Increment();
            break;
    }
}

}  // namespace mlc::clients::sap
