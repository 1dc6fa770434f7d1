// Reading Service Layer error bodies of both shapes.
#include "clients/sap/error_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace mlc::clients::sap {

namespace json = boost::json;

std::optional<error_body> parse_error_body(std::string_view body) {
    boost::system::error_code ec;
    json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
    if (ec || !v.is_object()) return std::nullopt;
    const json::value* err = v.as_object().if_contains("error");
    if (!err || !err->is_object()) return std::nullopt;
    const json::object& e = err->as_object();

    error_body out;
    if (const json::value* code = e.if_contains("code")) {
        if (code->is_string())
            out.code = std::string(code->get_string());
        else if (code->is_int64())
            out.code = std::to_string(code->get_int64());
        else if (code->is_uint64())
            out.code = std::to_string(code->get_uint64());
    }
    if (const json::value* msg = e.if_contains("message")) {
        if (msg->is_string()) {
            out.message = std::string(msg->get_string());
        } else if (msg->is_object()) {
            if (const json::value* value = msg->as_object().if_contains("value"); value && value->is_string())
                out.message = std::string(value->get_string());
        }
    }
    if (out.code.empty() && out.message.empty()) return std::nullopt;
    return out;
}

bool is_session_error(unsigned http_status, const std::optional<error_body>& body) noexcept {
    return http_status == 401 || (body && body->code == "301");
}

}  // namespace mlc::clients::sap
