// What went wrong when no HTTP response came back, and whether the server may have received the request.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace mlc::clients::http {

enum class failure {
    resolve,            // the host name did not resolve
    connect,            // no TCP connection
    tls,                // TLS handshake failed (certificate refused, protocol mismatch)
    timeout,            // the attempt's deadline passed
    connection_closed,  // the server closed or reset the connection before answering
    protocol,           // the response was not valid HTTP/1.1
    body_too_large,     // the response body exceeded client_config::response_body_limit
};

// Never throws.
std::string_view to_string(failure f) noexcept;

struct transport_error {
    failure what = failure::connect;
    // False only when the request was certainly not received whole: we failed before the write completed.
    // True once the request was written (a timeout while reading, a close before any response byte, ...):
    // a non-idempotent request is then "in doubt" and must be checked before it is sent again.
    bool may_have_been_received = false;
    boost::system::error_code code;  // the underlying error
    std::string detail;              // extra words, e.g. the certificate verification result

    // "timeout (received: maybe): Operation timed out". Throws std::bad_alloc only.
    std::string describe() const;
};

// Thrown by result<response, transport_error>::value() on an error.
class transport_exception : public std::runtime_error {
public:
    explicit transport_exception(transport_error e)
        : std::runtime_error(e.describe()), error_(std::move(e)) {}
    const transport_error& error() const noexcept { return error_; }

private:
    transport_error error_;
};

// Found by ADL from boost::system::result::value(); throws transport_exception.
[[noreturn]] void throw_exception_from_error(const transport_error& e, const boost::source_location& loc);

}  // namespace mlc::clients::http
