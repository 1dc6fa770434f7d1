// The request a caller hands to the outbound client and the response it gets back.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace mlc::clients::http {

// Responses are held whole in memory, bounded by client_config::response_body_limit.
using response = boost::beast::http::response<boost::beast::http::string_body>;

struct outbound_request {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    // Path and query, starting with '/', appended to the base URL's path ("/Orders?$top=1").
    std::string target;
    // Extra headers. Host, User-Agent and Content-Length are set by the client; Expect is never sent.
    boost::beast::http::fields headers;
    std::string body;
    // The request may be sent twice (GET, or a write the caller made idempotent). Only then is it resent
    // after a reused connection closed once the request had been written.
    bool replay_safe = false;
    // The caller's absolute deadline; the attempt's own timeout is clamped to it.
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

}  // namespace mlc::clients::http
