// One connection to the origin, plain or TLS: opening it, one request/response exchange, closing it.
#pragma once

#include "clients/http/base_url.hpp"
#include "clients/http/message.hpp"
#include "clients/http/transport_error.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace mlc::clients::http {

// Used by one coroutine at a time (the client's pool hands it out exclusively). The executor it is given may
// be run by several threads, while Beast's stream requires that its timer handler and its I/O completions
// never run at once: so each connection has a strand of its own, and open, exchange and shutdown run there
// (they hop onto it and the caller resumes on its own executor).
class connection {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using request = boost::beast::http::request<boost::beast::http::string_body>;

    // `ex` is the client's executor (the connection makes its strand over it); `tls` is null for http://, and
    // must outlive the connection. Never throws except std::bad_alloc.
    connection(boost::asio::any_io_executor ex, boost::asio::ssl::context* tls);

    // Resolves, connects and, for https, handshakes (SNI, verify_peer and host-name verification when
    // `verify`), all before `deadline`. Errors: resolve, connect, tls or timeout, never received.
    // Throws std::bad_alloc only.
    boost::asio::awaitable<boost::system::result<void, transport_error>> open(const base_url& origin,
                                                                              bool verify,
                                                                              time_point deadline);

    // Writes `req` and reads one final response (1xx skipped) before `deadline`. An error says whether
    // the request may have been received (see transport_error). Throws std::bad_alloc only.
    boost::asio::awaitable<boost::system::result<response, transport_error>> exchange(const request& req,
                                                                                      time_point deadline,
                                                                                      std::size_t body_limit);

    // True for https. Never throws.
    bool secure() const noexcept { return tls_ != nullptr; }

    // True after an exchange whose response allows the connection to be reused. Never throws.
    bool reusable() const noexcept { return reusable_; }

    // True if the idle connection has been closed by the server, or has unread bytes (a stale connection
    // is not worth a request). Looks without blocking, from any thread, but only while no open, exchange or
    // shutdown is in progress. Never throws.
    bool stale() noexcept;

    // Closes: TLS close_notify first (bounded by `within`; a truncated or failed shutdown is ignored: the
    // exchange is over), then the socket. Never throws except std::bad_alloc.
    boost::asio::awaitable<void> shutdown(std::chrono::milliseconds within);

private:
    boost::beast::tcp_stream& tcp() noexcept;
    boost::asio::awaitable<boost::system::result<void, transport_error>> open_on_strand(
        const base_url& origin, bool verify, time_point deadline);
    boost::asio::awaitable<boost::system::result<response, transport_error>> exchange_on_strand(
        const request& req, time_point deadline, std::size_t body_limit);
    boost::asio::awaitable<void> shutdown_on_strand(std::chrono::milliseconds within);

    boost::asio::strand<boost::asio::any_io_executor> strand_;  // the streams' executor
    std::unique_ptr<boost::beast::tcp_stream> plain_;
    std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
    boost::beast::flat_buffer buffer_;
    bool reusable_ = false;
};

}  // namespace mlc::clients::http
