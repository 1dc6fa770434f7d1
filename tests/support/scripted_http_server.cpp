// A raw HTTP/1.1 (optionally TLS) server whose every answer a test scripts.
#include "tests/support/scripted_http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>

namespace mlc::test {

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

auto redirect(boost::system::error_code& ec) {
    return asio::redirect_error(asio::use_awaitable, ec);
}

}  // namespace

scripted_action scripted_action::reply(unsigned status, std::string body, bool keep_alive) {
    scripted_action a;
    a.what = respond;
    a.res.result(status);
    a.res.version(11);
    a.res.set(bhttp::field::content_type, "application/json");
    a.res.body() = std::move(body);
    a.res.keep_alive(keep_alive);
    return a;
}

scripted_http_server::scripted_http_server(script_fn script, const test_certificate* tls)
    : script_(std::move(script)), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    if (tls) {
        tls_.emplace(asio::ssl::context::tls_server);
        tls_->use_certificate_chain(asio::buffer(tls->cert_pem));
        tls_->use_private_key(asio::buffer(tls->key_pem), asio::ssl::context::pem);
    }
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
}

scripted_http_server::~scripted_http_server() {
    ioc_.stop();
    thread_.join();
}

std::vector<scripted_request> scripted_http_server::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

asio::awaitable<void> scripted_http_server::accept_loop() {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor_.async_accept(redirect(ec));
        if (ec) co_return;
        std::size_t index = connections_++;
        if (tls_)
            asio::co_spawn(ioc_, serve_tls(std::move(socket), index), asio::detached);
        else
            asio::co_spawn(ioc_, serve_plain(std::move(socket), index), asio::detached);
    }
}

asio::awaitable<void> scripted_http_server::serve_plain(tcp::socket socket, std::size_t connection) {
    co_await serve(socket, connection);
    boost::system::error_code ec;
    socket.close(ec);
    ++closed_;  // after the close, so a test that sees the count knows the FIN is on its way
}

asio::awaitable<void> scripted_http_server::serve_tls(tcp::socket socket, std::size_t connection) {
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
    boost::system::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::server, redirect(ec));
    if (ec) co_return;  // the client refused our certificate
    co_await serve(stream, connection);
}

template <class Stream>
asio::awaitable<void> scripted_http_server::serve(Stream& stream, std::size_t connection) {
    boost::beast::flat_buffer buffer;
    for (std::size_t index = 0;; ++index) {
        boost::system::error_code ec;
        scripted_request r{connection, index, {}};
        co_await bhttp::async_read(stream, buffer, r.req, redirect(ec));
        if (ec) co_return;
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(r);
        }
        scripted_action action = script_(r);
        if (action.what == scripted_action::close) co_return;
        if (action.what == scripted_action::hang) {
            asio::steady_timer timer(ioc_, std::chrono::seconds(30));
            co_await timer.async_wait(redirect(ec));
            co_return;
        }
        action.res.prepare_payload();
        co_await bhttp::async_write(stream, action.res, redirect(ec));
        if (ec || !action.res.keep_alive() || action.what == scripted_action::respond_then_close) co_return;
    }
}

}  // namespace mlc::test
