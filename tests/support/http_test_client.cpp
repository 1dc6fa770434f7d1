// A small blocking HTTP/1.1 client for tests: synchronous calls built on async operations run with a
// deadline.
#include "tests/support/http_test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>

#include <array>
#include <optional>
#include <string>

namespace mlc::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

tcp::endpoint loopback(std::uint16_t port) {
    return {asio::ip::make_address_v4("127.0.0.1"), port};
}

// Runs `start`'s operation on `ioc` for at most `timeout`; on expiry cancels it and reports timed_out.
error_code run_on(asio::io_context& ioc, tcp::socket& socket,
                  const std::function<void(std::function<void(error_code)>)>& start,
                  std::chrono::milliseconds timeout) {
    std::optional<error_code> result;
    start([&result](error_code ec) { result = ec; });
    ioc.restart();
    ioc.run_for(timeout);
    if (!result) {
        error_code ignored;
        socket.cancel(ignored);
        ioc.restart();
        ioc.run();  // let the cancelled operation complete before its buffers go away
        return asio::error::timed_out;
    }
    return *result;
}

}  // namespace

http_test_client::http_test_client(std::uint16_t port, std::chrono::milliseconds timeout)
    : socket_(ioc_), timeout_(timeout) {
    auto ec = run_bounded(
        [&](completion done) { socket_.async_connect(loopback(port), [done](error_code e) { done(e); }); },
        timeout_);
    if (ec) throw boost::system::system_error(ec, "http_test_client connect");
}

error_code http_test_client::run_bounded(const std::function<void(completion)>& start,
                                         std::chrono::milliseconds timeout) {
    return run_on(ioc_, socket_, start, timeout);
}

http_response http_test_client::request(http_request req) {
    if (req.find(http::field::host) == req.end()) req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    auto ec = run_bounded(
        [&](completion done) {
            http::async_write(socket_, req, [done](error_code e, std::size_t) { done(e); });
        },
        timeout_);
    if (ec) throw boost::system::system_error(ec, "http_test_client write");
    return read_response();
}

http_response http_test_client::get(std::string_view target, header_list headers) {
    http_request req{http::verb::get, target, 11};
    for (const auto& [name, value] : headers) req.set(name, value);
    return request(std::move(req));
}

http_response http_test_client::post(std::string_view target, std::string body, header_list headers) {
    http_request req{http::verb::post, target, 11};
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = std::move(body);
    return request(std::move(req));
}

error_code http_test_client::send_raw(std::string_view bytes) {
    return run_bounded(
        [&](completion done) {
            asio::async_write(socket_, asio::buffer(bytes), [done](error_code e, std::size_t) { done(e); });
        },
        timeout_);
}

http_response http_test_client::read_response() {
    http_response res;
    auto ec = run_bounded(
        [&](completion done) {
            http::async_read(socket_, buffer_, res, [done](error_code e, std::size_t) { done(e); });
        },
        timeout_);
    if (ec) throw boost::system::system_error(ec, "http_test_client read");
    return res;
}

bool http_test_client::closed_by_server(std::chrono::milliseconds within) {
    buffer_.clear();
    auto deadline = std::chrono::steady_clock::now() + within;
    std::array<char, 4096> sink;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        auto ec = run_bounded(
            [&](completion done) {
                socket_.async_read_some(asio::buffer(sink), [done](error_code e, std::size_t) { done(e); });
            },
            left);
        if (ec == asio::error::timed_out) return false;
        if (ec) return true;  // eof, connection_reset: the server is gone
    }
}

error_code http_test_client::try_connect(std::uint16_t port, std::chrono::milliseconds timeout) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    return run_on(
        ioc, socket,
        [&](std::function<void(error_code)> done) {
            socket.async_connect(loopback(port), [done](error_code e) { done(e); });
        },
        timeout);
}

}  // namespace mlc::test
