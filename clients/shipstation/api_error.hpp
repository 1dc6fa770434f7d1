// Reading ShipStation error bodies: V1's (400 ModelState, 500 ExceptionMessage, 429, others) and V2's
// ({request_id, errors[]}); response_outcome turns them into the clients' shared error.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::clients::shipstation {

// One field's validation messages, e.g. {"apiOrders.orderNumber", {"The orderNumber field is required."}}.
struct model_state_entry {
    std::string field;
    std::vector<std::string> messages;
};

struct api_error {
    unsigned status = 0;
    std::string message;                         // "Message" or "message" from the body ("" when absent)
    std::string exception_message;               // 500: "ExceptionMessage"
    std::string exception_type;                  // 500: "ExceptionType"
    std::vector<model_state_entry> model_state;  // 400: in the body's order
    std::string raw_excerpt;                     // the body's first bytes when it was not JSON we understood
};

// Parses a non-2xx response body. Accepts any body (JSON of the documented shapes, other JSON, text,
// empty): what cannot be understood lands, shortened, in raw_excerpt. Throws std::bad_alloc only.
api_error parse_api_error(unsigned status, std::string_view body);

// The body's words for the error's message: "The request is invalid. (apiOrders.orderNumber: The orderNumber
// field is required.)", ExceptionMessage with [ExceptionType], or the excerpt. Throws std::bad_alloc only.
std::string describe_details(const api_error& error);

// One entry of a V2 body's errors[] (reference §8 V2).
struct v2_error_entry {
    std::string error_source;  // "ShipStation", "carrier", "order_source"
    std::string error_type;    // "validation", "security", "system", ...
    std::string error_code;    // "invalid_field_value", "rate_limit_exceeded", "unauthorized", ...
    std::string message;
    std::string field_name;  // the field concerned, when the body names one ("" otherwise)
};

struct v2_error {
    unsigned status = 0;
    std::string request_id;  // for ShipStation's support
    std::vector<v2_error_entry> errors;
    std::string raw_excerpt;  // the body's first bytes when it was not the documented shape
};

// Parses a non-2xx V2 response body. Accepts any body: what is not {request_id, errors[]} lands, shortened,
// in raw_excerpt. Throws std::bad_alloc only.
v2_error parse_v2_error(unsigned status, std::string_view body);

// The body's words for the error's message: "invalid_field_value: quantity must be 0 or more; ... [request
// 4f2e...]", or the excerpt. Throws std::bad_alloc only.
std::string describe_v2_details(const v2_error& error);

}  // namespace mlc::clients::shipstation
