// Routes the HTTP integration tests serve: echo, body limits, throwing, busy, slow and hanging handlers.
#pragma once

#include "common/service_busy.hpp"
#include "server/http/responses.hpp"
#include "server/http/router.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace mlc::test {

namespace h = server::http;
using boost::beast::http::status;
using boost::beast::http::verb;

// Counts handlers that have started (so a test can wait until a request is in flight) and hanging handlers
// that were cancelled.
struct route_probe {
    std::atomic<int> slow_started{0};
    std::atomic<int> hang_started{0};
    std::atomic<int> hang_cancelled{0};
    std::atomic<int> guarded_served{0};
};

inline h::handler_fn text(std::string body) {
    return [body](const h::request_context&) -> boost::asio::awaitable<h::response> {
        co_return h::text_response(status::ok, body);
    };
}

inline h::handler_fn sleeper(std::chrono::milliseconds delay, std::atomic<int>& started,
                             std::atomic<int>* cancelled = nullptr) {
    return
        [delay, &started, cancelled](const h::request_context& ctx) -> boost::asio::awaitable<h::response> {
            ++started;
            boost::asio::steady_timer timer(ctx.executor, delay);
            try {
                co_await timer.async_wait(boost::asio::use_awaitable);
            } catch (const boost::system::system_error&) {
                if (cancelled) ++*cancelled;
                throw;
            }
            co_return h::text_response(status::ok, "slept");
        };
}

// /hello, /ctx, /small (16-byte bodies), /large (1 KiB), /boom, /slow (300 ms), /hang (10 s), /guarded
// (POST, 2 MiB, needs "X-Key: k" before its body is read).
inline h::router test_routes(route_probe& probe) {
    h::router r;
    r.add({verb::get, "/hello", "hello", text("hello"), {}});
    r.add({verb::get,
           "/ctx",
           "ctx",
           [](const h::request_context& ctx) -> boost::asio::awaitable<h::response> {
               co_return h::text_response(status::ok, "route=" + std::string(ctx.route_name) +
                                                          " path=" + std::string(ctx.path) +
                                                          " query=" + std::string(ctx.query));
           },
           {}});
    auto body_size = [](const h::request_context& ctx) -> boost::asio::awaitable<h::response> {
        co_return h::text_response(status::ok, std::to_string(ctx.req.body().size()));
    };
    r.add({verb::post, "/small", "small", body_size, 16});
    r.add({verb::post, "/large", "large", body_size, 1024});
    r.add({verb::get,
           "/boom",
           "boom",
           [](const h::request_context&) -> boost::asio::awaitable<h::response> {
               throw std::runtime_error("db password=hunter2 leaked");
               co_return h::text_response(status::ok, "unreachable");
           },
           {}});
    r.add({verb::get,
           "/busy",
           "busy",
           [](const h::request_context&) -> boost::asio::awaitable<h::response> {
               throw service_busy("database busy: too many operations waiting for a connection");
               co_return h::text_response(status::ok, "unreachable");
           },
           {}});
    r.add({verb::get, "/slow", "slow", sleeper(std::chrono::milliseconds(300), probe.slow_started), {}});
    r.add({verb::get,
           "/hang",
           "hang",
           sleeper(std::chrono::seconds(10), probe.hang_started, &probe.hang_cancelled),
           {}});
    r.add({verb::post, "/guarded", "guarded",
           [&probe](const h::request_context& ctx) -> boost::asio::awaitable<h::response> {
               ++probe.guarded_served;
               co_return h::text_response(status::ok, std::to_string(ctx.req.body().size()));
           },
           2 * 1024 * 1024,
           [](const h::request_header& header) -> std::optional<h::response> {
               if (header["X-Key"] == "k") return std::nullopt;
               return h::error_response(status::unauthorized, "no key");
           }});
    return r;
}

}  // namespace mlc::test
