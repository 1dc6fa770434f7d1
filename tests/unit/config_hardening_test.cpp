// Unit tests for the configuration's hardening: token length, URLs without user info, http only on loopback,
// the migration URL and sslpassword in what `ml-connector config` shows.
#include "common/config_loader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlc {
namespace {

constexpr const char* long_token = "0123456789abcdef01234567";  // exactly 24 characters

env_map with_database(env_map env = {}) {
    env.emplace("MLC_DATABASE_URL", "postgresql://app:dbpass@db:5432/app");
    return env;
}

env_map with_sap(std::string url) {
    return with_database({{"MLC_SAP_URL", std::move(url)},
                          {"MLC_SAP_COMPANY_DB", "SBODEMOUS"},
                          {"MLC_SAP_USERNAME", "manager"},
                          {"MLC_SAP_PASSWORD", "sap-pw"}});
}

std::vector<std::string> errors_of(const env_map& env) {
    auto r = load_config(env, "", "");
    return r ? std::vector<std::string>{} : r.error().messages;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

TEST(config_hardening, tokens_shorter_than_24_characters_are_refused) {
    for (auto name : {"MLC_ADMIN_TOKEN", "MLC_WEBHOOK_TOKEN"}) {
        auto errors = errors_of(with_database({{name, "0123456789abcdef0123456"}}));  // 23
        ASSERT_EQ(errors.size(), 1u) << name;
        EXPECT_TRUE(contains(errors[0], std::string(name) + ": must be at least 24 characters")) << errors[0];
        EXPECT_TRUE(contains(errors[0], "openssl rand -hex 32")) << errors[0];
        EXPECT_FALSE(contains(errors[0], "0123456789abcdef")) << errors[0];  // a secret is never quoted
        EXPECT_TRUE(errors_of(with_database({{name, long_token}})).empty()) << name;
    }
}

TEST(config_hardening, urls_with_user_info_are_refused) {
    for (auto name : {"MLC_SHIPSTATION_URL", "MLC_SHIPSTATION_V2_URL", "MLC_PUBLIC_URL"}) {
        auto errors = errors_of(with_database({{name, "https://user:pw@host.example.com/"}}));
        ASSERT_EQ(errors.size(), 1u) << name;
        EXPECT_TRUE(contains(errors[0], "must not hold user info")) << errors[0];
    }
    auto sap = errors_of(with_sap("https://manager@sap.example.com:50000/b1s/v1"));
    ASSERT_EQ(sap.size(), 1u);
    EXPECT_TRUE(contains(sap[0], "MLC_SAP_URL: must not hold user info")) << sap[0];
}

TEST(config_hardening, plain_http_only_on_loopback) {
    for (auto url :
         {"http://127.0.0.1:50000/b1s/v1", "http://127.8.9.10/b1s/v1", "http://[::1]:50000/b1s/v1",
          "http://localhost:50000/b1s/v1", "http://LOCALHOST./b1s/v1", "https://sap.example.com/b1s/v1"}) {
        EXPECT_TRUE(errors_of(with_sap(url)).empty()) << url;
    }
    for (auto url :
         {"http://sap.example.com:50000/b1s/v1", "http://10.0.0.5/b1s/v1", "http://128.0.0.1/b1s/v1",
          "http://localhost.example.com/b1s/v1", "http://[::2]/b1s/v1"}) {
        auto errors = errors_of(with_sap(url));
        ASSERT_EQ(errors.size(), 1u) << url;
        EXPECT_TRUE(contains(errors[0], "MLC_SAP_URL (sap.url): http:// only on a loopback host"))
            << errors[0];
        EXPECT_TRUE(contains(errors[0], "MLC_ALLOW_INSECURE_HTTP=true")) << errors[0];
    }
    auto ss = errors_of(with_database({{"MLC_SHIPSTATION_URL", "http://ss.example.com"},
                                       {"MLC_SHIPSTATION_V2_URL", "http://v2.example.com"}}));
    EXPECT_EQ(ss.size(), 2u) << ::testing::PrintToString(ss);
}

TEST(config_hardening, insecure_http_when_allowed_is_a_warning) {
    auto env = with_sap("http://sap.example.com:50000/b1s/v1");
    env["MLC_ALLOW_INSECURE_HTTP"] = "true";
    auto r = load_config(env, "", "");
    ASSERT_TRUE(r.has_value()) << format_errors(r.error());
    ASSERT_EQ(r->warnings.size(), 1u);
    EXPECT_TRUE(contains(r->warnings[0], "MLC_SAP_URL (sap.url) is http:// to a host other than loopback"))
        << r->warnings[0];
    EXPECT_TRUE(r->config.security.allow_insecure_http);
}

TEST(config_hardening, the_migration_url_is_a_secret_shown_redacted) {
    auto r = load_config(
        with_database({{"MLC_MIGRATE_DATABASE_URL", "postgresql://owner:own-pw@db/app?sslpassword=key-pw"}}),
        "", "");
    ASSERT_TRUE(r.has_value()) << format_errors(r.error());
    EXPECT_EQ(r->config.database.migrate_url.reveal(), "postgresql://owner:own-pw@db/app?sslpassword=key-pw");
    std::string shown = describe_config(*r);
    EXPECT_TRUE(contains(
        shown, "MLC_MIGRATE_DATABASE_URL=postgresql://owner:<redacted>@db/app?sslpassword=<redacted>"))
        << shown;
    EXPECT_FALSE(contains(shown, "own-pw"));
    EXPECT_FALSE(contains(shown, "key-pw"));

    auto unset = load_config(with_database(), "", "");
    ASSERT_TRUE(unset.has_value());
    EXPECT_TRUE(unset->config.database.migrate_url.empty());
    EXPECT_FALSE(errors_of(with_database({{"MLC_MIGRATE_DATABASE_URL", "not-a-conninfo"}})).empty());
}

}  // namespace
}  // namespace mlc
