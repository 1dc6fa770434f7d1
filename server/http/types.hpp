// The HTTP message types every part of the server speaks.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace mlc::server::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

// Requests and responses are held in memory whole: every body is bounded by a limit (see router's route).
using request = beast::http::request<beast::http::string_body>;
using response = beast::http::response<beast::http::string_body>;
// The request line and headers alone, as known before any body byte is read.
using request_header = beast::http::request_header<>;

}  // namespace mlc::server::http
