// Settings of one outbound HTTP client: timeouts, connection reuse, limits and TLS trust.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace mlc::clients::http {

struct client_config {
    // One attempt (resolve, connect, TLS handshake, write, read) must finish within this.
    std::chrono::milliseconds attempt_timeout{30000};
    // Idle keep-alive connections kept for reuse (the client talks to one origin).
    std::size_t max_idle_connections = 4;
    // An idle connection older than this is closed instead of reused (Service Layer drops them after ~5 s).
    std::chrono::milliseconds max_idle_age{4000};
    // Bytes of response body accepted; a larger body fails with failure::body_too_large.
    std::size_t response_body_limit = 16 * 1024 * 1024;
    // Verify the server certificate chain and host name (https only).
    bool tls_verify = true;
    // PEM file of certificates trusted in addition to the system store (empty: none).
    std::string ca_file;
    // Value of the User-Agent header.
    std::string user_agent = "ml-connector";
};

}  // namespace mlc::clients::http
