// The Service Layer session: single-flight Login, renewal rules, keep-alive loop and Logout.
#include "clients/sap/session.hpp"

#include "clients/http/send_with_retry.hpp"
#include "clients/sap/error_body.hpp"
#include "clients/sap/response_outcome.hpp"
#include "clients/sap/session_timing.hpp"

#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <mutex>

namespace mlc::clients::sap {

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using result_type = boost::system::result<http::response, http::transport_error>;

// The cookies a request goes out with, and which Login produced them.
struct ticket {
    session_cookies cookies;
    std::uint64_t generation = 0;
};

// One Login in progress. Its result is written before `done` is closed; closing wakes every waiter.
struct flight {
    explicit flight(asio::any_io_executor ex) : done(std::move(ex)) {}
    asio::experimental::concurrent_channel<void(boost::system::error_code)> done;
    std::optional<error> failed;
    ticket result;
};

bool session_error(const result_type& answer) {
    return answer && is_session_error(answer->result_int(), parse_error_body(answer->body()));
}

bool is_5002(const result_type& answer) {
    if (!answer || answer->result_int() < 400) return false;
    auto body = parse_error_body(answer->body());
    return body && body->code == "-5002";
}

}  // namespace

struct session::state {
    state(http::client& h, sap_config c, options o, const logger& l, steady_clock_fn n, session_observer obs)
        : http(h),
          cfg(std::move(c)),
          opts(std::move(o)),
          log(l),
          now(std::move(n)),
          observer(std::move(obs)),
          get_policy(opts.get_retry),
          timing(opts.timing) {}

    asio::awaitable<outcome<ticket>> acquire();
    asio::awaitable<void> login(std::shared_ptr<flight> f);
    void invalidate(std::uint64_t generation);
    asio::awaitable<result_type> send(const sap_request& req, const session_cookies& cookies);
    asio::awaitable<outcome<http::response>> execute(sap_request req);
    void report(session_event e) const {
        if (observer) observer(e);
    }
    std::string who() const { return "CompanyDB '" + cfg.company_db + "' as user '" + cfg.username + "'"; }

    http::client& http;
    sap_config cfg;
    options opts;
    const logger& log;
    steady_clock_fn now;
    session_observer observer;
    http::retry_policy get_policy;
    session_stats stats;
    std::atomic<bool> stopped{false};

    mutable std::mutex mutex;  // guards what follows; never held across co_await
    session_timing timing;
    session_cookies cookies;
    std::uint64_t generation = 0;  // counts Logins; tells a stale ticket from the current one
    std::shared_ptr<flight> in_flight;
    std::optional<error> last_login_error;
    std::optional<login_info> last_info;
};

asio::awaitable<outcome<ticket>> session::state::acquire() {
    std::shared_ptr<flight> f;
    bool leader = false;
    {
        std::lock_guard lock(mutex);
        auto t = now();
        if (timing.usable(t)) co_return ticket{cookies, generation};
        if (in_flight) {
            f = in_flight;
        } else {
            // After failed Logins, callers get the last failure until the pause is over: no retry storm.
            if (timing.login_failures() > 0 && t < timing.next_login_allowed() && last_login_error)
                co_return *last_login_error;
            f = in_flight = std::make_shared<flight>(co_await asio::this_coro::executor);
            leader = true;
        }
    }
    if (leader) {
        co_await login(f);
    } else {
        boost::system::error_code ec;
        co_await f->done.async_receive(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (f->failed) co_return *f->failed;
    co_return f->result;
}

asio::awaitable<void> session::state::login(std::shared_ptr<flight> f) {
    http::outbound_request req;
    req.method = bhttp::verb::post;
    req.target = "/Login";
    req.body = login_body(cfg, opts.language);
    req.headers.set(bhttp::field::content_type, "application/json");
    req.replay_safe = true;  // a second Login only makes a second session
    auto answer = co_await http.send(std::move(req));

    std::optional<login_info> info;
    std::optional<error> failed;
    if (!answer) {
        failed = error{
            error_kind::unauthorized, 0, {}, "Login to " + who() + " failed: " + answer.error().describe()};
    } else if (answer->result_int() != 200) {
        auto body = parse_error_body(answer->body());
        std::string why = body ? body->message : "HTTP " + std::to_string(answer->result_int());
        failed = error{error_kind::unauthorized, answer->result_int(), body ? body->code : "",
                       "Login to " + who() + " refused: " + why};
    } else if (!(info = parse_login_response(*answer))) {
        failed =
            error{error_kind::unauthorized, 200, {}, "Login to " + who() + " answered without a session id"};
    }

    unsigned failures = 0;
    {
        std::lock_guard lock(mutex);
        if (failed) {
            timing.login_failed(now());
            failures = timing.login_failures();
            last_login_error = failed;
            f->failed = failed;
        } else {
            cookies = info->cookies;
            ++generation;
            timing.logged_in(now(), info->session_timeout);
            last_login_error.reset();
            last_info = info;
            f->result = ticket{cookies, generation};
        }
        in_flight.reset();
    }
    if (failed) {
        ++stats.login_failures;
        report(session_event::login_failed);
        log.warn("sap.login_failed", {{"company_db", cfg.company_db},
                                      {"user", cfg.username},
                                      {"error", failed->describe()},
                                      {"failures", failures}});
    } else {
        ++stats.logins;
        report(session_event::login);
        log.info("sap.login", {{"company_db", cfg.company_db},
                               {"user", cfg.username},
                               {"session_timeout_min", info->session_timeout.count()},
                               {"timeout_reported", info->timeout_reported},
                               {"version", info->version}});
    }
    f->done.close();
}

void session::state::invalidate(std::uint64_t used) {
    std::lock_guard lock(mutex);
    // Only the session the failed request used: concurrent callers that all met the same expiry end it once,
    // and a session another caller already renewed stays.
    if (used == generation) timing.expired();
}

asio::awaitable<result_type> session::state::send(const sap_request& req, const session_cookies& with) {
    http::outbound_request out;
    out.method = req.method;
    out.target = req.target;
    out.headers = req.headers;
    out.headers.set(bhttp::field::cookie, cookie_header(with));
    if (!req.body.empty()) out.headers.set(bhttp::field::content_type, "application/json");
    out.body = req.body;
    bool is_get = req.method == bhttp::verb::get;
    out.replay_safe = req.replay_safe.value_or(is_get || req.method == bhttp::verb::patch);
    {
        std::lock_guard lock(mutex);
        timing.request_sent(now());
    }
    if (is_get) co_return co_await http::send_with_retry(http, std::move(out), get_policy);
    co_return co_await http.send(std::move(out));
}

asio::awaitable<outcome<http::response>> session::state::execute(sap_request req) {
    bool replay =
        req.replay_safe.value_or(req.method == bhttp::verb::get || req.method == bhttp::verb::patch);
    for (bool renewed = false;;) {
        auto t = co_await acquire();
        if (!t) co_return t.error();
        auto answer = co_await send(req, t->cookies);

        if (session_error(answer)) {
            auto body = parse_error_body(answer->body());
            error lost{error_kind::session_lost, answer->result_int(), body ? body->code : "",
                       body ? body->message : "session rejected"};
            invalidate(t->generation);
            if (renewed) co_return lost;  // a fresh session refused too: never loop
            if (!replay) {
                lost.message += " (not sent again: not replay-safe; the next request logs in)";
                co_return lost;
            }
            ++stats.renewed_on_401;
            report(session_event::renewed_session_error);
            log.info("sap.session_renewal", {{"cause", "session_error"}, {"status", answer->result_int()}});
            renewed = true;
            continue;
        }
        if (!renewed && is_5002(answer)) {
            // -5002 is usually a business error; only a failed session check makes it a session problem.
            sap_request check;
            check.target = opts.keep_alive_target;
            auto probe = co_await send(check, t->cookies);
            if (session_error(probe)) {
                invalidate(t->generation);
                ++stats.renewed_on_5002;
                report(session_event::renewed_5002);
                log.info("sap.session_renewal", {{"cause", "-5002"}, {"status", probe->result_int()}});
                renewed = true;
                continue;
            }
        }
        co_return to_outcome(req.method, std::move(answer));
    }
}

session::session(http::client& h, sap_config cfg, options opts, const logger& log, steady_clock_fn now,
                 session_observer observer)
    : state_(std::make_shared<state>(h, std::move(cfg), std::move(opts), log, std::move(now),
                                     std::move(observer))) {}

session::~session() = default;

asio::awaitable<outcome<http::response>> session::execute(sap_request req) {
    auto st = state_;
    co_return co_await st->execute(std::move(req));
}

asio::awaitable<void> session::run_keep_alive() {
    auto st = state_;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!st->stopped) {
        auto pause = st->opts.keep_alive_poll;
        bool due = false;
        {
            std::lock_guard lock(st->mutex);
            auto t = st->now();
            if (st->timing.has_session()) {
                auto at = st->timing.keep_alive_due();
                if (t >= at)
                    due = true;
                else
                    pause = std::min(pause, std::chrono::duration_cast<std::chrono::milliseconds>(at - t) +
                                                std::chrono::milliseconds(1));
            }
        }
        if (due) {
            ++st->stats.keep_alives;
            st->report(session_event::keep_alive);
            sap_request req;
            req.target = st->opts.keep_alive_target;
            auto result = co_await st->execute(std::move(req));
            if (result) {
                st->log.debug("sap.keep_alive", {});
                continue;
            }
            // After a failure wait a poll interval before the next try: no hot loop while SAP is down.
            st->log.warn("sap.keep_alive_failed", {{"error", result.error().describe()}});
        }
        timer.expires_after(pause);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

void session::stop() noexcept {
    state_->stopped = true;
}

asio::awaitable<void> session::logout() {
    auto st = state_;
    session_cookies used;
    {
        std::lock_guard lock(st->mutex);
        if (!st->timing.has_session()) co_return;
        used = st->cookies;
        st->timing.expired();
        st->cookies = {};
        ++st->generation;
    }
    http::outbound_request req;
    req.method = bhttp::verb::post;
    req.target = "/Logout";
    req.headers.set(bhttp::field::cookie, cookie_header(used));
    auto answer = co_await st->http.send(std::move(req));
    if (answer && answer->result_int() / 100 == 2)
        st->log.info("sap.logout", {{"company_db", st->cfg.company_db}});
    else
        st->log.warn("sap.logout_failed", {{"error", answer ? "HTTP " + std::to_string(answer->result_int())
                                                            : answer.error().describe()}});
}

std::optional<login_info> session::last_login() const {
    std::lock_guard lock(state_->mutex);
    return state_->last_info;
}

const session_stats& session::stats() const noexcept {
    return state_->stats;
}

}  // namespace mlc::clients::sap
