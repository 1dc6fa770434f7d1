// What a call to SAP or ShipStation can end in besides its answer: one error kind for both clients, the error
// value, and outcome<T>.
#pragma once

#include "clients/http/transport_error.hpp"

#include <boost/assert/source_location.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::clients {

// What the caller may conclude. The retries each client makes are behind it: a kind is final for this call.
enum class error_kind {
    transport = 1,  // no answer (connect, resolve, TLS, timeout) and the request was not applied
    in_doubt,       // a write may have been applied (timeout after sending, a 5xx to a write): look first
    rate_limited,   // 429 answers the client's waits did not overcome (ShipStation)
    not_found,      // 404 (SAP's -2028 on a GET by key)
    refused,        // the API's rules said no: SAP's business errors, ShipStation's 400 and other 4xx
    unauthorized,   // 401 or 403; SAP's Login refused or impossible (paused before retrying)
    unavailable,    // 5xx answers to a read (SAP: 503 to any call) that retries did not overcome
    bad_response,   // a 2xx answer the client could not read
    session_lost,   // SAP: the session stayed invalid after one re-login
    url_refused,    // ShipStation: a webhook's resource_url is not on an allowed origin; nothing was sent
};

// Which API gave the error; it decides describe()'s wording, which logs, audit rows and dead letters keep.
enum class error_source { sap, shipstation };

const boost::system::error_category& error_category() noexcept;
boost::system::error_code make_error_code(error_kind k) noexcept;

// The kind as `source` has always named it in logs and metrics: SAP says "business" for refused and
// "login_failed" for unauthorized; otherwise the enumerator's name. Never throws.
std::string_view kind_name(error_kind k, error_source source) noexcept;

struct error {
    error() = default;
    // `source` is SAP unless said: the SAP client built its errors before ShipStation shared them.
    error(error_kind k, unsigned status, std::string code_text, std::string text,
          error_source from = error_source::sap)
        : kind(k), http_status(status), code(std::move(code_text)), message(std::move(text)), source(from) {}

    error_kind kind = error_kind::transport;
    unsigned http_status = 0;  // 0 when no HTTP answer came
    std::string code;          // SAP's code as text ("-5002"), empty if none
    // SAP's message; ShipStation's Message with its ExceptionMessage and ModelState folded in; or our
    // description (of a transport failure, of an unreadable answer). Never holds a password or API secret.
    std::string message;
    error_source source = error_source::sap;
    std::vector<std::string> invalid_fields;  // ShipStation 400: the ModelState keys, "apiOrders[3].shipTo"

    // SAP: "business (HTTP 400, SAP -5002): <message>". ShipStation: "ShipStation 400 Bad Request:
    // <message>", "ShipStation unreachable: <transport failure>"; for bad_response and url_refused the
    // message alone, which says ShipStation itself ("ShipStation answered 200 with a body that is not JSON").
    // Throws std::bad_alloc only.
    std::string describe() const;
};

// Thrown by outcome<T>::value() on an error; what() is describe().
class call_exception : public std::runtime_error {
public:
    explicit call_exception(error e) : std::runtime_error(e.describe()), error_(std::move(e)) {}
    const error& get() const noexcept { return error_; }

private:
    error error_;
};

// Found by ADL from boost::system::result::value(); throws call_exception.
[[noreturn]] void throw_exception_from_error(const error& e, const boost::source_location& loc);

template <class T>
using outcome = boost::system::result<T, error>;

// Whether `method` only reads (GET, HEAD): nothing it sends can be applied twice. Never throws.
bool is_read(boost::beast::http::verb method) noexcept;

// The error for a request of `method` that got no answer: in_doubt for a write the server may have
// received (look before sending it again), transport otherwise. Throws std::bad_alloc only.
error unanswered(boost::beast::http::verb method, const http::transport_error& failure, error_source from);

}  // namespace mlc::clients

template <>
struct boost::system::is_error_code_enum<mlc::clients::error_kind> : std::true_type {};
