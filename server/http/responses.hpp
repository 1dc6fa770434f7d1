// Builders for the responses handlers and the server send: JSON, plain text and JSON errors.
#pragma once

#include "server/http/types.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace mlc::server::http {

// Each returns a complete HTTP/1.1 response with Content-Type and Content-Length set; the session later
// sets the version, Connection, Server and X-Request-Id. They throw std::bad_alloc only.

// `body` must already be serialized JSON.
response json_response(beast::http::status status, std::string body);

response json_response(beast::http::status status, const boost::json::value& body);

// Content-Type: text/plain; charset=utf-8.
response text_response(beast::http::status status, std::string body, std::string_view content_type = {});

// {"error": message}. `message` is sent to the client: never put exception text or secrets in it.
response error_response(beast::http::status status, std::string_view message);

}  // namespace mlc::server::http
