// Unit tests of the connection string: TCP keepalives added unless the URL sets them, and multi-host URLs.
#include "db/conninfo.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
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

TEST(conninfo_hosts, both_forms_keep_every_host_and_port_and_the_session_target) {
    for (const std::string url :
         {"postgresql://me@a.example:5432,b.example:5433/mlc?target_session_attrs=read-write",
          "host=a.example,b.example port=5432,5433 dbname=mlc user=me "
          "target_session_attrs=read-write"}) {
        auto info = conninfo_for(url);
        EXPECT_TRUE(has(info, "host='a.example,b.example' ")) << info;
        EXPECT_TRUE(has(info, "port='5432,5433' ")) << info;
        EXPECT_TRUE(has(info, "target_session_attrs='read-write' ")) << info;
        EXPECT_TRUE(has(info, "keepalives=1 ")) << info;
    }
}

TEST(conninfo_hosts, several_hosts_without_a_write_target_may_land_on_a_standby) {
    EXPECT_TRUE(db::may_land_on_standby("host=a,b dbname=mlc"));
    EXPECT_TRUE(db::may_land_on_standby("postgresql://a,b/mlc"));
    EXPECT_TRUE(db::may_land_on_standby("postgresql://a:1,b:2/mlc?target_session_attrs=any"));
    EXPECT_TRUE(db::may_land_on_standby("hostaddr=10.0.0.1,10.0.0.2 target_session_attrs=prefer-standby"));
}

TEST(conninfo_hosts, one_host_or_a_write_target_is_fine) {
    EXPECT_FALSE(db::may_land_on_standby("host=a dbname=mlc"));
    EXPECT_FALSE(db::may_land_on_standby("postgresql://me@db.example/mlc"));
    EXPECT_FALSE(db::may_land_on_standby("host=a,b target_session_attrs=read-write"));
    EXPECT_FALSE(db::may_land_on_standby("postgresql://a,b/mlc?target_session_attrs=primary"));
}

TEST(conninfo_hosts, an_unparseable_url_is_refused_without_echoing_it) {
    try {
        db::may_land_on_standby("host='unterminated password=hunter2");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
    }
}

}  // namespace
}  // namespace mlc::test
