// What a handler receives: the request, its id, the matched route and the executor to run on.
#pragma once

#include "server/http/types.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string_view>

namespace mlc::server::http {

// Valid only while the handler's awaitable runs; copy what must outlive it.
struct request_context {
    const request& req;
    std::string_view request_id;      // the X-Request-Id echoed in the response (honoured or generated)
    std::string_view route_name;      // route::name of the matched route
    std::string_view path;            // the target without its query string
    std::string_view query;           // the raw query string after '?', without it (empty if none)
    asio::any_io_executor executor;   // the connection's strand: timers a handler creates belong here
    std::string_view remote_address;  // the client's IP address as the connection sees it ("unknown" if not)
};

// A handler returns the response; an exception becomes a 500 with a generic body (details are logged).
// Dependencies (database, config) are whatever the function object captured when the route was added.
using handler_fn = std::function<asio::awaitable<response>(const request_context&)>;

}  // namespace mlc::server::http
