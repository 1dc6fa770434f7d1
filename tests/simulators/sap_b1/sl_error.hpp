// A Service Layer error (HTTP status, SL code, message) and its v1 and v2 JSON shapes.
#pragma once

#include "tests/simulators/sap_b1/sap_values.hpp"

#include <boost/assert/source_location.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace mlc::sim::sap {

struct sl_error {
    boost::beast::http::status status = boost::beast::http::status::bad_request;
    int code = -5002;
    std::string message;
};

// The outcome of an operation whose failure depends on the request: a value or the error to answer with.
template <class T>
using sl_result = boost::system::result<T, sl_error>;

// Found by boost::system::result::value() on an error: throws std::runtime_error with the message.
[[noreturn]] void throw_exception_from_error(const sl_error& e, const boost::source_location& loc);

// v1: {"error":{"code":-5002,"message":{"lang":"en-us","value":"..."}}};
// v2: {"error":{"code":"-5002","message":"..."}}. Throws std::bad_alloc only.
boost::json::object error_body(const sl_error& e, api_version version);

// 401 / 301 "Invalid session or session already timeout." (also the answer to an unknown route).
sl_error invalid_session();

// 404 / -2028 "No matching records found (ODBC -2028)".
sl_error no_matching_records();

// 400 / -1000 "Property '<name>' of '<type>' is invalid".
sl_error invalid_property(std::string_view name, std::string_view type);

// 400 / <code> with `message`.
sl_error business_error(int code, std::string message);

}  // namespace mlc::sim::sap
