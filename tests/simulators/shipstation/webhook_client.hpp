// The simulator's outgoing HTTP: one JSON POST to a webhook target (a minimal Beast client, http:// only).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

namespace mlc::sim::shipstation {

// POSTs `body` as application/json to `url` ("http://host:port/path?query") on `ex`, everything bounded
// by `timeout`. `ex` must be a strand (or run by one thread), and the caller must run on it: the stream's
// timer handler and its I/O completions must never run at once. Returns true on a 2xx answer; false on any
// failure (bad URL, connect error, timeout, other status). Never throws except std::bad_alloc.
boost::asio::awaitable<bool> post_json(boost::asio::any_io_executor ex, std::string url, std::string body,
                                       std::chrono::milliseconds timeout);

}  // namespace mlc::sim::shipstation
