// Unit tests for the structured logger: formats, levels and escaping.
#include "common/logger.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace mlc {
namespace {

TEST(logger, json_line_is_one_parseable_object_with_fields) {
    std::ostringstream out;
    logger log({log_level::info, log_format::json}, out);
    log.info("http.request", {{"status", 200}, {"path", "/a \"b\"\n"}});
    std::string line = out.str();
    ASSERT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1);  // exactly one line even with a newline in a value
    auto v = boost::json::parse(line).as_object();
    EXPECT_EQ(v.at("event").as_string(), "http.request");
    EXPECT_EQ(v.at("level").as_string(), "info");
    EXPECT_EQ(v.at("status").as_int64(), 200);
    EXPECT_EQ(v.at("path").as_string(), "/a \"b\"\n");
    EXPECT_TRUE(v.at("ts").as_string().ends_with("Z"));
}

TEST(logger, levels_below_the_threshold_are_dropped) {
    std::ostringstream out;
    logger log({log_level::warn, log_format::json}, out);
    log.info("dropped");
    log.debug("dropped");
    EXPECT_TRUE(out.str().empty());
    log.error("kept");
    EXPECT_NE(out.str().find("kept"), std::string::npos);
}

TEST(logger, text_format_quotes_values_with_spaces) {
    std::ostringstream out;
    logger log({log_level::debug, log_format::text}, out);
    log.debug("db.reconnect", {{"reason", "server closed"}, {"attempt", 2}, {"pool", "main"}});
    std::string line = out.str();
    EXPECT_NE(line.find(" debug db.reconnect "), std::string::npos);
    EXPECT_NE(line.find("reason=\"server closed\""), std::string::npos);
    EXPECT_NE(line.find("attempt=2"), std::string::npos);
    EXPECT_NE(line.find("pool=main"), std::string::npos);
}

}  // namespace
}  // namespace mlc
