// Unit tests for <NAME>_FILE secrets: content with one newline stripped, conflicts and unreadable files.
#include "common/secret_files.hpp"

#include "common/settings.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace mlc {
namespace {

// Files by path; any other path is missing.
struct fake_files {
    std::map<std::string, std::string> contents;
    file_reader reader() const {
        return [this](const std::string& path) -> boost::system::result<std::string, std::error_code> {
            auto found = contents.find(path);
            if (found == contents.end()) return std::make_error_code(std::errc::no_such_file_or_directory);
            return found->second;
        };
    }
};

TEST(secret_files, every_secret_and_the_api_key_take_a_file) {
    for (const auto& s : all_settings()) {
        if (s.is_secret) EXPECT_TRUE(takes_file(s.env_name)) << s.env_name;
    }
    for (auto name :
         {"MLC_SAP_PASSWORD", "MLC_DATABASE_URL", "MLC_MIGRATE_DATABASE_URL", "MLC_SHIPSTATION_API_KEY",
          "MLC_SHIPSTATION_API_SECRET", "MLC_SHIPSTATION_V2_API_KEY", "MLC_WEBHOOK_TOKEN", "MLC_ADMIN_TOKEN"})
        EXPECT_TRUE(takes_file(name)) << name;
    EXPECT_FALSE(takes_file("MLC_SAP_URL"));
    EXPECT_FALSE(takes_file("MLC_NO_SUCH_SETTING"));
}

TEST(secret_files, the_content_replaces_the_variable_with_one_newline_stripped) {
    fake_files files{{{"/run/secrets/sap", "s3cret-sap\n"},
                      {"/run/secrets/db", "postgresql://u:p@h/d\r\n"},
                      {"/run/secrets/two", "tok\n\n"},
                      {"/run/secrets/none", "raw"}}};
    env_map env{{"MLC_SAP_PASSWORD_FILE", "/run/secrets/sap"},
                {"MLC_DATABASE_URL_FILE", "/run/secrets/db"},
                {"MLC_SHIPSTATION_API_SECRET_FILE", "/run/secrets/two"},
                {"MLC_SHIPSTATION_API_KEY_FILE", "/run/secrets/none"},
                {"MLC_LOG_LEVEL", "debug"}};
    auto r = read_secret_files(env, files.reader());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->at("MLC_SAP_PASSWORD"), "s3cret-sap");
    EXPECT_EQ(r->at("MLC_DATABASE_URL"), "postgresql://u:p@h/d");
    EXPECT_EQ(r->at("MLC_SHIPSTATION_API_SECRET"), "tok\n");  // only one newline goes
    EXPECT_EQ(r->at("MLC_SHIPSTATION_API_KEY"), "raw");
    EXPECT_EQ(r->at("MLC_LOG_LEVEL"), "debug");
    EXPECT_EQ(r->count("MLC_SAP_PASSWORD_FILE"), 0u);
}

TEST(secret_files, both_forms_set_is_an_error) {
    fake_files files{{{"/s", "from-file"}}};
    auto r =
        read_secret_files({{"MLC_ADMIN_TOKEN", "from-env"}, {"MLC_ADMIN_TOKEN_FILE", "/s"}}, files.reader());
    ASSERT_FALSE(r.has_value());
    ASSERT_EQ(r.error().messages.size(), 1u);
    EXPECT_NE(r.error().messages[0].find("MLC_ADMIN_TOKEN and MLC_ADMIN_TOKEN_FILE are both set"),
              std::string::npos);
    EXPECT_EQ(r.error().messages[0].find("from-"), std::string::npos);
}

TEST(secret_files, an_unreadable_file_is_named_and_every_problem_reported) {
    fake_files files;
    auto r = read_secret_files(
        {{"MLC_WEBHOOK_TOKEN_FILE", "/missing/token"}, {"MLC_SAP_PASSWORD_FILE", "/gone"}}, files.reader());
    ASSERT_FALSE(r.has_value());
    ASSERT_EQ(r.error().messages.size(), 2u);
    EXPECT_NE(r.error().messages[1].find("MLC_WEBHOOK_TOKEN_FILE: cannot read /missing/token"),
              std::string::npos)
        << r.error().messages[1];
}

TEST(secret_files, a_file_variable_of_a_plain_setting_is_left_for_the_unknown_warning) {
    fake_files files{{{"/u", "https://sap"}}};
    auto r = read_secret_files({{"MLC_SAP_URL_FILE", "/u"}}, files.reader());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->count("MLC_SAP_URL"), 0u);
    EXPECT_EQ(r->at("MLC_SAP_URL_FILE"), "/u");
}

TEST(secret_files, an_empty_file_variable_counts_as_unset) {
    fake_files files;
    auto r = read_secret_files({{"MLC_ADMIN_TOKEN_FILE", ""}, {"MLC_ADMIN_TOKEN", "set"}}, files.reader());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->at("MLC_ADMIN_TOKEN"), "set");
}

}  // namespace
}  // namespace mlc
