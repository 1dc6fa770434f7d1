// The OpenSSL client context of an outbound client.
#include "clients/http/tls_context.hpp"

#include <openssl/ssl.h>

#include <fstream>
#include <stdexcept>

namespace mlc::clients::http {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const client_config& cfg) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    ctx->set_default_verify_paths();
    if (!cfg.ca_file.empty()) {
        if (!std::ifstream(cfg.ca_file).good())
            throw std::runtime_error("cannot read the CA file " + cfg.ca_file);
        boost::system::error_code ec;
        ctx->load_verify_file(cfg.ca_file, ec);
        if (ec)
            throw std::runtime_error("the CA file " + cfg.ca_file +
                                     " holds no usable PEM certificate: " + ec.message());
    }
    // Host-name verification is added per connection (it needs the host); see connection.cpp.
    ctx->set_verify_mode(cfg.tls_verify ? ssl::verify_peer : ssl::verify_none);
    return ctx;
}

}  // namespace mlc::clients::http
