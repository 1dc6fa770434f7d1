// Unit tests of the connection string's TCP keepalive settings: added by default, the URL's own values win.
#include "db/conninfo.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::test {
namespace {

std::string conninfo_for(const std::string& url) {
    database_config c;
    c.url = secret(url);
    return db::make_conninfo(c);
}

bool has(const std::string& info, const std::string& part) {
    return info.find(part) != std::string::npos;
}

TEST(conninfo_keepalive, a_url_without_them_gets_every_default) {
    for (const std::string url :
         {"postgresql://me@db.example:5432/mlc", "host=db.example dbname=mlc user=me"}) {
        auto info = conninfo_for(url);
        EXPECT_TRUE(has(info, "keepalives=1 ")) << info;
        EXPECT_TRUE(has(info, "keepalives_idle=10 ")) << info;
        EXPECT_TRUE(has(info, "keepalives_interval=5 ")) << info;
        EXPECT_TRUE(has(info, "keepalives_count=3 ")) << info;
        EXPECT_TRUE(has(info, "tcp_user_timeout=30000 ")) << info;
    }
}

TEST(conninfo_keepalive, the_urls_own_values_win_in_the_url_form) {
    auto info = conninfo_for("postgresql://me@db.example/mlc?keepalives_idle=60&tcp_user_timeout=0");
    EXPECT_TRUE(has(info, "keepalives_idle='60'")) << info;
    EXPECT_FALSE(has(info, "keepalives_idle=10")) << info;
    EXPECT_TRUE(has(info, "tcp_user_timeout='0'")) << info;
    EXPECT_FALSE(has(info, "tcp_user_timeout=30000")) << info;
    // The ones it does not set still get their defaults.
    EXPECT_TRUE(has(info, "keepalives=1 ")) << info;
    EXPECT_TRUE(has(info, "keepalives_count=3 ")) << info;
}

TEST(conninfo_keepalive, the_urls_own_values_win_in_the_key_value_form) {
    auto info = conninfo_for("host=db.example dbname=mlc keepalives=0 keepalives_count=9");
    EXPECT_TRUE(has(info, "keepalives='0'")) << info;
    EXPECT_FALSE(has(info, "keepalives=1")) << info;
    EXPECT_TRUE(has(info, "keepalives_count='9'")) << info;
    EXPECT_FALSE(has(info, "keepalives_count=3")) << info;
    EXPECT_TRUE(has(info, "keepalives_interval=5 ")) << info;
}

TEST(conninfo_keepalive, each_setting_appears_once) {
    auto info = conninfo_for("postgresql://me@db.example/mlc?keepalives_interval=7");
    EXPECT_EQ(info.find("keepalives_interval="), info.rfind("keepalives_interval=")) << info;
    EXPECT_EQ(info.find("keepalives_idle="), info.rfind("keepalives_idle=")) << info;
}

}  // namespace
}  // namespace mlc::test
