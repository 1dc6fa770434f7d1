// Integration tests of the outbound HTTP client over TLS on loopback, against self-signed certificates made
// in the test: verification on by default, a CA file as extra trust anchor, verification off, name mismatch.
#include "clients/http/client.hpp"
#include "tests/support/client_config_with.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/scripted_http_server.hpp"
#include "tests/support/test_certificate.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace mlc::test {
namespace {

namespace http = clients::http;
using outcome = boost::system::result<http::response, http::transport_error>;

struct http_client_tls_test : ::testing::Test {
    boost::asio::io_context ioc;
    temp_dir dir;

    static scripted_action ok(const scripted_request&) {
        return scripted_action::reply(200, R"({"tls":true})");
    }

    std::string url(const scripted_http_server& srv) {
        return "https://127.0.0.1:" + std::to_string(srv.port()) + "/b1s/v2";
    }

    outcome get(http::client& c) {
        http::outbound_request r;
        r.target = "/Orders";
        r.replay_safe = true;
        return run_coro(ioc, c.send(std::move(r)));
    }
};

TEST_F(http_client_tls_test, self_signed_certificate_is_refused_with_verification_on) {
    auto cert = make_self_signed_certificate("IP:127.0.0.1,DNS:localhost");
    scripted_http_server srv(ok, &cert);
    http::client c(ioc.get_executor(), url(srv));
    auto res = get(c);
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::tls);
    EXPECT_FALSE(res.error().may_have_been_received);
    EXPECT_NE(res.error().detail.find("self-signed"), std::string::npos) << res.error().describe();
    EXPECT_TRUE(srv.requests().empty());
}

TEST_F(http_client_tls_test, ca_file_makes_the_certificate_trusted_and_connections_are_reused) {
    auto cert = make_self_signed_certificate("IP:127.0.0.1,DNS:localhost");
    auto ca = write_pem_file(dir.path(), "ca.pem", cert.cert_pem);
    scripted_http_server srv(ok, &cert);
    http::client c(ioc.get_executor(), url(srv),
                   client_config_with([&](http::client_config& cfg) { cfg.ca_file = ca.string(); }));
    auto res = get(c);
    ASSERT_TRUE(res) << res.error().describe();
    EXPECT_EQ(res->body(), R"({"tls":true})");
    ASSERT_TRUE(get(c));
    EXPECT_EQ(srv.connections(), 1u);
    EXPECT_EQ(srv.requests().at(1).req.target(), "/b1s/v2/Orders");
}

TEST_F(http_client_tls_test, verification_off_accepts_an_untrusted_certificate) {
    auto cert = make_self_signed_certificate("DNS:somewhere.else");
    scripted_http_server srv(ok, &cert);
    http::client c(ioc.get_executor(), url(srv),
                   client_config_with([&](http::client_config& cfg) { cfg.tls_verify = false; }));
    auto res = get(c);
    ASSERT_TRUE(res) << res.error().describe();
    EXPECT_EQ(res->result_int(), 200u);
}

TEST_F(http_client_tls_test, trusted_certificate_for_another_host_is_refused) {
    auto cert = make_self_signed_certificate("DNS:sap.example.local");
    auto ca = write_pem_file(dir.path(), "ca.pem", cert.cert_pem);
    scripted_http_server srv(ok, &cert);
    http::client c(ioc.get_executor(), url(srv),
                   client_config_with([&](http::client_config& cfg) { cfg.ca_file = ca.string(); }));
    auto res = get(c);
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::tls);
    EXPECT_NE(res.error().detail.find("127.0.0.1"), std::string::npos) << res.error().describe();
}

TEST_F(http_client_tls_test, unreadable_or_empty_ca_file_is_a_clear_construction_error) {
    auto missing = (dir.path() / "missing.pem").string();
    try {
        http::client c(ioc.get_executor(), "https://127.0.0.1:1/",
                       client_config_with([&](http::client_config& cfg) { cfg.ca_file = missing; }));
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos);
    }
    auto junk = write_pem_file(dir.path(), "junk.pem", "not a certificate\n");
    EXPECT_THROW(
        http::client(ioc.get_executor(), "https://127.0.0.1:1/",
                     client_config_with([&](http::client_config& cfg) { cfg.ca_file = junk.string(); })),
        std::runtime_error);
    // The CA file only matters for https: a plain client ignores it.
    EXPECT_NO_THROW(
        http::client(ioc.get_executor(), "http://127.0.0.1:1/",
                     client_config_with([&](http::client_config& cfg) { cfg.ca_file = missing; })));
}

}  // namespace
}  // namespace mlc::test
