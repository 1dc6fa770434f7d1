// The shared ShipStation request loop: each attempt passes the limiter, answers feed it back, retries by call
// kind, metrics and logs named by the API's profile.
#include "clients/shipstation/api_core.hpp"

#include "clients/http/client.hpp"
#include "clients/shipstation/limiter_driver.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

namespace mlc::clients::shipstation {

namespace asio = boost::asio;

namespace {

rate_limiter_config limiter_config(const api_profile& p, rate_limiter_config base) {
    if (p.ceiling == 0) throw std::invalid_argument(p.name + ": the rate limit must be at least 1");
    base.ceiling = p.ceiling;
    return base;
}

std::string_view header(const http::response& res, std::string_view name) {
    auto it = res.find(name);
    return it == res.end() ? std::string_view{} : std::string_view(it->value());
}

// The failures another attempt may overcome (TLS, protocol and size errors will not change).
bool transient(http::failure f) noexcept {
    return f == http::failure::resolve || f == http::failure::connect || f == http::failure::timeout ||
           f == http::failure::connection_closed;
}

struct metrics {
    metrics(prometheus::Registry& r, const api_profile& p)
        : requests(prometheus::BuildCounter()
                       .Name(p.metric_prefix + "_requests_total")
                       .Help(p.name + " API attempts, by endpoint and status (\"error\": no answer)")
                       .Register(r)),
          throttled(prometheus::BuildCounter()
                        .Name(p.metric_prefix + "_throttled_total")
                        .Help(p.name + " answers 429 Too Many Requests")
                        .Register(r)
                        .Add({})),
          remaining(prometheus::BuildGauge()
                        .Name(p.metric_prefix + "_rate_limit_remaining")
                        .Help("X-Rate-Limit-Remaining of the last " + p.name + " answer")
                        .Register(r)
                        .Add({})),
          wait_seconds(prometheus::BuildCounter()
                           .Name(p.metric_prefix + "_limiter_wait_seconds_total")
                           .Help("Time requests spent queued in the " + p.name + " rate limiter")
                           .Register(r)
                           .Add({})),
          budget_statements(prometheus::BuildCounter()
                                .Name(p.metric_prefix + "_budget_statements_total")
                                .Help("Statements asking the shared " + p.name + " rate budget for a send")
                                .Register(r)
                                .Add({})),
          budget_denied(prometheus::BuildCounter()
                            .Name(p.metric_prefix + "_budget_denied_total")
                            .Help("Asks the shared " + p.name + " rate budget answered with a later time")
                            .Register(r)
                            .Add({})),
          budget_fallback(prometheus::BuildGauge()
                              .Name(p.metric_prefix + "_budget_fallback")
                              .Help("1 while the shared " + p.name +
                                    " rate budget is unreachable and this process keeps to its share")
                              .Register(r)
                              .Add({})) {}
    prometheus::Family<prometheus::Counter>& requests;
    prometheus::Counter& throttled;
    prometheus::Gauge& remaining;
    prometheus::Counter& wait_seconds;
    prometheus::Counter& budget_statements;
    prometheus::Counter& budget_denied;
    prometheus::Gauge& budget_fallback;

    void on_budget(budget_event e) {
        switch (e) {
            case budget_event::statement:
                budget_statements.Increment();
                break;
            case budget_event::denied:
                budget_denied.Increment();
                break;
            case budget_event::fallback_started:
                budget_fallback.Set(1);
                break;
            case budget_event::fallback_ended:
                budget_fallback.Set(0);
                break;
        }
    }
};

asio::awaitable<void> pause(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace

struct api_core::state {
    state(api_profile p, asio::any_io_executor ex, const logger& l, prometheus::Registry* r, client_options o)
        : log(l),
          opts(o),
          origin(http::parse_base_url(p.url)),
          http(std::move(ex), p.url, o.http),
          limiter(limiter_config(p, o.limiter), {},
                  budget_link{o.budget,
                              [this](budget_event e) {
                                  if (stats) stats->on_budget(e);
                              },
                              &l}),
          policy(o.retry),
          profile(std::move(p)),
          transport_event(profile.log_prefix + "_transport_error"),
          throttled_event(profile.log_prefix + "_throttled"),
          server_error_event(profile.log_prefix + "_server_error") {
        if (r) stats.emplace(*r, profile);
    }
    const logger& log;
    client_options opts;
    http::base_url origin;
    http::client http;
    limiter_driver limiter;
    http::retry_policy policy;
    api_profile profile;
    std::string transport_event, throttled_event, server_error_event;
    std::optional<metrics> stats;
    std::atomic<std::uint64_t> attempts{0};
    mutable std::mutex last_mutex;
    std::optional<observed_rate_limit> last;

    void count(std::string_view endpoint, std::string_view status) {
        if (!stats) return;
        stats->requests.Add({{"endpoint", std::string(endpoint)}, {"status", std::string(status)}})
            .Increment();
    }

    // Feeds an answer's headers to the limiter, the metrics and last_rate_limit().
    void observe(const permit& p, const http::response& res, std::string_view endpoint) {
        unsigned status = res.result_int();
        auto headers =
            parse_rate_limit_headers(header(res, "X-Rate-Limit-Limit"), header(res, "X-Rate-Limit-Remaining"),
                                     header(res, "X-Rate-Limit-Reset"), header(res, "Retry-After"));
        limiter.on_response(p, status, headers);
        count(endpoint, std::to_string(status));
        if (stats && headers.remaining) stats->remaining.Set(static_cast<double>(*headers.remaining));
        std::lock_guard lock(last_mutex);
        last = observed_rate_limit{status, headers};
    }
};

api_core::api_core(api_profile profile, asio::any_io_executor ex, const logger& log,
                   prometheus::Registry* registry, client_options opts)
    : state_(std::make_unique<state>(std::move(profile), std::move(ex), log, registry, std::move(opts))) {}

api_core::~api_core() = default;

asio::awaitable<outcome<http::response>> api_core::execute(api_request req) {
    auto& s = *state_;
    http::outbound_request out;
    out.method = req.method;
    out.target = std::move(req.target);  // client::send puts the base path in front
    out.body = std::move(req.body);
    out.replay_safe = req.idempotent;
    out.headers.set(s.profile.auth_header, s.profile.auth_value);
    out.headers.set(boost::beast::http::field::accept, "application/json");
    if (!out.body.empty()) out.headers.set(boost::beast::http::field::content_type, "application/json");

    unsigned failures = 0, throttled = 0;
    for (;;) {
        auto p = co_await s.limiter.acquire(req.prio, failures + throttled > 0);
        if (s.stats) s.stats->wait_seconds.Increment(std::chrono::duration<double>(p.waited).count());
        ++s.attempts;
        auto answer = co_await s.http.send(out);
        if (!answer) {
            s.limiter.on_no_response(p);
            s.count(req.endpoint, "error");
            const auto& e = answer.error();
            bool may_retry = transient(e.what) && (req.idempotent || !e.may_have_been_received);
            auto delay = s.policy.next_delay(
                ++failures, may_retry ? http::outcome_class::retryable : http::outcome_class::done);
            s.log.warn(s.transport_event,
                       {{"endpoint", req.endpoint}, {"error", e.describe()}, {"retry", delay.has_value()}});
            if (!delay) co_return to_outcome(req.method, std::move(answer), s.profile.version);
            co_await pause(*delay);
            continue;
        }
        auto res = std::move(*answer);
        unsigned status = res.result_int();
        s.observe(p, res, req.endpoint);
        if (status >= 200 && status < 300) co_return std::move(res);
        if (status == 429) {
            if (s.stats) s.stats->throttled.Increment();
            // The server refused without processing: safe to send again for any call, after the limiter's
            // wait.
            bool again = ++throttled <= s.opts.max_throttled_retries;
            s.log.warn(s.throttled_event, {{"endpoint", req.endpoint}, {"retry", again}});
            if (again) continue;
        } else if (status >= 500 && req.idempotent) {
            auto delay = s.policy.next_delay(++failures, http::outcome_class::retryable);
            s.log.warn(s.server_error_event,
                       {{"endpoint", req.endpoint}, {"status", status}, {"retry", delay.has_value()}});
            if (delay) {
                co_await pause(*delay);
                continue;
            }
        }
        co_return to_outcome(req.method, std::move(res), s.profile.version);
    }
}

asio::awaitable<outcome<boost::json::value>> api_core::call(api_request req) {
    auto res = co_await execute(std::move(req));
    if (!res) co_return res.error();
    if (res->body().empty()) co_return boost::json::value{};
    boost::system::error_code ec;
    auto v = boost::json::parse(res->body(), ec);
    if (ec) {
        co_return unreadable_answer(state_->profile.name + " answered " + std::to_string(res->result_int()) +
                                    " with a body that is not JSON");
    }
    co_return v;
}

const http::base_url& api_core::origin() const noexcept {
    return state_->origin;
}

std::optional<observed_rate_limit> api_core::last_rate_limit() const {
    std::lock_guard lock(state_->last_mutex);
    return state_->last;
}

rate_limiter_stats api_core::limiter_stats() const noexcept {
    return state_->limiter.stats();
}

std::uint64_t api_core::attempts_sent() const noexcept {
    return state_->attempts.load();
}

void api_core::shutdown() noexcept {
    state_->limiter.shutdown();
}

}  // namespace mlc::clients::shipstation
