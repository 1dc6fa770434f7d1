// ShipStation V1 error responses (400 ModelState, 500 ExceptionMessage, 429, others) as one typed error.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::clients::shipstation {

enum class api_error_kind {
    bad_request,   // 400: validation or deserialization (ModelState)
    unauthorized,  // 401: wrong key/secret or no permission
    forbidden,     // 403
    not_found,     // 404
    rate_limited,  // 429
    server_error,  // 5xx
    other,         // any other non-2xx status
};

// One field's validation messages, e.g. {"apiOrders.orderNumber", {"The orderNumber field is required."}}.
struct model_state_entry {
    std::string field;
    std::vector<std::string> messages;
};

struct api_error {
    unsigned status = 0;
    api_error_kind kind = api_error_kind::other;
    std::string message;                         // "Message" or "message" from the body ("" when absent)
    std::string exception_message;               // 500: "ExceptionMessage"
    std::string exception_type;                  // 500: "ExceptionType"
    std::vector<model_state_entry> model_state;  // 400: in the body's order
    std::string raw_excerpt;                     // the body's first bytes when it was not JSON we understood
};

// Maps an HTTP status to its kind. Never throws.
api_error_kind kind_of_status(unsigned status) noexcept;

// Parses a non-2xx response body. Accepts any body (JSON of the documented shapes, other JSON, text,
// empty): what cannot be understood lands, shortened, in raw_excerpt. Throws std::bad_alloc only.
api_error parse_api_error(unsigned status, std::string_view body);

// One readable line, e.g. "ShipStation 400 Bad Request: The request is invalid. (apiOrders.orderNumber:
// The orderNumber field is required.)". Throws std::bad_alloc only.
std::string describe(const api_error& error);

// The exception the client throws for a non-2xx answer; what() is describe(error()).
class api_exception : public std::runtime_error {
public:
    // Throws std::bad_alloc only.
    explicit api_exception(api_error error) : std::runtime_error(describe(error)), error_(std::move(error)) {}
    const api_error& error() const noexcept { return error_; }

private:
    api_error error_;
};

}  // namespace mlc::clients::shipstation
