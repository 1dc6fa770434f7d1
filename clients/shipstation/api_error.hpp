// Reading ShipStation V1 error bodies (400 ModelState, 500 ExceptionMessage, 429, others); response_outcome
// turns them into the clients' shared error.
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

}  // namespace mlc::clients::shipstation
