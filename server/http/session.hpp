// One connection: read a request under deadlines and limits, route it, call the handler, write, repeat.
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"
#include "server/http/http_metrics.hpp"
#include "server/http/router.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mlc::server::http {

// What every session of one server shares. Held by the server and by each session, so it outlives both;
// `log` (and the registry behind `metrics`) must outlive the io_context's handlers.
struct session_shared {
    http_server_config cfg;
    router routes;
    const logger& log;
    http_metrics metrics;
};

// All state is owned by the connection's strand; the public members are safe from any thread.
class session : public std::enable_shared_from_this<session> {
public:
    // `socket` must be connected and its executor a strand of its own. Throws std::bad_alloc only.
    session(asio::ip::tcp::socket socket, std::shared_ptr<session_shared> shared);

    // Serves requests until the client leaves, a limit or deadline ends the connection, or stop().
    // `on_finished` runs on the strand once the connection is closed, whatever the reason (an exception
    // that escaped is logged there, never rethrown). Call start() or reject() once. Throws std::bad_alloc.
    void start(std::function<void()> on_finished);

    // Answers 503 with Connection: close without reading a request (a connection limit was reached; `reason`
    // names it in the log and the metric: a fixed string such as "max_connections"), then closes. Same
    // contract as start().
    void reject(std::function<void()> on_finished, std::string_view reason);

    // Graceful stop: an idle connection is closed now; a request being read or handled is finished and
    // answered with Connection: close. Thread-safe; throws std::bad_alloc only.
    void stop();

    // Cancels the handler (terminal cancellation) and closes the socket now. Thread-safe; throws
    // std::bad_alloc only.
    void force_close();

private:
    enum class phase { idle, reading, handling, writing, closing };
    struct exchange;  // what is known about the request being served (session.cpp)

    void spawn(asio::awaitable<void> body, std::function<void()> on_finished);
    void log_escaped(std::exception_ptr e) const noexcept;
    asio::awaitable<void> run();
    asio::awaitable<void> run_reject(std::string reason);
    asio::awaitable<bool> serve_one(bool fresh);
    asio::awaitable<bool> serve_request(exchange& x,
                                        beast::http::request_parser<beast::http::string_body>& p);
    asio::awaitable<bool> read_body(exchange& x, beast::http::request_parser<beast::http::string_body>& p,
                                    std::size_t limit);
    asio::awaitable<bool> run_handler(request req, const route& found, const exchange& x);
    asio::awaitable<response> handle(const request& req, const route& found, const exchange& x);
    void watch_handler(std::uint64_t generation);
    void watch_client(std::uint64_t generation);
    void cancel_handler(std::uint64_t generation);
    asio::awaitable<bool> respond(response res, const exchange& x, bool keep_alive);
    asio::awaitable<void> close();

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::shared_ptr<session_shared> shared_;
    std::string remote_;                // "address:port", for logs
    std::string remote_address_;        // the address alone, for handlers (per-client limits)
    asio::cancellation_signal cancel_;  // bound to the coroutine: force_close() cancels the handler with it
    asio::steady_timer handler_deadline_;  // MLC_HTTP_HANDLER_TIMEOUT of the handler running now
    std::uint64_t handling_ = 0;           // counts handler calls: a watch armed for an earlier one is stale
    phase phase_ = phase::idle;
    bool stopping_ = false;   // stop() was called: answer with Connection: close, then end
    bool forced_ = false;     // force_close() was called: no more I/O
    bool linger_ = false;     // request bytes may be unread: drain before close so the client sees our answer
    bool timed_out_ = false;  // the handler outlived handler_timeout and was cancelled
    bool client_gone_ = false;  // the client closed while its handler ran, which was cancelled
};

}  // namespace mlc::server::http
