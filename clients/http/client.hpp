// The outbound HTTP(S) client of one origin: keep-alive pool, one deadline per attempt, TLS via OpenSSL.
#pragma once

#include "clients/http/client_config.hpp"
#include "clients/http/message.hpp"
#include "clients/http/transport_error.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace mlc::clients::http {

// Safe to share between coroutines and threads. It must outlive every send() in flight.
class client {
public:
    // `base_url` is "http[s]://host[:port][/path]"; targets are appended to its path. Throws
    // std::invalid_argument for a bad URL, std::runtime_error naming cfg.ca_file if it cannot be read.
    client(boost::asio::any_io_executor ex, std::string_view base_url, client_config cfg = {});
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    // Sends `req` once (one attempt, one deadline: now + attempt_timeout, clamped to req.deadline) on an
    // idle connection younger than max_idle_age, or a new one. If a reused connection turns out closed by the
    // server, the request is sent again on a new connection when it certainly was not received, or when
    // req.replay_safe. Returns the response whatever its status, or a transport_error saying what failed and
    // whether the request may have been received. Throws std::invalid_argument if req.target does not start
    // with '/', std::bad_alloc.
    boost::asio::awaitable<boost::system::result<response, transport_error>> send(outbound_request req);

    // The base URL's path, e.g. "/b1s/v1" ("" for the root). Never throws.
    const std::string& base_path() const noexcept;

    // Connections opened so far (for tests and metrics). Never throws.
    std::size_t connections_opened() const noexcept;

    // Idle connections currently kept. Never throws.
    std::size_t idle_connections() const;

    // Closes every idle connection now. Never throws.
    void close_idle() noexcept;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace mlc::clients::http
