// A small blocking HTTP/1.1 client for tests: one persistent connection to 127.0.0.1, raw bytes, bounded
// waits.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace mlc::test {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;
using header_list = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Every operation is bounded by the client's timeout (or an explicit one): a test never hangs on it.
class http_test_client {
public:
    // Connects to 127.0.0.1:port. Throws boost::system::system_error on failure or after `timeout`.
    explicit http_test_client(std::uint16_t port,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5));

    // Sends `req` (Host and Content-Length filled in) and reads one response. Throws
    // boost::system::system_error on an I/O error or timeout (error::timed_out).
    http_response request(http_request req);

    // GET `target` with extra headers; as request().
    http_response get(std::string_view target, header_list headers = {});

    // POST `target` with `body`; as request().
    http_response post(std::string_view target, std::string body, header_list headers = {});

    // Writes `bytes` unchanged. Returns the error instead of throwing: tests write to sockets the server may
    // have closed already.
    boost::system::error_code send_raw(std::string_view bytes);

    // Reads one response (a 100 Continue counts as one). Throws as request().
    http_response read_response();

    // Reads and discards until the server closes the connection (EOF or reset): true; false if it is still
    // open after `within`. Never throws except std::bad_alloc.
    bool closed_by_server(std::chrono::milliseconds within);

    // Tries one connection to 127.0.0.1:port and closes it. Returns the connect error (empty on success),
    // error::timed_out after `timeout`. Never throws except std::bad_alloc.
    static boost::system::error_code try_connect(std::uint16_t port, std::chrono::milliseconds timeout);

private:
    using completion = std::function<void(boost::system::error_code)>;
    boost::system::error_code run_bounded(const std::function<void(completion)>& start,
                                          std::chrono::milliseconds timeout);

    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::socket socket_;
    boost::beast::flat_buffer buffer_;
    std::chrono::milliseconds timeout_;
};

}  // namespace mlc::test
