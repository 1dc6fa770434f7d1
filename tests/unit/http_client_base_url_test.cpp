// Unit tests of the outbound client's base URL parsing.
#include "clients/http/base_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mlc::clients::http {
namespace {

TEST(http_base_url, https_with_port_and_path) {
    auto u = parse_base_url("https://SAP.example.local:50000/b1s/v2/");
    EXPECT_TRUE(u.tls);
    EXPECT_EQ(u.host, "sap.example.local");
    EXPECT_EQ(u.port, 50000);
    EXPECT_EQ(u.host_header, "sap.example.local:50000");
    EXPECT_EQ(u.path, "/b1s/v2");
}

TEST(http_base_url, default_ports_are_left_out_of_the_host_header) {
    auto https = parse_base_url("https://ssapi.shipstation.com");
    EXPECT_EQ(https.port, 443);
    EXPECT_EQ(https.host_header, "ssapi.shipstation.com");
    EXPECT_EQ(https.path, "");
    auto http = parse_base_url("http://127.0.0.1/");
    EXPECT_FALSE(http.tls);
    EXPECT_EQ(http.port, 80);
    EXPECT_EQ(http.host_header, "127.0.0.1");
    EXPECT_EQ(http.path, "");
}

TEST(http_base_url, ipv6_literal_keeps_brackets_only_in_the_host_header) {
    auto u = parse_base_url("http://[::1]:8080/b1s/v1");
    EXPECT_EQ(u.host, "::1");
    EXPECT_EQ(u.host_header, "[::1]:8080");
    EXPECT_TRUE(is_ip_literal(u.host));
    EXPECT_FALSE(is_ip_literal("localhost"));
}

TEST(http_base_url, rejects_what_is_not_a_plain_http_base) {
    for (const char* bad :
         {"", "sap:50000/b1s/v1", "ftp://host/", "http://", "https://user:pw@host/", "http://host/?q=1",
          "http://host/#f", "http://host:0/", "http://host:70000/", "/b1s/v1"}) {
        EXPECT_THROW(parse_base_url(bad), std::invalid_argument) << bad;
    }
}

TEST(http_base_url, error_message_never_echoes_the_url) {
    try {
        parse_base_url("https://user:s3cret@host/");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos);
    }
}

}  // namespace
}  // namespace mlc::clients::http
