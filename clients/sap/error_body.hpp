// Service Layer error bodies in both shapes (v1: numeric code and {lang,value} message; v2: string code and
// string message) read into one value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::sap {

struct error_body {
    std::string code;     // as text, whatever the shape: "301", "-5002", "-2028"
    std::string message;  // SAP's message text (the "value" of a v1 message object)
};

// Reads {"error":{"code":..,"message":..}} with the code a number or a string and the message a string or a
// {"lang","value"} object. nullopt if `body` is not JSON of that shape (an HTML 502 page, an empty 500).
// Never throws except std::bad_alloc.
std::optional<error_body> parse_error_body(std::string_view body);

// True when an answer means the session is gone: HTTP 401, or SAP code 301 in either shape. Never throws.
bool is_session_error(unsigned http_status, const std::optional<error_body>& body) noexcept;

}  // namespace mlc::clients::sap
