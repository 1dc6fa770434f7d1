// Mapping the final HTTP outcome of a Service Layer request to the caller's outcome.
#include "clients/sap/response_outcome.hpp"

#include "clients/sap/error_body.hpp"

namespace mlc::clients::sap {

namespace bhttp = boost::beast::http;

outcome<http::response> to_outcome(bhttp::verb method,
                                   boost::system::result<http::response, http::transport_error> answer) {
    const bool read = is_read(method);
    if (!answer) return unanswered(method, answer.error(), error_source::sap);
    http::response& res = *answer;
    unsigned status = res.result_int();
    if (status >= 200 && status < 300) return std::move(res);

    auto body = parse_error_body(res.body());
    std::string code = body ? body->code : std::string();
    std::string message = body ? body->message : std::string();
    if (status == 404) return error{error_kind::not_found, status, code, message};
    if (status == 502 || status == 504 || (status == 500 && !body)) {
        if (message.empty()) message = status == 500 ? "empty 500 answer" : "gateway error";
        return error{read ? error_kind::unavailable : error_kind::in_doubt, status, code, message};
    }
    if (status == 503)
        return error{error_kind::unavailable, status, code,
                     message.empty() ? "service unavailable" : message};
    if (!body) return error{error_kind::refused, status, {}, "answer without a Service Layer error body"};
    return error{error_kind::refused, status, code, message};
}

}  // namespace mlc::clients::sap
