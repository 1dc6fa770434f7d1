// The OpenSSL client context of an outbound client: system trust store, optional CA file, TLS 1.2 or newer.
#pragma once

#include "clients/http/client_config.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>

namespace mlc::clients::http {

// Builds the context from cfg.tls_verify and cfg.ca_file. Throws std::runtime_error naming the CA file when
// it cannot be read or holds no certificate, boost::system::system_error if OpenSSL refuses the setup.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const client_config& cfg);

}  // namespace mlc::clients::http
