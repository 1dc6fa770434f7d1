// A raw HTTP/1.1 (optionally TLS) server on 127.0.0.1:0 whose every answer a test scripts: respond, close
// the connection without answering, or stay silent. It records connections and requests.
#pragma once

#include "tests/support/test_certificate.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace mlc::test {

struct scripted_request {
    std::size_t connection = 0;  // 0-based index of the accepted connection
    std::size_t index = 0;       // 0-based index of the request on that connection
    boost::beast::http::request<boost::beast::http::string_body> req;
};

struct scripted_action {
    // respond_then_close: answers (keep-alive as `res` says) and then closes, as a server's idle timer would.
    enum kind { respond, respond_then_close, close, hang } what = respond;
    boost::beast::http::response<boost::beast::http::string_body> res;  // for respond (Content-Length filled)

    static scripted_action reply(unsigned status, std::string body, bool keep_alive = true);
};

class scripted_http_server {
public:
    // Called on the server's thread for each request.
    using script_fn = std::function<scripted_action(const scripted_request&)>;

    // Starts listening and one thread; with `tls`, every connection is TLS with that certificate.
    // Throws boost::system::system_error if it cannot listen, std::runtime_error for a bad certificate.
    explicit scripted_http_server(script_fn script, const test_certificate* tls = nullptr);
    // Stops the thread; connections still open are dropped.
    ~scripted_http_server();

    std::uint16_t port() const { return port_; }
    std::size_t connections() const { return connections_.load(); }
    // Plain (not TLS) connections the server has closed: after `close` or `respond_then_close`, when the
    // client closed first, or when a `hang` ended.
    std::size_t closed_connections() const { return closed_.load(); }
    std::vector<scripted_request> requests() const;

private:
    boost::asio::awaitable<void> accept_loop();
    template <class Stream>
    boost::asio::awaitable<void> serve(Stream& stream, std::size_t connection);
    boost::asio::awaitable<void> serve_plain(boost::asio::ip::tcp::socket socket, std::size_t connection);
    boost::asio::awaitable<void> serve_tls(boost::asio::ip::tcp::socket socket, std::size_t connection);

    script_fn script_;
    boost::asio::io_context ioc_;
    std::optional<boost::asio::ssl::context> tls_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> closed_{0};
    mutable std::mutex mutex_;
    std::vector<scripted_request> requests_;
    std::thread thread_;
};

}  // namespace mlc::test
