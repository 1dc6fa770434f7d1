// One connection to the origin: resolve, connect, TLS, and the exchange of one request and its response.
#include "clients/http/connection.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <string>
#include <sys/socket.h>

namespace mlc::clients::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using boost::system::error_code;
using tcp = asio::ip::tcp;

constexpr std::uint32_t response_header_limit = 64 * 1024;

auto redirect(error_code& ec) {
    return asio::redirect_error(asio::use_awaitable, ec);
}

// The ways a peer closing the connection shows up, over plain TCP and over TLS.
bool is_close(const error_code& ec) {
    return ec == asio::error::eof || ec == bhttp::error::end_of_stream ||
           ec == asio::error::connection_reset || ec == asio::error::connection_aborted ||
           ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated ||
           ec == asio::error::not_connected;
}

bool is_http_error(const error_code& ec) {
    static const auto& category = bhttp::make_error_code(bhttp::error::bad_method).category();
    return ec.category() == category;
}

transport_error write_error(const error_code& ec) {
    if (ec == beast::error::timeout) return {failure::timeout, false, ec, "while sending the request"};
    return {failure::connection_closed, false, ec, "while sending the request"};
}

transport_error read_error(const error_code& ec, bool got_bytes) {
    if (ec == beast::error::timeout) return {failure::timeout, true, ec, "while waiting for the response"};
    if (ec == bhttp::error::body_limit) return {failure::body_too_large, true, ec, {}};
    if (is_close(ec) && !got_bytes) return {failure::connection_closed, true, ec, "before any response byte"};
    if (is_http_error(ec) || got_bytes) return {failure::protocol, true, ec, "invalid or truncated response"};
    return {failure::connection_closed, true, ec, {}};
}

// The words OpenSSL has for a refused certificate. A refusal by the host-name callback (the chain itself was
// fine) shows as X509_V_ERR_UNSPECIFIED.
std::string verify_detail(SSL* handle, const std::string& host) {
    long result = SSL_get_verify_result(handle);
    if (result != X509_V_OK && result != X509_V_ERR_UNSPECIFIED) return X509_verify_cert_error_string(result);
    return "certificate does not match host " + host;
}

template <class Stream>
asio::awaitable<boost::system::result<response, transport_error>> exchange_on(
    Stream& stream, beast::tcp_stream& lowest, beast::flat_buffer& buffer, const connection::request& req,
    connection::time_point deadline, std::size_t body_limit, bool& reusable) {
    reusable = false;
    error_code ec;
    lowest.expires_at(deadline);
    co_await bhttp::async_write(stream, req, redirect(ec));
    if (ec) co_return write_error(ec);

    for (;;) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.header_limit(response_header_limit);
        parser.body_limit(body_limit);
        if (req.method() == bhttp::verb::head) parser.skip(true);
        bool had_buffered = buffer.size() > 0;
        co_await bhttp::async_read(stream, buffer, parser, redirect(ec));
        if (ec) co_return read_error(ec, had_buffered || parser.got_some());
        response res = parser.release();
        // Interim responses (100 Continue, 103 Early Hints) precede the real one; 101 never comes (no
        // Upgrade).
        if (bhttp::to_status_class(res.result()) == bhttp::status_class::informational) continue;
        reusable = res.keep_alive() && !parser.need_eof() && buffer.size() == 0;
        co_return res;
    }
}

}  // namespace

connection::connection(asio::any_io_executor ex, ssl::context* tls)
    : strand_(asio::make_strand(std::move(ex))) {
    // The streams take the strand as their executor, so the timers Beast starts for each operation complete
    // on it too.
    asio::any_io_executor on_strand(strand_);
    if (tls)
        tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(on_strand, *tls);
    else
        plain_ = std::make_unique<beast::tcp_stream>(on_strand);
}

beast::tcp_stream& connection::tcp() noexcept {
    return tls_ ? beast::get_lowest_layer(*tls_) : *plain_;
}

// The public operations run their body on the strand: a composed operation's intermediate handlers run on the
// executor of the coroutine that started it, so the coroutine must be on the strand, not just the streams.
asio::awaitable<boost::system::result<void, transport_error>> connection::open(const base_url& origin,
                                                                               bool verify,
                                                                               time_point deadline) {
    co_return co_await asio::co_spawn(strand_, open_on_strand(origin, verify, deadline), asio::use_awaitable);
}

asio::awaitable<boost::system::result<response, transport_error>> connection::exchange(
    const request& req, time_point deadline, std::size_t body_limit) {
    co_return co_await asio::co_spawn(strand_, exchange_on_strand(req, deadline, body_limit),
                                      asio::use_awaitable);
}

asio::awaitable<void> connection::shutdown(std::chrono::milliseconds within) {
    co_await asio::co_spawn(strand_, shutdown_on_strand(within), asio::use_awaitable);
}

asio::awaitable<boost::system::result<void, transport_error>> connection::open_on_strand(
    const base_url& origin, bool verify, time_point deadline) {
    error_code ec;
    auto ex = tcp().get_executor();
    tcp::resolver::results_type endpoints;
    if (is_ip_literal(origin.host)) {
        endpoints = tcp::resolver::results_type::create(
            tcp::endpoint(asio::ip::make_address(origin.host), origin.port), origin.host,
            std::to_string(origin.port));
    } else {
        // The resolver has no deadline of its own: a timer cancels it. The timer's handler may still run
        // after we resumed (it was queued before our cancel), so it holds the resolver through a weak_ptr.
        auto resolver = std::make_shared<tcp::resolver>(ex);
        asio::steady_timer timer(ex);
        timer.expires_at(deadline);
        timer.async_wait([weak = std::weak_ptr<tcp::resolver>(resolver)](error_code wait_ec) {
            if (wait_ec) return;
            if (auto r = weak.lock()) r->cancel();
        });
        endpoints = co_await resolver->async_resolve(origin.host, std::to_string(origin.port),
                                                     asio::ip::resolver_base::numeric_service, redirect(ec));
        timer.cancel();
        if (ec == asio::error::operation_aborted && std::chrono::steady_clock::now() >= deadline)
            co_return transport_error{failure::timeout, false, ec, "while resolving " + origin.host};
        if (ec) co_return transport_error{failure::resolve, false, ec, origin.host};
    }

    tcp().expires_at(deadline);
    co_await tcp().async_connect(endpoints, redirect(ec));
    if (ec == beast::error::timeout)
        co_return transport_error{failure::timeout, false, ec, "while connecting to " + origin.host_header};
    if (ec) co_return transport_error{failure::connect, false, ec, origin.host_header};
    tcp().socket().set_option(tcp::no_delay(true), ec);

    if (tls_) {
        SSL* handle = tls_->native_handle();
        // SNI carries names only (RFC 6066): never an IP literal.
        if (!is_ip_literal(origin.host))
            SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(origin.host.c_str()));
        if (verify) {
            tls_->set_verify_mode(ssl::verify_peer);
            tls_->set_verify_callback(ssl::host_name_verification(origin.host));
        } else {
            tls_->set_verify_mode(ssl::verify_none);
        }
        co_await tls_->async_handshake(ssl::stream_base::client, redirect(ec));
        if (ec == beast::error::timeout)
            co_return transport_error{failure::timeout, false, ec, "during the TLS handshake"};
        if (ec) {
            std::string detail = verify ? verify_detail(handle, origin.host) : std::string();
            co_return transport_error{failure::tls, false, ec, std::move(detail)};
        }
    }
    co_return boost::system::result<void, transport_error>{};
}

asio::awaitable<boost::system::result<response, transport_error>> connection::exchange_on_strand(
    const request& req, time_point deadline, std::size_t body_limit) {
    if (tls_) co_return co_await exchange_on(*tls_, tcp(), buffer_, req, deadline, body_limit, reusable_);
    co_return co_await exchange_on(*plain_, tcp(), buffer_, req, deadline, body_limit, reusable_);
}

bool connection::stale() noexcept {
    if (buffer_.size() > 0) return true;
    auto& socket = tcp().socket();
    if (!socket.is_open()) return true;
    char byte = 0;
    ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    // 0: the server sent FIN. >0: bytes nobody asked for (for TLS typically a close_notify alert).
    if (n >= 0) return true;
    return errno != EAGAIN && errno != EWOULDBLOCK;
}

asio::awaitable<void> connection::shutdown_on_strand(std::chrono::milliseconds within) {
    error_code ec;
    if (tls_ && tcp().socket().is_open()) {
        tcp().expires_after(within);
        // The server may close without its own close_notify (stream_truncated): nothing is lost, the
        // exchange is complete, so every error here is ignored.
        co_await tls_->async_shutdown(redirect(ec));
    }
    tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    tcp().close();
}

}  // namespace mlc::clients::http
