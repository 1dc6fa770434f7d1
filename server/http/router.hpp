// The routing table: method + exact path (or path prefix) -> handler, telling 404 from 405.
#pragma once

#include "server/http/request_context.hpp"

#include <boost/beast/http/verb.hpp>

#include <cstddef>
#include <functional>
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
    // Called by the session right after the header, before any body byte is read: a response refuses the
    // request at once (e.g. 401), nullopt lets it through. Empty: every request gets through. Must not block.
    std::function<std::optional<response>(const request_header&)> authorize{};
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

    // Adds a route that matches every path starting with r.path, for handlers that parse the rest of the
    // path themselves (e.g. keys in the path: "/b1s/v1/Orders(12)"). r.path must end with '/'. An exact
    // route always wins; among prefixes the longest one wins. Throws as add(), and std::invalid_argument
    // if r.path does not end with '/'.
    void add_prefix(route r);

    // Looks up `target` (query string ignored, no percent-decoding): the exact path first, then the longest
    // matching prefix route. Never throws except std::bad_alloc.
    route_match match(beast::http::verb method, std::string_view target) const;

    // Number of routes added. Never throws.
    std::size_t size() const noexcept;

private:
    std::map<std::string, std::vector<route>, std::less<>> by_path_;
    std::map<std::string, std::vector<route>, std::less<>> by_prefix_;
    std::size_t size_ = 0;
};

}  // namespace mlc::server::http
