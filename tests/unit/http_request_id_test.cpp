// Unit tests for request ids: which incoming ids are honoured and what generated ones look like.
#include "server/http/request_id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace mlc::server::http {
namespace {

TEST(request_id, accepts_safe_ids_up_to_128_chars) {
    EXPECT_TRUE(is_valid_request_id("a"));
    EXPECT_TRUE(is_valid_request_id("Abc-123_x.y:z"));
    EXPECT_TRUE(is_valid_request_id(std::string(128, 'x')));
}

TEST(request_id, rejects_empty_long_or_unsafe_ids) {
    EXPECT_FALSE(is_valid_request_id(""));
    EXPECT_FALSE(is_valid_request_id(std::string(129, 'x')));
    EXPECT_FALSE(is_valid_request_id("has space"));
    EXPECT_FALSE(is_valid_request_id("line\nbreak"));
    EXPECT_FALSE(is_valid_request_id("quote\""));
    EXPECT_FALSE(is_valid_request_id("slash/"));
}

TEST(request_id, generated_ids_are_32_hex_digits_and_differ) {
    auto a = generate_request_id();
    auto b = generate_request_id();
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, b);
    EXPECT_TRUE(is_valid_request_id(a));
}

TEST(request_id, request_id_for_honours_valid_and_replaces_invalid) {
    EXPECT_EQ(request_id_for("abc-1"), "abc-1");
    auto replaced = request_id_for("bad id");
    EXPECT_EQ(replaced.size(), 32u);
    EXPECT_EQ(request_id_for("").size(), 32u);
}

TEST(request_id, control_characters_are_replaced_never_echoed) {
    using namespace std::string_view_literals;
    for (std::string_view hostile : {"abc\r\nSet-Cookie: x=1"sv, "abc\n"sv, "abc\r"sv, "a\0b"sv,
                                     "esc\x1b[31m"sv, "tab\there"sv, "del\x7f"sv}) {
        auto id = request_id_for(hostile);
        EXPECT_NE(id, hostile);
        EXPECT_EQ(id.size(), 32u) << "a generated id replaces it";
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    }
}

}  // namespace
}  // namespace mlc::server::http
