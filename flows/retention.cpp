// Retention of finished work and personal data: the two periodic steps and the workers that run them.
#include "flows/retention.hpp"

#include "common/clock.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"

namespace mlc::flows {

namespace asio = boost::asio;

namespace {

// How often each step runs, and how long it waits after a failure (the next hour does the same work).
constexpr std::chrono::milliseconds retention_period{std::chrono::hours(1)};

prometheus::Counter* counter(prometheus::Registry* registry, const std::string& name,
                             const std::string& help) {
    if (!registry) return nullptr;
    return &prometheus::BuildCounter().Name(name).Help(help).Register(*registry).Add({});
}

}  // namespace

asio::awaitable<std::size_t> prune_succeeded_jobs(db::database& database, std::chrono::milliseconds retention,
                                                  const logger& log, std::function<bool()> stopping,
                                                  std::size_t batch) {
    std::size_t total = 0;
    for (std::size_t n = batch; n == batch && !stopping();) {
        n = co_await database.run([retention, batch](pqxx::work& w) {
            return db::job_queue::delete_succeeded(w, retention, batch);
        });
        if (n == 0) break;
        total += n;
        log.info("jobs.pruned", {{"rows", n}, {"retention_ms", retention.count()}});
    }
    co_return total;
}

asio::awaitable<std::size_t> clear_audit_payloads(db::database& database, std::chrono::milliseconds retention,
                                                  const logger& log, std::function<bool()> stopping,
                                                  std::size_t batch) {
    std::size_t total = 0;
    for (std::size_t n = batch; n == batch && !stopping();) {
        auto cleared = co_await database.run(
            [retention, batch](pqxx::work& w) { return db::audit_log::clear_payloads(w, retention, batch); });
        n = cleared.rows;
        if (n == 0) break;
        total += n;
        // A deliberate change to the evidence: always logged, with the cutoff that chose the rows.
        log.info("audit.payloads_cleared", {{"rows", n}, {"cutoff", format_utc_iso8601(cleared.cutoff)}});
    }
    co_return total;
}

retention_flow::retention_flow(const retention_config& cfg, db::database& database, const logger& log,
                               asio::any_io_executor ex, prometheus::Registry* registry)
    : cfg_(cfg),
      db_(database),
      log_(log),
      workers_(ex, log),
      jobs_pruned_(
          counter(registry, "mlc_jobs_pruned_total", "Succeeded jobs deleted after MLC_JOB_RETENTION.")),
      payloads_cleared_(counter(registry, "mlc_audit_payloads_cleared_total",
                                "Audit rows whose request/response summaries were cleared after "
                                "MLC_AUDIT_PAYLOAD_RETENTION.")) {
    auto stopping = [this] { return workers_.stopping(); };
    workers_.add({.name = "jobs.prune",
                  .group = "retention",
                  .step = [this, stopping]() -> asio::awaitable<next_run> {
                      auto n = co_await prune_succeeded_jobs(db_, cfg_.jobs, log_, stopping);
                      if (jobs_pruned_) jobs_pruned_->Increment(static_cast<double>(n));
                      co_return next_run::after(retention_period);
                  },
                  .pause_after_failure = [] { return retention_period; },
                  .failure_level = log_level::warn});
    workers_.add({.name = "audit.payload_clear",
                  .group = "retention",
                  .step = [this, stopping]() -> asio::awaitable<next_run> {
                      auto n = co_await clear_audit_payloads(db_, cfg_.audit_payloads, log_, stopping);
                      if (payloads_cleared_) payloads_cleared_->Increment(static_cast<double>(n));
                      co_return next_run::after(retention_period);
                  },
                  .pause_after_failure = [] { return retention_period; },
                  .failure_level = log_level::warn});
}

}  // namespace mlc::flows
