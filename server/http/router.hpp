// The routing table: method + exact path -> handler, telling "no such path" (404) from "wrong method" (405).
#pragma once

#include "server/http/request_context.hpp"

#include <boost/beast/http/verb.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::server::http {

struct route {
    beast::http::verb method;
    std::string path;  // exact match on the target's path part, e.g. "/webhooks/shipstation"
    std::string name;  // metrics/log label: keep it short and fixed (never derived from the request)
    handler_fn handler;
    std::optional<std::size_t> body_limit;  // bytes of body accepted (unset: http_server_config::body_limit)
};

enum class match_status { found, not_found, method_not_allowed };

struct route_match {
    match_status status = match_status::not_found;
    const route* found = nullptr;  // set when status == found; points into the router
    std::string allow;             // for method_not_allowed: the path's methods, e.g. "GET, POST"
};

// A request target split at the first '?': the path and the raw query (without '?').
struct target_parts {
    std::string_view path;
    std::string_view query;
};

// Never throws; the views point into `target`.
target_parts split_target(std::string_view target) noexcept;

// Built once before the server starts, then only read (safe to share between threads).
// HEAD is not derived from GET: a HEAD request for a GET-only path gets 405 with "Allow: GET".
class router {
public:
    // Throws std::invalid_argument if the path does not start with '/', contains '?', the handler or name
    // is empty, or a route with the same method and path already exists.
    void add(route r);

    // Looks up `target` (query string ignored, no percent-decoding). Never throws except std::bad_alloc.
    route_match match(beast::http::verb method, std::string_view target) const;

    // Number of routes added. Never throws.
    std::size_t size() const noexcept;

private:
    std::map<std::string, std::vector<route>, std::less<>> by_path_;
    std::size_t size_ = 0;
};

}  // namespace mlc::server::http
