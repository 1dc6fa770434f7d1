// A webhook receiver for the simulator tests, served by the project's own HTTP server at /hooks/ss: it keeps
// every body it was sent.
#pragma once

#include "server/http/responses.hpp"
#include "server/http/router.hpp"

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace mlc::test {

struct hook_receiver {
    std::mutex mutex;
    std::vector<std::string> bodies;  // read only once count() says they are there

    // The route table to serve. Never throws except std::bad_alloc.
    server::http::router routes() {
        server::http::router r;
        r.add({boost::beast::http::verb::post, "/hooks/ss", "hook",
               [this](const server::http::request_context& ctx)
                   -> boost::asio::awaitable<server::http::response> {
                   std::lock_guard lock(mutex);
                   bodies.push_back(ctx.req.body());
                   co_return server::http::json_response(boost::beast::http::status::ok, std::string("{}"));
               },
               std::nullopt});
        return r;
    }
    // How many bodies arrived so far. Never throws.
    std::size_t count() {
        std::lock_guard lock(mutex);
        return bodies.size();
    }
};

}  // namespace mlc::test
