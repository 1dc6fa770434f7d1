// Runs an HTTP server on 127.0.0.1:0 with its io_context on two threads, for integration tests.
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"
#include "server/http/router.hpp"
#include "server/http/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <prometheus/registry.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace mlc::test {

// 127.0.0.1, port 0, timeouts of a few seconds (tests shorten the ones they exercise).
http_server_config loopback_http_config();

// Polls `done` every 5 ms until it is true (returns true) or `within` passes (returns false).
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds within);

class http_test_server {
public:
    // Starts the server and two threads running its io_context. Throws what server::start() throws.
    http_test_server(http_server_config cfg, server::http::router routes);
    // stop() with its default limit.
    ~http_test_server();

    std::uint16_t port() const;
    server::http::server& server() { return *server_; }

    // Starts server::shutdown(grace) on the io_context; the future is ready when it completed.
    std::shared_future<void> begin_shutdown(std::chrono::milliseconds grace);

    // Shuts down (grace 200 ms, unless begin_shutdown() was called), then stops and joins the threads.
    // Returns false if shutdown did not complete within `limit`; the threads are stopped either way.
    bool stop(std::chrono::milliseconds limit = std::chrono::seconds(5));

    std::string metrics_text();
    // The log lines written so far; only after stop() (the logger writes from the server threads).
    std::string log_text() const { return log_out_.str(); }

private:
    boost::asio::io_context ioc_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::ostringstream log_out_;
    logger log_;
    prometheus::Registry registry_;
    std::optional<server::http::server> server_;
    std::optional<std::shared_future<void>> shutdown_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace mlc::test
