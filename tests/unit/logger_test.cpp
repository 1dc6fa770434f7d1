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

TEST(logger, text_format_escapes_control_characters_so_a_value_cannot_forge_a_line) {
    std::ostringstream out;
    logger log({log_level::info, log_format::text}, out);
    log.info("http.request", {{"path", "/a\n2026-01-01T00:00:00Z error forged x=1"},
                              {"id", "r\rt\tq\"b\\"},
                              {"esc", "\x1b[31mred\x7f"},
                              {"nul", std::string_view("a\0b", 3)}});
    std::string line = out.str();
    EXPECT_EQ(line.find('\n'), line.size() - 1) << "exactly one line";
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_EQ(line.find('\t'), std::string::npos);
    EXPECT_EQ(line.find('\x1b'), std::string::npos);
    EXPECT_NE(line.find(R"(path="/a\n2026-01-01T00:00:00Z error forged x=1")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"(id="r\rt\tq\"b\\")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"(esc="\x1b[31mred\x7f")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"(nul="a\x00b")"), std::string::npos) << line;
}

TEST(logger, text_format_leaves_plain_values_bare) {
    std::ostringstream out;
    logger log({log_level::info, log_format::text}, out);
    log.info("e", {{"path", "/admin/config"}, {"utf8", "caf\u00e9"}});
    EXPECT_NE(out.str().find(" path=/admin/config "), std::string::npos) << out.str();
    EXPECT_NE(out.str().find(" utf8=caf\u00e9\n"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace mlc
