// Builders for JSON, plain-text and error responses.
#include "server/http/responses.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace mlc::server::http {

namespace {

response make(beast::http::status status, std::string_view content_type, std::string body) {
    response res{status, 11};
    res.set(beast::http::field::content_type, content_type);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

}  // namespace

response json_response(beast::http::status status, std::string body) {
    return make(status, "application/json", std::move(body));
}

response json_response(beast::http::status status, const boost::json::value& body) {
    return make(status, "application/json", boost::json::serialize(body));
}

response text_response(beast::http::status status, std::string body, std::string_view content_type) {
    return make(status, content_type.empty() ? "text/plain; charset=utf-8" : content_type, std::move(body));
}

response error_response(beast::http::status status, std::string_view message) {
    boost::json::object o;
    o["error"] = message;
    return json_response(status, boost::json::value(std::move(o)));
}

}  // namespace mlc::server::http
