// The simulator's own small HTTP/1.1 listener: every request goes to one dispatch function (its paths
// carry ids, which the service's exact-path router does not route).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <memory>

namespace mlc::sim::shipstation {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;
using dispatch_fn = std::function<boost::asio::awaitable<response>(const request&)>;

// Accepts on `ioc`; each connection runs on its own strand: read (30 s deadline, 8 MiB body limit),
// dispatch, write, repeat while keep-alive. Connections end when the io_context stops.
class http_listener {
public:
    // Binds `endpoint` now. Throws boost::system::system_error if it cannot.
    http_listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
                  dispatch_fn fn);

    // The bound endpoint (real port). Never throws.
    boost::asio::ip::tcp::endpoint local_endpoint() const;

    // Starts accepting. Throws std::bad_alloc only.
    void start();

    // Stops accepting (thread-safe). Never throws.
    void stop() noexcept;

    struct state;  // shared with the connection coroutines (http_listener.cpp)

private:
    std::shared_ptr<state> state_;
};

}  // namespace mlc::sim::shipstation
