// Unit tests of reading the Service Layer's Set-Cookie headers and building the Cookie header.
#include "clients/sap/session_cookies.hpp"

#include <gtest/gtest.h>

namespace mlc::clients::sap {
namespace {

TEST(sap_session_cookies, reads_service_layer_cookies_without_path_and_with_trailing_semicolon) {
    auto c = parse_set_cookies(
        {"B1SESSION=3643564a-0181-11ee-8000-6045b3645e5b;HttpOnly;", "ROUTEID=.node1; path=/b1s"});
    EXPECT_EQ(c.b1session, "3643564a-0181-11ee-8000-6045b3645e5b");
    EXPECT_EQ(c.routeid, ".node1");
    EXPECT_EQ(cookie_header(c), "B1SESSION=3643564a-0181-11ee-8000-6045b3645e5b; ROUTEID=.node1");
}

TEST(sap_session_cookies, attributes_in_any_case_spaces_and_quotes) {
    auto c = parse_set_cookies(
        {"  B1SESSION = \"abc-1\" ; HTTPONLY; PATH=/b1s; SECURE", "ROUTEID=.node2;Path=/;secure"});
    EXPECT_EQ(c.b1session, "abc-1");
    EXPECT_EQ(c.routeid, ".node2");
}

TEST(sap_session_cookies, cookies_folded_into_one_header_and_dates_with_commas) {
    auto c =
        parse_set_cookies({"other=x; Expires=Wed, 21 Oct 2037 07:28:00 GMT, B1SESSION=s-2;HttpOnly;, "
                           "ROUTEID=.node3; path=/b1s"});
    EXPECT_EQ(c.b1session, "s-2");
    EXPECT_EQ(c.routeid, ".node3");
}

TEST(sap_session_cookies, names_are_case_sensitive_and_unrelated_cookies_ignored) {
    auto c = parse_set_cookies({"b1session=nope", "SESSION=x", "JSESSIONID=y"});
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(cookie_header(c), "");
}

TEST(sap_session_cookies, last_value_wins_and_routeid_is_optional) {
    auto c = parse_set_cookies({"B1SESSION=first;HttpOnly;", "B1SESSION=second;HttpOnly;"});
    EXPECT_EQ(c.b1session, "second");
    EXPECT_EQ(cookie_header(c), "B1SESSION=second");
}

TEST(sap_session_cookies, no_headers_no_session) {
    EXPECT_TRUE(parse_set_cookies({}).empty());
    EXPECT_TRUE(parse_set_cookies({"B1SESSION=;HttpOnly;"}).empty());
}

}  // namespace
}  // namespace mlc::clients::sap
