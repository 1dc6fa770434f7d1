// Unit tests for ShipStation's Pacific-time parsing and formatting, across DST in several years.
#include "clients/shipstation/pacific_time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace mlc::clients::shipstation {
namespace {

using namespace std::chrono;

utc_time utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, nanoseconds ns = {}) {
    return utc_time{sys_days{year{y} / month{mo} / day{d}} + hours(h) + minutes(mi) + seconds(s) + ns};
}

utc_time parsed(std::string_view text, range_edge edge = range_edge::start) {
    auto r = parse_pacific(text, edge);
    EXPECT_TRUE(r.has_value()) << text;
    return r.value_or(utc_time{});
}

// Second Sunday of March and first Sunday of November: the US DST transitions.
struct dst_days {
    int y;
    unsigned spring;
    unsigned autumn;
};
constexpr dst_days transitions[] = {{2024, 10, 3}, {2025, 9, 2}, {2026, 8, 1}};

std::string local_text(int y, unsigned mo, unsigned d, const char* hms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %s", y, mo, d, hms);
    return buf;
}

TEST(shipstation_pacific_time, parses_every_observed_format) {
    // Summer (PDT, UTC-7) and winter (PST, UTC-8) samples from the reference.
    EXPECT_EQ(parsed("2015-07-16T14:00:34.8230000"), utc(2015, 7, 16, 21, 0, 34, milliseconds(823)));
    EXPECT_EQ(parsed("2015-06-29T08:46:27.0000000"), utc(2015, 6, 29, 15, 46, 27));
    EXPECT_EQ(parsed("2014-10-03T06:51:33.627"), utc(2014, 10, 3, 13, 51, 33, milliseconds(627)));
    EXPECT_EQ(parsed("2016-06-07T00:00:00"), utc(2016, 6, 7, 7));
    EXPECT_EQ(parsed("2014-10-03"), utc(2014, 10, 3, 7));
    EXPECT_EQ(parsed("2015-01-08 00:00:00"), utc(2015, 1, 8, 8));
    EXPECT_EQ(parsed("2022-11-09T15:15:09.9970000"), utc(2022, 11, 9, 23, 15, 9, milliseconds(997)));
}

TEST(shipstation_pacific_time, keeps_seven_fractional_digits) {
    EXPECT_EQ(parsed("2015-01-08T00:00:00.0000001"), utc(2015, 1, 8, 8, 0, 0, nanoseconds(100)));
    EXPECT_EQ(parsed("2015-01-08T00:00:00.5"), utc(2015, 1, 8, 8, 0, 0, milliseconds(500)));
}

TEST(shipstation_pacific_time, rejects_what_v1_never_sends) {
    for (auto text : {"", "2015", "2015-07-16T", "2015-07-16T14:00", "2015-13-01", "2015-02-30",
                      "2015-07-16T24:00:00", "2015-07-16T14:60:00", "2015-07-16T14:00:34.",
                      "2015-07-16T14:00:34.12345678", "2015-07-16T14:00:34Z", "2015-07-16T14:00:34+00:00",
                      "2015/07/16", "2015-07-16x", " 2015-07-16", "2015-07-16T14:00:3a"}) {
        EXPECT_FALSE(parse_pacific(text).has_value()) << text;
    }
}

TEST(shipstation_pacific_time, spring_gap_start_takes_the_earlier_instant_end_the_later) {
    for (auto t : transitions) {
        // 02:30 does not exist: read with PDT (UTC-7) it is 09:30Z, with PST (UTC-8) 10:30Z.
        auto gap = local_text(t.y, 3, t.spring, "02:30:00");
        EXPECT_EQ(parsed(gap, range_edge::start), utc(t.y, 3, t.spring, 9, 30)) << gap;
        EXPECT_EQ(parsed(gap, range_edge::end), utc(t.y, 3, t.spring, 10, 30)) << gap;
        // Either side of the gap the reading is unique.
        for (auto edge : {range_edge::start, range_edge::end}) {
            EXPECT_EQ(parsed(local_text(t.y, 3, t.spring, "01:59:59"), edge),
                      utc(t.y, 3, t.spring, 9, 59, 59));
            EXPECT_EQ(parsed(local_text(t.y, 3, t.spring, "03:00:00"), edge), utc(t.y, 3, t.spring, 10));
        }
    }
}

TEST(shipstation_pacific_time, autumn_repeated_hour_start_takes_the_earlier_instant_end_the_later) {
    for (auto t : transitions) {
        // 01:30 happens twice: first in PDT (08:30Z), then in PST (09:30Z).
        auto repeated = local_text(t.y, 11, t.autumn, "01:30:00");
        EXPECT_EQ(parsed(repeated, range_edge::start), utc(t.y, 11, t.autumn, 8, 30)) << repeated;
        EXPECT_EQ(parsed(repeated, range_edge::end), utc(t.y, 11, t.autumn, 9, 30)) << repeated;
        for (auto edge : {range_edge::start, range_edge::end}) {
            EXPECT_EQ(parsed(local_text(t.y, 11, t.autumn, "00:59:59"), edge),
                      utc(t.y, 11, t.autumn, 7, 59, 59));
            EXPECT_EQ(parsed(local_text(t.y, 11, t.autumn, "02:00:00"), edge), utc(t.y, 11, t.autumn, 10));
        }
    }
}

TEST(shipstation_pacific_time, formats_every_style) {
    auto t = utc(2015, 7, 16, 21, 0, 34, nanoseconds(823'456'789));
    EXPECT_EQ(format_pacific(t, pacific_style::fraction7), "2015-07-16T14:00:34.8234567");
    EXPECT_EQ(format_pacific(t, pacific_style::fraction3), "2015-07-16T14:00:34.823");
    EXPECT_EQ(format_pacific(t, pacific_style::seconds), "2015-07-16T14:00:34");
    EXPECT_EQ(format_pacific(t, pacific_style::date_only), "2015-07-16");
    // 05:00Z in winter is still the previous day in Pacific time.
    EXPECT_EQ(format_pacific(utc(2015, 1, 8, 5), pacific_style::date_only), "2015-01-07");
    EXPECT_EQ(format_pacific(utc(2024, 11, 3, 8, 30), pacific_style::seconds), "2024-11-03T01:30:00");
    EXPECT_EQ(format_pacific(utc(2024, 11, 3, 9, 30), pacific_style::seconds), "2024-11-03T01:30:00");
}

TEST(shipstation_pacific_time, formatted_timestamps_parse_back) {
    for (auto t : {utc(2015, 7, 16, 21, 0, 34, nanoseconds(823'456'700)), utc(2026, 1, 1, 0, 0, 0),
                   utc(2025, 3, 9, 10, 0, 0)}) {
        EXPECT_EQ(parsed(format_pacific(t, pacific_style::fraction7)), t);
    }
}

TEST(shipstation_pacific_time, filter_values_round_outwards_to_the_second) {
    auto t = utc(2024, 7, 1, 12, 0, 0, milliseconds(500));
    EXPECT_EQ(format_pacific_filter(t, range_edge::start), "2024-07-01 05:00:00");
    EXPECT_EQ(format_pacific_filter(t, range_edge::end), "2024-07-01 05:00:01");
    EXPECT_EQ(format_pacific_filter(utc(2024, 1, 1, 8), range_edge::end), "2024-01-01 00:00:00");
}

TEST(shipstation_pacific_time, filter_values_in_the_repeated_hour_move_outwards) {
    for (auto t : transitions) {
        auto first = utc(t.y, 11, t.autumn, 8, 30);   // 01:30 PDT
        auto second = utc(t.y, 11, t.autumn, 9, 30);  // 01:30 PST
        EXPECT_EQ(format_pacific_filter(first, range_edge::start), local_text(t.y, 11, t.autumn, "00:30:00"));
        EXPECT_EQ(format_pacific_filter(first, range_edge::end), local_text(t.y, 11, t.autumn, "01:30:00"));
        EXPECT_EQ(format_pacific_filter(second, range_edge::start),
                  local_text(t.y, 11, t.autumn, "01:30:00"));
        EXPECT_EQ(format_pacific_filter(second, range_edge::end), local_text(t.y, 11, t.autumn, "02:30:00"));
    }
}

TEST(shipstation_pacific_time, a_filter_window_never_loses_an_instant_around_either_transition) {
    // Whichever way the server reads the local text, start <= t <= end, minute by minute over 6 hours.
    for (auto t : transitions) {
        for (auto day : {utc(t.y, 3, t.spring), utc(t.y, 11, t.autumn)}) {
            for (auto at = day + hours(6); at < day + hours(12); at += minutes(1) + seconds(7)) {
                auto start = format_pacific_filter(at, range_edge::start);
                auto end = format_pacific_filter(at, range_edge::end);
                EXPECT_LE(parsed(start, range_edge::end), at) << start;
                EXPECT_GE(parsed(end, range_edge::start), at) << end;
                EXPECT_LE(parsed(end, range_edge::end) - at, hours(1) + seconds(1)) << end;
            }
        }
    }
}

TEST(shipstation_pacific_time, wall_clock_readings_drop_the_offset) {
    for (auto t : transitions) {
        // Both 01:30s of the autumn change are one reading, the one their text names.
        auto text = pacific_wall_clock(local_text(t.y, 11, t.autumn, "01:30:00"));
        ASSERT_TRUE(text.has_value());
        EXPECT_EQ(pacific_wall_clock(utc(t.y, 11, t.autumn, 8, 30)), *text);
        EXPECT_EQ(pacific_wall_clock(utc(t.y, 11, t.autumn, 9, 30)), *text);
        EXPECT_LT(pacific_wall_clock(utc(t.y, 11, t.autumn, 9, 10)),
                  pacific_wall_clock(utc(t.y, 11, t.autumn, 8, 50)));
        // A time in the spring gap is a reading between its neighbours, though no instant has it.
        auto gap = pacific_wall_clock(local_text(t.y, 3, t.spring, "02:30:00"));
        ASSERT_TRUE(gap.has_value());
        EXPECT_LT(pacific_wall_clock(utc(t.y, 3, t.spring, 9, 59)), *gap);
        EXPECT_GT(pacific_wall_clock(utc(t.y, 3, t.spring, 10, 0)), *gap);
    }
    EXPECT_EQ(pacific_wall_clock("2015-07-16T14:00:34.8230000"),
              pacific_wall_clock(utc(2015, 7, 16, 21, 0, 34, milliseconds(823))));
    EXPECT_FALSE(pacific_wall_clock("2015-07-16T14:00:34Z").has_value());
}

TEST(shipstation_pacific_time, a_filter_window_holds_every_record_when_v1_compares_wall_clock_readings) {
    // A server comparing readings (as V1 records them) keeps every record at or after a start and at or
    // before an end across both transitions, though the repeated hour's second pass reads earlier.
    for (auto t : transitions) {
        for (auto day : {utc(t.y, 3, t.spring), utc(t.y, 11, t.autumn)}) {
            for (auto at = day + hours(6); at < day + hours(12); at += minutes(4) + seconds(7)) {
                auto start = pacific_wall_clock(format_pacific_filter(at, range_edge::start));
                auto end = pacific_wall_clock(format_pacific_filter(at, range_edge::end));
                ASSERT_TRUE(start && end);
                for (auto record = at - hours(2); record <= at + hours(2); record += minutes(3)) {
                    auto reading = pacific_wall_clock(record);
                    const auto where = format_pacific(at, pacific_style::seconds);
                    if (record >= at) {
                        EXPECT_GE(reading, *start) << where;
                    }
                    if (record <= at) {
                        EXPECT_LE(reading, *end) << where;
                    }
                }
            }
        }
    }
}

}  // namespace
}  // namespace mlc::clients::shipstation
