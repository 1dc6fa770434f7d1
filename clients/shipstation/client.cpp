// The ShipStation V1 client: each attempt passes the limiter, answers feed it back, retries by call kind.
#include "clients/shipstation/client.hpp"

#include "clients/http/client.hpp"
#include "clients/shipstation/response_outcome.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/detail/base64.hpp>
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

std::string basic_auth(const std::string& key, const secret& api_secret) {
    std::string plain = key + ":" + api_secret.reveal();
    std::string out(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
    out.resize(boost::beast::detail::base64::encode(out.data(), plain.data(), plain.size()));
    return "Basic " + out;
}

rate_limiter_config limiter_config(const shipstation_config& cfg, rate_limiter_config base) {
    if (cfg.rate_limit == 0) throw std::invalid_argument("shipstation: the rate limit must be at least 1");
    base.ceiling = cfg.rate_limit;
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
    explicit metrics(prometheus::Registry& r)
        : requests(prometheus::BuildCounter()
                       .Name("mlc_shipstation_requests_total")
                       .Help("ShipStation API attempts, by endpoint and status (\"error\": no answer)")
                       .Register(r)),
          throttled(prometheus::BuildCounter()
                        .Name("mlc_shipstation_throttled_total")
                        .Help("ShipStation answers 429 Too Many Requests")
                        .Register(r)
                        .Add({})),
          remaining(prometheus::BuildGauge()
                        .Name("mlc_shipstation_rate_limit_remaining")
                        .Help("X-Rate-Limit-Remaining of the last ShipStation answer")
                        .Register(r)
                        .Add({})),
          wait_seconds(prometheus::BuildCounter()
                           .Name("mlc_shipstation_limiter_wait_seconds_total")
                           .Help("Time requests spent queued in the ShipStation rate limiter")
                           .Register(r)
                           .Add({})) {}
    prometheus::Family<prometheus::Counter>& requests;
    prometheus::Counter& throttled;
    prometheus::Gauge& remaining;
    prometheus::Counter& wait_seconds;
};

asio::awaitable<void> pause(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace

struct client::state {
    state(const shipstation_config& cfg, asio::any_io_executor ex, const logger& l, prometheus::Registry* r,
          client_options o)
        : log(l),
          opts(o),
          origin(http::parse_base_url(cfg.url)),
          http(std::move(ex), cfg.url, o.http),
          authorization(basic_auth(cfg.api_key, cfg.api_secret)),
          limiter(limiter_config(cfg, o.limiter)),
          policy(o.retry) {
        if (r) stats.emplace(*r);
    }
    const logger& log;
    client_options opts;
    http::base_url origin;
    http::client http;
    std::string authorization;
    limiter_driver limiter;
    http::retry_policy policy;
    std::optional<metrics> stats;
    std::atomic<std::uint64_t> attempts{0};
    mutable std::mutex last_mutex;
    std::optional<observed_rate_limit> last;

    void count(std::string_view endpoint, std::string_view status) {
        if (!stats) return;
        stats->requests.Add({{"endpoint", std::string(endpoint)}, {"status", std::string(status)}})
            .Increment();
    }
};

client::client(const shipstation_config& cfg, asio::any_io_executor ex, const logger& log,
               prometheus::Registry* registry, client_options opts)
    : state_(std::make_unique<state>(cfg, std::move(ex), log, registry, std::move(opts))) {}

client::~client() = default;

asio::awaitable<outcome<http::response>> client::execute(api_request req) {
    auto& s = *state_;
    http::outbound_request out;
    out.method = req.method;
    out.target = std::move(req.target);  // client::send puts the base path in front
    out.body = std::move(req.body);
    out.replay_safe = req.idempotent;
    out.headers.set(boost::beast::http::field::authorization, s.authorization);
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
            s.log.warn("shipstation_transport_error",
                       {{"endpoint", req.endpoint}, {"error", e.describe()}, {"retry", delay.has_value()}});
            if (!delay) co_return to_outcome(req.method, std::move(answer));
            co_await pause(*delay);
            continue;
        }
        auto res = std::move(*answer);
        unsigned status = res.result_int();
        auto headers =
            parse_rate_limit_headers(header(res, "X-Rate-Limit-Limit"), header(res, "X-Rate-Limit-Remaining"),
                                     header(res, "X-Rate-Limit-Reset"), header(res, "Retry-After"));
        s.limiter.on_response(p, status, headers);
        s.count(req.endpoint, std::to_string(status));
        if (s.stats && headers.remaining) s.stats->remaining.Set(static_cast<double>(*headers.remaining));
        {
            std::lock_guard lock(s.last_mutex);
            s.last = observed_rate_limit{status, headers};
        }
        if (status >= 200 && status < 300) co_return std::move(res);
        if (status == 429) {
            if (s.stats) s.stats->throttled.Increment();
            // The server refused without processing: safe to send again for any call, after the limiter's
            // wait.
            bool again = ++throttled <= s.opts.max_throttled_retries;
            s.log.warn("shipstation_throttled", {{"endpoint", req.endpoint}, {"retry", again}});
            if (again) continue;
        } else if (status >= 500 && req.idempotent) {
            auto delay = s.policy.next_delay(++failures, http::outcome_class::retryable);
            s.log.warn("shipstation_server_error",
                       {{"endpoint", req.endpoint}, {"status", status}, {"retry", delay.has_value()}});
            if (delay) {
                co_await pause(*delay);
                continue;
            }
        }
        co_return to_outcome(req.method, std::move(res));
    }
}

asio::awaitable<outcome<boost::json::value>> client::call(api_request req) {
    auto res = co_await execute(std::move(req));
    if (!res) co_return res.error();
    if (res->body().empty()) co_return boost::json::value{};
    boost::system::error_code ec;
    auto v = boost::json::parse(res->body(), ec);
    if (ec) {
        co_return unreadable_answer("ShipStation answered " + std::to_string(res->result_int()) +
                                    " with a body that is not JSON");
    }
    co_return v;
}

const http::base_url& client::origin() const noexcept {
    return state_->origin;
}

std::optional<observed_rate_limit> client::last_rate_limit() const {
    std::lock_guard lock(state_->last_mutex);
    return state_->last;
}

rate_limiter_stats client::limiter_stats() const noexcept {
    return state_->limiter.stats();
}

std::uint64_t client::attempts_sent() const noexcept {
    return state_->attempts.load();
}

void client::shutdown() noexcept {
    state_->limiter.shutdown();
}

}  // namespace mlc::clients::shipstation
