// Unit tests of multi-host database URLs: make_conninfo keeps the host list, and a list without a write target is spotted.
#include "db/conninfo.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::test {
namespace {

std::string conninfo_for(const std::string& url) {
    database_config c;
    c.url = secret(url);
    c.schema = "s";
    return db::make_conninfo(c);
}

bool has(const std::string& info, const std::string& part) {
    return info.find(part) != std::string::npos;
}

TEST(conninfo_hosts, both_forms_keep_every_host_and_port_and_the_session_target) {
    for (const std::string url : {"postgresql://me@a.example:5432,b.example:5433/mlc?target_session_attrs=read-write",
                                  "host=a.example,b.example port=5432,5433 dbname=mlc user=me "
                                  "target_session_attrs=read-write"}) {
        auto info = conninfo_for(url);
        EXPECT_TRUE(has(info, "host='a.example,b.example' ")) << info;
        EXPECT_TRUE(has(info, "port='5432,5433' ")) << info;
        EXPECT_TRUE(has(info, "target_session_attrs='read-write' ")) << info;
        EXPECT_TRUE(has(info, "keepalives=1 ")) << info;
        EXPECT_TRUE(has(info, "search_path=\"s\"")) << info;
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
