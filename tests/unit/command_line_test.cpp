// Unit tests for the command-line parser.
#include "server/cli/command_line.hpp"

#include <gtest/gtest.h>

namespace mlc::server {
namespace {

TEST(command_line, run_with_options) {
    auto r = parse_command_line({"run", "--config", "/etc/mlc.yaml", "--no-migrate"});
    ASSERT_TRUE(r.has_value()) << r.error();
    EXPECT_EQ(r->cmd, command::run);
    EXPECT_EQ(r->config_file, "/etc/mlc.yaml");
    EXPECT_FALSE(r->migrate_on_start);
}

TEST(command_line, config_with_equals_and_help) {
    auto r = parse_command_line({"check", "--config=x.yaml", "--help"});
    ASSERT_TRUE(r.has_value()) << r.error();
    EXPECT_EQ(r->cmd, command::check);
    EXPECT_EQ(r->config_file, "x.yaml");
    EXPECT_TRUE(r->help);
}

TEST(command_line, no_arguments_means_help) {
    auto r = parse_command_line({});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->cmd, command::help);
}

TEST(command_line, errors_name_the_problem) {
    auto unknown = parse_command_line({"serve"});
    ASSERT_FALSE(unknown.has_value());
    EXPECT_NE(unknown.error().find("serve"), std::string::npos);

    auto bad_option = parse_command_line({"migrate", "--no-migrate"});
    ASSERT_FALSE(bad_option.has_value());
    EXPECT_NE(bad_option.error().find("--no-migrate"), std::string::npos);

    auto missing = parse_command_line({"run", "--config"});
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().find("--config"), std::string::npos);
}

TEST(command_line, usage_names_every_command) {
    std::string u = usage(command::help);
    for (const char* c : {"run", "migrate", "check", "config", "version"})
        EXPECT_NE(u.find(c), std::string::npos);
    EXPECT_NE(usage(command::run).find("--no-migrate"), std::string::npos);
}

}  // namespace
}  // namespace mlc::server
