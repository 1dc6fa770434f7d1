// The Service Layer session: single-flight Login, the cookies on every request, renewal on 401/301 and the
// -5002 check, the proactive keep-alive loop, Logout.
#pragma once

#include "clients/call_error.hpp"
#include "clients/http/client.hpp"
#include "clients/sap/login.hpp"
#include "clients/sap/options.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace mlc::clients::sap {

struct sap_request {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string target;                  // relative to the service root, starting with '/': "/Orders(5)"
    std::string body;                    // JSON for POST and PATCH
    boost::beast::http::fields headers;  // extra headers (Prefer, ...); Cookie is set by the session
    // May be sent again after a re-login. Unset: GET and PATCH yes, anything else no.
    std::optional<bool> replay_safe;
};

// Counters for metrics and tests.
struct session_stats {
    std::atomic<std::uint64_t> logins{0};           // successful Logins
    std::atomic<std::uint64_t> login_failures{0};   // refused or failed Logins
    std::atomic<std::uint64_t> renewed_on_401{0};   // re-logins after 401 or code 301
    std::atomic<std::uint64_t> renewed_on_5002{0};  // re-logins after -5002 and a failed session check
    std::atomic<std::uint64_t> keep_alives{0};      // keep-alive requests sent
};

// What the session did, for metrics: reported as it happens, on the coroutine that did it.
enum class session_event {
    login,                  // a Login succeeded
    login_failed,           // a Login was refused or failed
    renewed_session_error,  // a re-login after 401 or code 301
    renewed_5002,           // a re-login after -5002 and a failed session check
    keep_alive,             // a keep-alive request was sent
};

// Must not throw and must be cheap (it runs inside the session's work).
using session_observer = std::function<void(session_event)>;

// Safe to share between coroutines and threads; must outlive every call in flight and the keep-alive loop.
// `http` is the client of the Service Layer root (MLC_SAP_URL) and must outlive the session.
class session {
public:
    // Never throws except std::bad_alloc.
    session(http::client& http, sap_config cfg, options opts, const logger& log,
            steady_clock_fn now = steady_now, session_observer observer = {});
    ~session();
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    // Sends `req` with the session cookies, logging in first when there is no usable session (one Login
    // for all concurrent callers). On 401 or SAP code 301 it logs in once and, if the request is replay-safe,
    // sends it again; on -5002 it checks the session with a cheap GET and, only if that shows the session
    // gone, logs in and sends once more. Never more than one re-login per call. GETs are retried per
    // options::get_retry. Returns the 2xx response or an error (see response_outcome.hpp; login_failed names
    // CompanyDB and user, never the password). Throws std::bad_alloc only.
    boost::asio::awaitable<outcome<http::response>> execute(sap_request req);

    // The keep-alive loop, run by the owner (co_spawn) apart from requests: while a session exists, sends one
    // cheap GET when the idle timeout minus the margin is reached, so the session lives through quiet
    // periods. Returns within options::keep_alive_poll after stop(). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> run_keep_alive();

    // Makes run_keep_alive() return. Never throws.
    void stop() noexcept;

    // POST /Logout if a session exists, then forgets it (errors are logged, not returned). Never throws
    // except std::bad_alloc.
    boost::asio::awaitable<void> logout();

    // What the last successful Login said (version, timeout); nullopt before any. Never throws except
    // std::bad_alloc.
    std::optional<login_info> last_login() const;

    const session_stats& stats() const noexcept;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace mlc::clients::sap
