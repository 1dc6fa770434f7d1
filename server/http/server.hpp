// The listener: binds, accepts each connection onto its own strand, tracks sessions, shuts down gracefully.
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"
#include "server/http/router.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <prometheus/registry.h>

#include <chrono>
#include <cstddef>
#include <memory>

namespace mlc::server::http {

// Safe to use while `ioc` runs on several threads. `log` and `metrics` must outlive every handler the
// io_context may still run. Destroying the server without shutdown() leaves it serving in the background
// until the io_context stops: always co_await shutdown() first.
class server {
public:
    // Registers the http_metrics families in `metrics`. Throws std::invalid_argument if a family of the same
    // name but another type is already registered there.
    server(asio::io_context& ioc, const http_server_config& cfg, router routes, const logger& log,
           prometheus::Registry& metrics);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds cfg.listen_host:cfg.listen_port (port 0: any free port) and starts accepting. Throws
    // std::system_error naming the address if it cannot be resolved or bound, std::logic_error if called
    // twice.
    void start();

    // The bound address (the real port when 0 was asked). Valid after start(); never throws.
    asio::ip::tcp::endpoint local_endpoint() const;

    // Connections being served (503-rejected ones: beyond cfg.max_connections, or beyond
    // cfg.max_connections_per_ip from one remote address, excluded). Never throws.
    std::size_t active_connections() const;

    // Stops accepting (new connections are refused), closes idle connections, lets requests in flight
    // finish with Connection: close, force-closes what is left after `grace` (handlers get a terminal
    // cancellation), and completes once every session has ended. Never throws except std::bad_alloc.
    asio::awaitable<void> shutdown(std::chrono::milliseconds grace);

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace mlc::server::http
