// Unit tests for redact_database_url: the password goes, the rest of the connection string stays.
#include "common/redact.hpp"

#include <gtest/gtest.h>

namespace mlc {
namespace {

TEST(redact, url_userinfo_password) {
    EXPECT_EQ(redact_database_url("postgresql://user:pass@host:5432/db?sslmode=require"),
              "postgresql://user:<redacted>@host:5432/db?sslmode=require");
    EXPECT_EQ(redact_database_url("postgres://user:pass@host/db"), "postgres://user:<redacted>@host/db");
}

TEST(redact, url_with_percent_encoded_userinfo) {
    EXPECT_EQ(redact_database_url("postgresql://us%40er:p%40ss%2Fw0rd@host/db"),
              "postgresql://us%40er:<redacted>@host/db");
}

TEST(redact, url_password_query_parameter) {
    EXPECT_EQ(redact_database_url("postgresql://host/db?user=u&password=s3cret&sslmode=require"),
              "postgresql://host/db?user=u&password=<redacted>&sslmode=require");
    EXPECT_EQ(redact_database_url("postgresql://u:one@host/db?password=two"),
              "postgresql://u:<redacted>@host/db?password=<redacted>");
}

TEST(redact, sslpassword_in_both_forms) {
    EXPECT_EQ(
        redact_database_url("postgresql://u@host/db?sslkey=/k.pem&sslpassword=key-pass&sslmode=verify-full"),
        "postgresql://u@host/db?sslkey=/k.pem&sslpassword=<redacted>&sslmode=verify-full");
    EXPECT_EQ(redact_database_url("host=h sslpassword='key pass' password=pw sslmode=require"),
              "host=h sslpassword=<redacted> password=<redacted> sslmode=require");
    EXPECT_EQ(redact_database_url("host=h sslpassword = kp"), "host=h sslpassword = <redacted>");
}

TEST(redact, url_without_password_is_unchanged) {
    EXPECT_EQ(redact_database_url("postgresql://user@host:5432/db"), "postgresql://user@host:5432/db");
    EXPECT_EQ(redact_database_url("postgresql:///db?host=/run/postgresql"),
              "postgresql:///db?host=/run/postgresql");
}

TEST(redact, key_value_password) {
    EXPECT_EQ(redact_database_url("host=x password=secret user=u"), "host=x password=<redacted> user=u");
    EXPECT_EQ(redact_database_url("host=x password = spaced user=u"), "host=x password = <redacted> user=u");
    EXPECT_EQ(redact_database_url("password=last"), "password=<redacted>");
}

TEST(redact, key_value_quoted_password) {
    EXPECT_EQ(redact_database_url("host=x password='quoted value with spaces' user=u"),
              "host=x password=<redacted> user=u");
    EXPECT_EQ(redact_database_url(R"(password='it\'s \\ here' dbname=app)"),
              "password=<redacted> dbname=app");
}

TEST(redact, key_value_without_password_is_unchanged) {
    EXPECT_EQ(redact_database_url("host=db port=5432 dbname='my app'"), "host=db port=5432 dbname='my app'");
    EXPECT_EQ(redact_database_url(""), "");
}

// libpq's multi-host form (host:port,host:port) is not an RFC 3986 authority; the password is still found.
TEST(redact, url_with_several_hosts) {
    EXPECT_EQ(redact_database_url("postgresql://me:s3cret@a.example:5432,b.example:5433/mlc?"
                                  "target_session_attrs=read-write&password=two"),
              "postgresql://me:<redacted>@a.example:5432,b.example:5433/mlc?"
              "target_session_attrs=read-write&password=<redacted>");
    EXPECT_EQ(redact_database_url("postgresql://me@[::1]:5432,10.0.0.2/mlc?target_session_attrs=primary"),
              "postgresql://me@[::1]:5432,10.0.0.2/mlc?target_session_attrs=primary");
    EXPECT_EQ(redact_database_url("postgres://me:pw@a,b:6000"), "postgres://me:<redacted>@a,b:6000");
    EXPECT_EQ(redact_database_url("host=a,b port=5432,5433 password=pw target_session_attrs=read-write"),
              "host=a,b port=5432,5433 password=<redacted> target_session_attrs=read-write");
}

TEST(redact, anything_unparseable_is_hidden_whole) {
    for (auto text :
         {"postgresql://user:pa ss@host/db", "host=x password='unterminated", "hunter2", "host=x password",
          "mysql://u:secret@host/db", "password=ends\\", "postgresql://u:pa ss@a:1,b:2/db"}) {
        EXPECT_EQ(redact_database_url(text), "<redacted>") << text;
    }
}

}  // namespace
}  // namespace mlc
