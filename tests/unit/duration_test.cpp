// Unit tests for parse_duration and format_duration.
#include "common/duration.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace mlc {
namespace {

using std::chrono::milliseconds;

milliseconds parsed(std::string_view text) {
    auto r = parse_duration(text);
    EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error());
    return r ? *r : milliseconds(-1);
}

std::string rejection(std::string_view text) {
    auto r = parse_duration(text);
    EXPECT_FALSE(r.has_value()) << text << " was accepted";
    return r ? std::string() : r.error();
}

TEST(duration, parses_each_unit) {
    EXPECT_EQ(parsed("500ms"), milliseconds(500));
    EXPECT_EQ(parsed("30s"), milliseconds(30'000));
    EXPECT_EQ(parsed("5m"), milliseconds(300'000));
    EXPECT_EQ(parsed("1h"), milliseconds(3'600'000));
    EXPECT_EQ(parsed("30d"), milliseconds(2'592'000'000));
    EXPECT_EQ(parsed("0s"), milliseconds(0));
}

TEST(duration, parses_combinations_largest_unit_first) {
    EXPECT_EQ(parsed("1m30s"), milliseconds(90'000));
    EXPECT_EQ(parsed("1h2m3s4ms"), milliseconds(3'723'004));
    EXPECT_EQ(parsed("2h500ms"), milliseconds(7'200'500));
    EXPECT_EQ(parsed("90s"), milliseconds(90'000));
}

TEST(duration, rejects_malformed_text_with_a_reason) {
    EXPECT_NE(rejection("").find("empty"), std::string::npos);
    EXPECT_NE(rejection("-5s").find("negative"), std::string::npos);
    EXPECT_NE(rejection("30").find("missing unit"), std::string::npos);
    EXPECT_NE(rejection("5x").find("unknown unit \"x\""), std::string::npos);
    EXPECT_NE(rejection("5S").find("unknown unit"), std::string::npos);
    EXPECT_NE(rejection("1.5s").find("fractions"), std::string::npos);
    EXPECT_NE(rejection("30s1m").find("largest to smallest"), std::string::npos);
    EXPECT_NE(rejection("1m1m").find("largest to smallest"), std::string::npos);
    for (auto text : {"s", " 5s", "5s ", "5 s", "+5s", "1m 30s"}) {
        EXPECT_NE(rejection(text).find("ms, s, m, h or d"), std::string::npos) << text;
    }
}

TEST(duration, rejects_overflow) {
    auto max = std::numeric_limits<milliseconds::rep>::max();
    EXPECT_EQ(parsed(std::to_string(max) + "ms"), milliseconds(max));
    EXPECT_NE(rejection(std::to_string(max) + "s").find("too large"), std::string::npos);
    EXPECT_NE(rejection("99999999999999999999ms").find("too large"), std::string::npos);
    // Each part fits, the sum does not: the first one exactly, the second by 1ms.
    EXPECT_EQ(parsed("2562047788015h775807ms"), milliseconds(max));
    EXPECT_NE(rejection("2562047788015h775808ms").find("too large"), std::string::npos);
}

TEST(duration, formats_the_shortest_exact_text) {
    EXPECT_EQ(format_duration(milliseconds(20'000)), "20s");
    EXPECT_EQ(format_duration(milliseconds(90'000)), "1m30s");
    EXPECT_EQ(format_duration(milliseconds(500)), "500ms");
    EXPECT_EQ(format_duration(milliseconds(3'600'000)), "1h");
    EXPECT_EQ(format_duration(milliseconds(3'661'001)), "1h1m1s1ms");
    EXPECT_EQ(format_duration(milliseconds(90'000'000)), "1d1h");
    EXPECT_EQ(format_duration(milliseconds(0)), "0s");
    EXPECT_EQ(format_duration(milliseconds(-1500)), "-1s500ms");
}

TEST(duration, format_round_trips_through_parse) {
    std::vector<milliseconds::rep> values{
        1, 999, 1000, 59'999, 60'000, 86'400'000, 123'456'789, std::numeric_limits<milliseconds::rep>::max()};
    for (auto value : values) {
        EXPECT_EQ(parsed(format_duration(milliseconds(value))), milliseconds(value)) << value;
    }
}

}  // namespace
}  // namespace mlc
