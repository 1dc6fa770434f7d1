// Unit tests for the admin token check: the Bearer scheme in any letter case, the token itself exactly.
#include "common/config.hpp"
#include "server/handlers/admin_handlers.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace mlc::server::handlers {
namespace {

namespace bhttp = boost::beast::http;

constexpr const char* token = "adm-0123456789abcdef-token";

std::optional<http::response> check(std::string_view authorization, const security_config& sec) {
    http::request_header header;
    header.method(bhttp::verb::get);
    header.target("/admin/config");
    if (!authorization.empty()) header.set(bhttp::field::authorization, authorization);
    return refuse_unless_admin(header, sec);
}

security_config with_token() {
    security_config sec;
    sec.admin_token = secret(token);
    return sec;
}

TEST(admin_auth, the_bearer_scheme_is_case_insensitive) {
    auto sec = with_token();
    for (std::string scheme : {"Bearer ", "bearer ", "BEARER ", "bEaReR "})
        EXPECT_FALSE(check(scheme + token, sec)) << scheme;
}

TEST(admin_auth, the_token_is_compared_exactly) {
    auto sec = with_token();
    std::string upper = token;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // (A trailing space is not part of a header value, RFC 7230 OWS: Beast strips it, so it is no case here.)
    for (std::string bad :
         {std::string("Bearer ") + token + "x", "Bearer " + upper, std::string("Bearer  ") + token,
          std::string("Basic ") + token, std::string(token), std::string("Bearer "), std::string("Bearer")}) {
        auto refusal = check(bad, sec);
        ASSERT_TRUE(refusal) << bad;
        EXPECT_EQ(refusal->result(), bhttp::status::unauthorized) << bad;
        EXPECT_EQ(refusal->body().find(token), std::string::npos);
    }
    EXPECT_EQ(check("", sec)->result(), bhttp::status::unauthorized);
}

TEST(admin_auth, without_a_configured_token_admin_is_off) {
    security_config sec;
    auto refusal = check(std::string("Bearer ") + token, sec);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->result(), bhttp::status::forbidden);
}

}  // namespace
}  // namespace mlc::server::handlers
