// Unit tests for origin patterns: IPv6 literals with ports, and wildcards that must stay under one domain.
#include "common/origin_pattern.hpp"

#include <gtest/gtest.h>

namespace mlc {
namespace {

TEST(origin_pattern, an_ipv6_origin_with_a_port_matches) {
    auto p = parse_origin_pattern("http://[::1]:8080");
    ASSERT_TRUE(p.has_value()) << p.error();
    EXPECT_EQ(p->port, 8080);
    EXPECT_TRUE(origin_matches(*p, "http", normalized_host("[::1]"), 8080));
    EXPECT_FALSE(origin_matches(*p, "http", normalized_host("[::1]"), 80));

    auto plain = parse_origin_pattern("https://[2001:DB8::5]/");
    ASSERT_TRUE(plain.has_value()) << plain.error();
    EXPECT_EQ(plain->port, 443);
    EXPECT_TRUE(origin_matches(*plain, "https", "2001:db8::5", 443));

    EXPECT_FALSE(parse_origin_pattern("http://[::1]:0"));
    EXPECT_FALSE(parse_origin_pattern("http://[::1]:http"));
}

TEST(origin_pattern, a_wildcard_must_stay_under_a_registrable_domain) {
    for (auto bad : {"https://*.com", "https://*.co.uk", "https://ssapi*.com", "https://*.github.io"}) {
        auto p = parse_origin_pattern(bad);
        ASSERT_FALSE(p.has_value()) << bad;
        EXPECT_NE(p.error().find("registrable domain"), std::string::npos) << p.error();
    }
    for (auto good : {"https://*.example.com", "https://*.example.co.uk", "https://ssapi*.shipstation.com"}) {
        EXPECT_TRUE(parse_origin_pattern(good).has_value()) << good;
    }
    auto p = parse_origin_pattern("https://*.example.com");
    EXPECT_TRUE(origin_matches(*p, "https", "api.example.com", 443));
    EXPECT_FALSE(origin_matches(*p, "https", "api.example.org", 443));
}

TEST(origin_pattern, exact_hosts_and_ip_literals_need_no_domain) {
    EXPECT_TRUE(parse_origin_pattern("http://127.0.0.1:8090").has_value());
    EXPECT_TRUE(parse_origin_pattern("https://api.shipstation.com").has_value());
}

}  // namespace
}  // namespace mlc
