// The simulator's listener and connection loop.
#include "tests/simulators/shipstation/http_listener.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>

namespace mlc::sim::shipstation {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

struct http_listener::state {
    asio::io_context& ioc;
    tcp::acceptor acceptor;
    dispatch_fn fn;
};

namespace {

constexpr auto io_timeout = std::chrono::seconds(30);
constexpr std::size_t body_limit = 8 * 1024 * 1024;

asio::awaitable<void> serve(tcp::socket socket, std::shared_ptr<http_listener::state> st) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    try {
        for (;;) {
            stream.expires_after(io_timeout);
            http::request_parser<http::string_body> parser;
            parser.body_limit(body_limit);
            co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
            request req = parser.release();
            stream.expires_never();  // a hung or slow fault may hold the answer back
            response res = co_await st->fn(req);
            res.version(req.version());
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            stream.expires_after(io_timeout);
            co_await http::async_write(stream, res, asio::use_awaitable);
            if (!res.keep_alive()) break;
        }
    } catch (const boost::system::system_error&) {
        // The client left, a deadline passed or the request was malformed: drop the connection.
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(std::shared_ptr<http_listener::state> st) {
    for (;;) {
        tcp::socket socket(asio::make_strand(st->ioc));
        boost::system::error_code ec;
        co_await st->acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !st->acceptor.is_open()) co_return;
        if (ec) continue;
        auto ex = socket.get_executor();
        asio::co_spawn(ex, serve(std::move(socket), st), asio::detached);
    }
}

}  // namespace

http_listener::http_listener(asio::io_context& ioc, const tcp::endpoint& endpoint, dispatch_fn fn)
    : state_(std::make_shared<state>(state{ioc, tcp::acceptor(ioc), std::move(fn)})) {
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen();
}

tcp::endpoint http_listener::local_endpoint() const {
    boost::system::error_code ec;
    return state_->acceptor.local_endpoint(ec);
}

void http_listener::start() {
    asio::co_spawn(state_->acceptor.get_executor(), accept_loop(state_), asio::detached);
}

void http_listener::stop() noexcept {
    try {
        asio::post(state_->acceptor.get_executor(), [st = state_] {
            boost::system::error_code ec;
            st->acceptor.close(ec);
        });
    } catch (...) {
        // Posting only fails on allocation failure; the io_context stopping closes the acceptor anyway.
    }
}

}  // namespace mlc::sim::shipstation
