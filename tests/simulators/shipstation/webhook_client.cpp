// A minimal Beast HTTP/1.1 client for the simulator's webhook POSTs.
#include "tests/simulators/shipstation/webhook_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

namespace mlc::sim::shipstation {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

asio::awaitable<bool> post_json(asio::any_io_executor ex, std::string url, std::string body,
                                std::chrono::milliseconds timeout) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) co_return false;
    std::string host(parsed->encoded_host());
    std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
    std::string target(parsed->encoded_target());
    if (target.empty()) target = "/";
    try {
        asio::ip::tcp::resolver resolver(ex);
        beast::tcp_stream stream(ex);
        stream.expires_after(timeout);
        auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
        co_await stream.async_connect(endpoints, asio::use_awaitable);
        http::request<http::string_body> req{http::verb::post, target, 11};
        req.set(http::field::host, host + ":" + port);
        req.set(http::field::user_agent, "ShipStation-Simulator");
        req.set(http::field::content_type, "application/json");
        req.body() = std::move(body);
        req.prepare_payload();
        co_await http::async_write(stream, req, asio::use_awaitable);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024);
        co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
        beast::error_code ignored;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        co_return parser.get().result_int() / 100 == 2;
    } catch (const boost::system::system_error&) {
        co_return false;
    }
}

}  // namespace mlc::sim::shipstation
