// Unit tests for the request log's path: short paths unchanged, long ones cut at a character boundary.
#include "server/http/log_path.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::server::http {
namespace {

TEST(log_path, short_paths_are_printed_whole) {
    EXPECT_EQ(log_path("/healthz"), "/healthz");
    std::string exact(log_path_limit, 'a');
    EXPECT_EQ(log_path(exact), exact);
}

TEST(log_path, long_paths_are_cut_with_an_ellipsis) {
    std::string huge = "/" + std::string(10000, 'x');
    std::string logged = log_path(huge);
    EXPECT_EQ(logged, huge.substr(0, log_path_limit) + "\u2026");
}

TEST(log_path, the_cut_never_splits_a_utf8_character) {
    // "é" is two bytes (C3 A9): placed across the limit, it is dropped whole rather than halved.
    std::string path = std::string(log_path_limit - 1, 'a') + "\u00e9" + "tail";
    std::string logged = log_path(path);
    EXPECT_EQ(logged, std::string(log_path_limit - 1, 'a') + "\u2026");
    EXPECT_EQ(log_path("\u00e9\u00e9", 3), "\u00e9\u2026");
}

}  // namespace
}  // namespace mlc::server::http
