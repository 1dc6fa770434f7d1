// The SAP client's outcomes: an error category for what can go wrong, and the error value callers get.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>

namespace mlc::clients::sap {

enum class errc {
    transport = 1,  // no answer (connect, resolve, TLS, timeout) and the request was not applied
    in_doubt,       // a write may have been applied (timeout after sending, 502, empty 500): look first
    login_failed,   // Login refused (wrong CompanyDB, user or password) or impossible; paused before retrying
    session_lost,   // the session stayed invalid after one re-login
    business,       // SAP refused the request with a code and a message (-5002, -10, -2028 on POST, ...)
    not_found,      // 404 (-2028 on a GET by key)
    unavailable,    // 502, 503 or 504 that retries did not overcome
    bad_response,   // a 2xx answer the client could not read
};

const boost::system::error_category& error_category() noexcept;
boost::system::error_code make_error_code(errc e) noexcept;

struct error {
    errc kind = errc::transport;
    unsigned http_status = 0;  // 0 when no HTTP answer came
    std::string code;          // SAP's code as text ("-5002"), empty if none
    std::string message;       // SAP's message, or our description; never holds a password

    // "business (HTTP 400, SAP -5002): <message>". Throws std::bad_alloc only.
    std::string describe() const;
};

// Thrown by outcome<T>::value() on an error.
class exception : public std::runtime_error {
public:
    explicit exception(error e) : std::runtime_error(e.describe()), error_(std::move(e)) {}
    const error& get() const noexcept { return error_; }

private:
    error error_;
};

// Found by ADL from boost::system::result::value(); throws sap::exception.
[[noreturn]] void throw_exception_from_error(const error& e, const boost::source_location& loc);

template <class T>
using outcome = boost::system::result<T, error>;

}  // namespace mlc::clients::sap

template <>
struct boost::system::is_error_code_enum<mlc::clients::sap::errc> : std::true_type {};
