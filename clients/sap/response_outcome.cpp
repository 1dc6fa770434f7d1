// Mapping the final HTTP outcome of a Service Layer request to the caller's outcome.
#include "clients/sap/response_outcome.hpp"

#include "clients/sap/error_body.hpp"

namespace mlc::clients::sap {

namespace bhttp = boost::beast::http;

outcome<http::response> to_outcome(bhttp::verb method,
                                   boost::system::result<http::response, http::transport_error> answer) {
    bool read = method == bhttp::verb::get || method == bhttp::verb::head;
    if (!answer) {
        const auto& e = answer.error();
        errc kind = !read && e.may_have_been_received ? errc::in_doubt : errc::transport;
        return error{kind, 0, {}, e.describe()};
    }
    http::response& res = *answer;
    unsigned status = res.result_int();
    if (status >= 200 && status < 300) return std::move(res);

    auto body = parse_error_body(res.body());
    std::string code = body ? body->code : std::string();
    std::string message = body ? body->message : std::string();
    if (status == 404) return error{errc::not_found, status, code, message};
    if (status == 502 || status == 504 || (status == 500 && !body)) {
        if (message.empty()) message = status == 500 ? "empty 500 answer" : "gateway error";
        return error{read ? errc::unavailable : errc::in_doubt, status, code, message};
    }
    if (status == 503)
        return error{errc::unavailable, status, code, message.empty() ? "service unavailable" : message};
    if (!body) return error{errc::business, status, {}, "answer without a Service Layer error body"};
    return error{errc::business, status, code, message};
}

}  // namespace mlc::clients::sap
