// Unit tests for the poll schedule: cron parsing, and the next run across weekends, months, leap days, DST.
#include "common/cron_schedule.hpp"

#include <gtest/gtest.h>

#include <bitset>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace mlc {
namespace {

using namespace std::chrono;

cron_schedule parsed(std::string_view text) {
    auto r = parse_cron(text);
    EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error());
    return r ? *r : cron_schedule{};
}

std::string rejection(std::string_view text) {
    auto r = parse_cron(text);
    EXPECT_FALSE(r.has_value()) << "\"" << text << "\" was accepted";
    return r ? std::string() : r.error();
}

// The values whose bits are on, e.g. "1,2,3,4,5", so that a failure shows what was parsed.
template <std::size_t N>
std::string values(const std::bitset<N>& bits) {
    std::string text;
    for (std::size_t i = 0; i < N; ++i) {
        if (!bits[i]) continue;
        if (!text.empty()) text += ',';
        text += std::to_string(i);
    }
    return text;
}

std::string range_text(int first, int last, int step = 1) {
    std::string text;
    for (int v = first; v <= last; v += step) text += (text.empty() ? "" : ",") + std::to_string(v);
    return text;
}

sys_seconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours(h) + minutes(mi) + seconds(s);
}

std::string utc_text(sys_seconds t) {
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{t - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

// The next run as UTC text ("none" for nullopt), so that expectations read as the instants they are.
std::string next(std::string_view cron, sys_seconds after, std::string_view zone_name) {
    auto zone = find_time_zone(zone_name);
    EXPECT_TRUE(zone.has_value()) << zone_name;
    if (!zone) return "no zone";
    auto run = next_run_after(parsed(cron), after, **zone);
    return run ? utc_text(*run) : "none";
}

// ---- parsing ----

TEST(cron_schedule, parses_the_poll_schedule_example) {
    auto s = parsed("*/5 6-19 * * 1-5");
    EXPECT_EQ(values(s.minutes), range_text(0, 55, 5));
    EXPECT_EQ(values(s.hours), range_text(6, 19));
    EXPECT_EQ(values(s.days_of_month), range_text(1, 31));
    EXPECT_EQ(values(s.months), range_text(1, 12));
    EXPECT_EQ(values(s.days_of_week), "1,2,3,4,5");
    EXPECT_TRUE(s.any_day_of_month);
    EXPECT_FALSE(s.any_day_of_week);
    EXPECT_EQ(s.text, "*/5 6-19 * * 1-5");
}

TEST(cron_schedule, parses_numbers_ranges_steps_and_lists) {
    auto s = parsed("0,15,40-42 */6 1,15,31 1-12/3 0");
    EXPECT_EQ(values(s.minutes), "0,15,40,41,42");
    EXPECT_EQ(values(s.hours), "0,6,12,18");
    EXPECT_EQ(values(s.days_of_month), "1,15,31");
    EXPECT_EQ(values(s.months), "1,4,7,10");
    EXPECT_EQ(values(s.days_of_week), "0");

    s = parsed("10-50/20 23 */10 12 */2");
    EXPECT_EQ(values(s.minutes), "10,30,50");
    EXPECT_EQ(values(s.hours), "23");
    EXPECT_EQ(values(s.days_of_month), "1,11,21,31");
    EXPECT_EQ(values(s.days_of_week), "0,2,4,6");

    // Leading zeros, a step as wide as the field, a one-value range, overlapping list items.
    s = parsed("05 */24 7-7 1-6,4-9 *");
    EXPECT_EQ(values(s.minutes), "5");
    EXPECT_EQ(values(s.hours), "0");
    EXPECT_EQ(values(s.days_of_month), "7");
    EXPECT_EQ(values(s.months), range_text(1, 9));
}

TEST(cron_schedule, parses_month_and_day_names_in_any_case) {
    auto s = parsed("0 0 * jan-MAR,Dec mon,Wed,fri");
    EXPECT_EQ(values(s.months), "1,2,3,12");
    EXPECT_EQ(values(s.days_of_week), "1,3,5");
    EXPECT_EQ(values(parsed("0 0 * JAN-DEC/2 SUN").months), "1,3,5,7,9,11");
    EXPECT_EQ(values(parsed("0 0 * * SUN").days_of_week), "0");
    EXPECT_EQ(values(parsed("0 0 * * Mon-Fri").days_of_week), "1,2,3,4,5");
    EXPECT_EQ(values(parsed("0 0 * * sat").days_of_week), "6");
    EXPECT_EQ(values(parsed("0 0 * Feb,9-OCT *").months), "2,9,10");
}

TEST(cron_schedule, reads_day_7_as_sunday) {
    EXPECT_EQ(values(parsed("0 0 * * 7").days_of_week), "0");
    EXPECT_EQ(values(parsed("0 0 * * 5-7").days_of_week), "0,5,6");
    EXPECT_EQ(values(parsed("0 0 * * 0-7").days_of_week), "0,1,2,3,4,5,6");
    EXPECT_EQ(values(parsed("0 0 * * FRI-7").days_of_week), "0,5,6");
}

TEST(cron_schedule, marks_only_a_lone_star_day_field_as_unrestricted) {
    auto s = parsed("* * * * *");
    EXPECT_TRUE(s.any_day_of_month);
    EXPECT_TRUE(s.any_day_of_week);
    s = parsed("* * */2 * 0-6");
    EXPECT_FALSE(s.any_day_of_month);
    EXPECT_FALSE(s.any_day_of_week);
    EXPECT_EQ(values(s.days_of_week), "0,1,2,3,4,5,6");
    s = parsed("* * 1-31 * */1");
    EXPECT_FALSE(s.any_day_of_month);
    EXPECT_FALSE(s.any_day_of_week);
}

TEST(cron_schedule, accepts_runs_of_spaces_and_tabs_between_fields) {
    auto s = parsed("  30\t2 \t * *   1  ");
    EXPECT_EQ(values(s.minutes), "30");
    EXPECT_EQ(values(s.hours), "2");
    EXPECT_EQ(values(s.days_of_week), "1");
}

TEST(cron_schedule, rejects_a_wrong_number_of_fields) {
    EXPECT_NE(rejection("").find("expected 5 fields"), std::string::npos);
    EXPECT_NE(rejection("   ").find("found 0"), std::string::npos);
    EXPECT_NE(rejection("* * * *").find("found 4"), std::string::npos);
    EXPECT_NE(rejection("* * * * * *").find("found 6"), std::string::npos);
    EXPECT_NE(rejection("*/5 6-19 * *").find("(minute hour day-of-month month day-of-week)"),
              std::string::npos);
    EXPECT_NE(rejection("@hourly").find("found 1"), std::string::npos);
}

struct bad_case {
    const char* text;
    const char* message;  // the whole message: field name, field text, reason
};

void expect_messages(std::initializer_list<bad_case> cases) {
    for (const auto& c : cases) EXPECT_EQ(rejection(c.text), c.message) << c.text;
}

TEST(cron_schedule, rejects_values_out_of_range_naming_the_field) {
    expect_messages({
        {"60 * * * *", "minute field \"60\": 60 is outside 0-59"},
        {"* 24 * * *", "hour field \"24\": 24 is outside 0-23"},
        {"* * 0 * *", "day-of-month field \"0\": 0 is outside 1-31"},
        {"* * 32 * *", "day-of-month field \"32\": 32 is outside 1-31"},
        {"* * * 0 *", "month field \"0\": 0 is outside 1-12"},
        {"* * * 13 *", "month field \"13\": 13 is outside 1-12"},
        {"* * * * 8", "day-of-week field \"8\": 8 is outside 0-7"},
        {"1,2,99 * * * *", "minute field \"1,2,99\": 99 is outside 0-59"},
        {"* 1-24 * * *", "hour field \"1-24\": 24 is outside 0-23"},
        {"99999999999999999999 * * * *",
         "minute field \"99999999999999999999\": 99999999999999999999 is outside 0-59"},
    });
}

TEST(cron_schedule, rejects_bad_steps) {
    expect_messages({
        {"*/0 * * * *", "minute field \"*/0\": step 0 is outside 1-60"},
        {"*/61 * * * *", "minute field \"*/61\": step 61 is outside 1-60"},
        {"* 0-23/25 * * *", "hour field \"0-23/25\": step 25 is outside 1-24"},
        {"* * * * */8", "day-of-week field \"*/8\": step 8 is outside 1-7"},
        {"*/ * * * *", "minute field \"*/\": a step needs a number after '/', e.g. */5"},
        {"5/10 * * * *", "minute field \"5/10\": a step needs '*' or a range before it, e.g. */5 or 10-50/5"},
        {"*/5/2 * * * *", "minute field \"*/5/2\": unexpected '/'"},
        {"*/x * * * *", "minute field \"*/x\": a step needs a number after '/', e.g. */5"},
    });
}

TEST(cron_schedule, rejects_ranges_that_go_backwards) {
    expect_messages({
        {"* 19-6 * * *", "hour field \"19-6\": range 19-6 goes backwards (smaller value first)"},
        {"* * * DEC-JAN *", "month field \"DEC-JAN\": range DEC-JAN goes backwards (smaller value first)"},
        {"* * * * FRI-SUN",
         "day-of-week field \"FRI-SUN\": range FRI-SUN goes backwards (smaller value first)"},
    });
}

TEST(cron_schedule, rejects_garbage_naming_the_field) {
    expect_messages({
        {"x * * * *", "minute field \"x\": 'x' is not a number"},
        {"* JAN * * *", "hour field \"JAN\": 'JAN' is not a number"},
        {"* * L * *", "day-of-month field \"L\": 'L' is not a number"},
        {"* * * FOO *", "month field \"FOO\": unknown month name 'FOO'"},
        {"* * * * MONDAY", "day-of-week field \"MONDAY\": unknown day name 'MONDAY'"},
        {"* * * MON *", "month field \"MON\": unknown month name 'MON'"},
        {"* * * * JAN", "day-of-week field \"JAN\": unknown day name 'JAN'"},
        {"1,,2 * * * *", "minute field \"1,,2\": an item of the list is empty"},
        {"1, * * * *", "minute field \"1,\": an item of the list is empty"},
        {",1 * * * *", "minute field \",1\": an item of the list is empty"},
        {"-1 * * * *", "minute field \"-1\": unexpected '-'"},
        {"1- * * * *", "minute field \"1-\": a number is missing"},
        {"1-2-3 * * * *", "minute field \"1-2-3\": unexpected '-'"},
        {"** * * * *", "minute field \"**\": unexpected '*'"},
        {"*5 * * * *", "minute field \"*5\": unexpected '5'"},
        {"* * ? * *", "day-of-month field \"?\": unexpected '?'"},
        {"* * * * 5#2", "day-of-week field \"5#2\": unexpected '#'"},
        {"1.5 * * * *", "minute field \"1.5\": unexpected '.'"},
    });
}

// ---- next run ----

TEST(cron_schedule, runs_every_five_minutes_in_working_hours_on_weekdays) {
    // Europe/Berlin in January is UTC+1. 2026-01-16 is a Friday, 2026-01-19 the Monday after.
    const char* cron = "*/5 6-19 * * 1-5";
    const char* berlin = "Europe/Berlin";
    EXPECT_EQ(next(cron, utc(2026, 1, 16, 18, 58), berlin),
              "2026-01-19T05:00:00Z");                                               // Fri 19:58 -> Mon 06:00
    EXPECT_EQ(next(cron, utc(2026, 1, 17, 10, 0), berlin), "2026-01-19T05:00:00Z");  // Saturday
    EXPECT_EQ(next(cron, utc(2026, 1, 19, 4, 59, 59), berlin), "2026-01-19T05:00:00Z");
    EXPECT_EQ(next(cron, utc(2026, 1, 19, 5, 0), berlin), "2026-01-19T05:05:00Z");
    EXPECT_EQ(next(cron, utc(2026, 1, 19, 5, 2, 59), berlin), "2026-01-19T05:05:00Z");
    EXPECT_EQ(next(cron, utc(2026, 1, 19, 18, 50), berlin), "2026-01-19T18:55:00Z");  // 19:55, the last
    EXPECT_EQ(next(cron, utc(2026, 1, 19, 18, 55), berlin), "2026-01-20T05:00:00Z");  // Tue 06:00
}

TEST(cron_schedule, drops_the_seconds_and_runs_strictly_after) {
    EXPECT_EQ(next("15 10 * * *", utc(2026, 6, 1, 10, 14, 59), "UTC"), "2026-06-01T10:15:00Z");
    EXPECT_EQ(next("15 10 * * *", utc(2026, 6, 1, 10, 15, 0), "UTC"), "2026-06-02T10:15:00Z");
    EXPECT_EQ(next("15 10 * * *", utc(2026, 6, 1, 10, 15, 30), "UTC"), "2026-06-02T10:15:00Z");
    EXPECT_EQ(next("* * * * *", utc(2026, 6, 1, 10, 15, 59), "UTC"), "2026-06-01T10:16:00Z");
    EXPECT_EQ(next("0 */6 * * *", utc(2026, 6, 1, 13, 0), "Etc/UTC"), "2026-06-01T18:00:00Z");
    EXPECT_EQ(next("0 */6 * * *", utc(2026, 6, 1, 23, 59, 59), "UTC"), "2026-06-02T00:00:00Z");
}

TEST(cron_schedule, crosses_month_and_year_boundaries) {
    EXPECT_EQ(next("0 0 1 * *", utc(2026, 1, 31, 12, 0), "UTC"), "2026-02-01T00:00:00Z");
    // April has no 31st: the next 31st is in May.
    EXPECT_EQ(next("30 12 31 * *", utc(2026, 3, 31, 12, 30), "UTC"), "2026-05-31T12:30:00Z");
    EXPECT_EQ(next("59 23 31 12 *", utc(2026, 12, 31, 23, 59), "UTC"), "2027-12-31T23:59:00Z");
    EXPECT_EQ(next("0 0 * * *", utc(2026, 12, 31, 23, 59, 59), "UTC"), "2027-01-01T00:00:00Z");
    // The month turns at local midnight: 00:00 PST is 08:00 UTC (DST starts only on March 8).
    EXPECT_EQ(next("0 0 1 * *", utc(2026, 1, 31, 12, 0), "America/Los_Angeles"), "2026-02-01T08:00:00Z");
    EXPECT_EQ(next("0 0 1 * *", utc(2026, 2, 1, 7, 59), "America/Los_Angeles"), "2026-02-01T08:00:00Z");
    EXPECT_EQ(next("0 0 1 * *", utc(2026, 2, 1, 8, 0), "America/Los_Angeles"), "2026-03-01T08:00:00Z");
}

TEST(cron_schedule, finds_february_29_in_leap_years) {
    EXPECT_EQ(next("0 0 29 2 *", utc(2024, 2, 28, 23, 59, 30), "UTC"), "2024-02-29T00:00:00Z");
    EXPECT_EQ(next("0 0 29 2 *", utc(2024, 2, 29, 0, 0), "UTC"), "2028-02-29T00:00:00Z");
    EXPECT_EQ(next("0 0 29 2 *", utc(2026, 3, 1), "UTC"), "2028-02-29T00:00:00Z");
    EXPECT_EQ(next("0 0 28-29 2 *", utc(2027, 2, 28, 0, 0), "UTC"), "2028-02-28T00:00:00Z");
    // 2100 is not a leap year and 2104 is beyond the five-year search.
    EXPECT_EQ(next("0 0 29 2 *", utc(2096, 3, 1), "UTC"), "none");
}

TEST(cron_schedule, runs_when_either_restricted_day_field_matches) {
    // 2026-03-01 is a Sunday, 2026-03-02 a Monday.
    EXPECT_EQ(next("0 0 1 * MON", utc(2026, 2, 27), "UTC"), "2026-03-01T00:00:00Z");  // the 1st
    EXPECT_EQ(next("0 0 1 * MON", utc(2026, 3, 1), "UTC"), "2026-03-02T00:00:00Z");   // a Monday
    EXPECT_EQ(next("0 0 1 * MON", utc(2026, 3, 2), "UTC"), "2026-03-09T00:00:00Z");
    // With one day field '*', only the other one decides.
    EXPECT_EQ(next("0 0 1 * *", utc(2026, 3, 1), "UTC"), "2026-04-01T00:00:00Z");
    EXPECT_EQ(next("0 0 * * MON", utc(2026, 2, 27), "UTC"), "2026-03-02T00:00:00Z");
    // A step restricts the field: the 1st, 11th, 21st, 31st, or a Monday.
    EXPECT_EQ(next("0 0 */10 * MON", utc(2026, 3, 2), "UTC"), "2026-03-09T00:00:00Z");
    EXPECT_EQ(next("0 0 */10 * MON", utc(2026, 3, 9), "UTC"), "2026-03-11T00:00:00Z");
    // The month still has to match: 30 February never happens, but Mondays in February do (2027-02-01).
    EXPECT_EQ(next("0 0 30 2 MON", utc(2026, 3, 1), "UTC"), "2027-02-01T00:00:00Z");
}

TEST(cron_schedule, skips_a_local_time_in_the_spring_forward_gap) {
    // Europe/Berlin, 2026-03-29: 02:00 CET (01:00 UTC) becomes 03:00 CEST; 02:00-02:59 never happens.
    const char* berlin = "Europe/Berlin";
    EXPECT_EQ(next("30 2 * * *", utc(2026, 3, 28, 1, 30), berlin), "2026-03-30T00:30:00Z");    // not the 29th
    EXPECT_EQ(next("*/30 * * * *", utc(2026, 3, 29, 0, 30), berlin), "2026-03-29T01:00:00Z");  // 03:00 CEST
    EXPECT_EQ(next("0 3 * * *", utc(2026, 3, 28, 2, 0), berlin), "2026-03-29T01:00:00Z");
    EXPECT_EQ(next("0 1 * * *", utc(2026, 3, 28, 0, 0), berlin), "2026-03-29T00:00:00Z");  // 01:00 CET
}

TEST(cron_schedule, runs_once_in_the_repeated_autumn_hour) {
    // Europe/Berlin, 2026-10-25: 03:00 CEST (01:00 UTC) becomes 02:00 CET; 02:00-02:59 happens twice,
    // first at 00:00-00:59 UTC, then at 01:00-01:59 UTC.
    const char* berlin = "Europe/Berlin";
    EXPECT_EQ(next("30 2 * * *", utc(2026, 10, 24, 22, 0), berlin), "2026-10-25T00:30:00Z");
    EXPECT_EQ(next("30 2 * * *", utc(2026, 10, 25, 0, 30), berlin), "2026-10-26T01:30:00Z");
    EXPECT_EQ(next("30 2 * * *", utc(2026, 10, 25, 1, 10), berlin), "2026-10-26T01:30:00Z");  // 02:10 CET
    // A frequent schedule does not run in the second pass either: 02:30 CEST is followed by 03:00 CET.
    EXPECT_EQ(next("*/30 * * * *", utc(2026, 10, 25, 0, 30), berlin), "2026-10-25T02:00:00Z");
    EXPECT_EQ(next("*/30 * * * *", utc(2026, 10, 25, 1, 15), berlin), "2026-10-25T02:00:00Z");
    EXPECT_EQ(next("0 3 * * *", utc(2026, 10, 24, 22, 0), berlin), "2026-10-25T02:00:00Z");  // 03:00 CET
}

TEST(cron_schedule, follows_los_angeles_time_and_its_dst) {
    // 2026: PST (UTC-8) until 2026-03-08 02:00, PDT (UTC-7) until 2026-11-01 02:00 (back to 01:00).
    const char* la = "America/Los_Angeles";
    EXPECT_EQ(next("0 9 * * MON-FRI", utc(2026, 3, 6, 17, 0), la), "2026-03-09T16:00:00Z");  // Fri -> Mon PDT
    EXPECT_EQ(next("0 9 * * *", utc(2026, 3, 7, 17, 0), la), "2026-03-08T16:00:00Z");
    EXPECT_EQ(next("30 2 * * *", utc(2026, 3, 7, 10, 30), la), "2026-03-09T09:30:00Z");   // gap on the 8th
    EXPECT_EQ(next("30 1 * * *", utc(2026, 10, 31, 20, 0), la), "2026-11-01T08:30:00Z");  // 01:30 PDT
    EXPECT_EQ(next("30 1 * * *", utc(2026, 11, 1, 8, 30), la), "2026-11-02T09:30:00Z");   // 01:30 PST
    EXPECT_EQ(next("0 9 * * *", utc(2026, 11, 1, 12, 0), la), "2026-11-01T17:00:00Z");
}

TEST(cron_schedule, returns_nullopt_for_a_schedule_that_never_runs) {
    EXPECT_EQ(next("0 0 30 2 *", utc(2026, 1, 1), "UTC"), "none");
    EXPECT_EQ(next("0 0 31 4,6,9,11 *", utc(2026, 1, 1), "Europe/Berlin"), "none");
    EXPECT_EQ(next("* * 31 2 *", utc(2026, 1, 1), "America/Los_Angeles"), "none");
}

// A second, independent reading of the rules in UTC (no DST): scan minute by minute.
bool matches_at(const cron_schedule& s, sys_time<minutes> t) {
    auto day = floor<days>(t);
    hh_mm_ss hms{t - day};
    if (!s.hours[static_cast<std::size_t>(hms.hours().count())] ||
        !s.minutes[static_cast<std::size_t>(hms.minutes().count())]) {
        return false;
    }
    year_month_day ymd{day};
    bool dom = s.days_of_month[static_cast<unsigned>(ymd.day())];
    bool dow = s.days_of_week[weekday{day}.c_encoding()];
    bool day_ok = (s.any_day_of_month || s.any_day_of_week) ? dom && dow : dom || dow;
    return day_ok && s.months[static_cast<unsigned>(ymd.month())];
}

TEST(cron_schedule, agrees_with_a_minute_by_minute_scan_in_utc) {
    auto zone = find_time_zone("UTC");
    ASSERT_TRUE(zone.has_value());
    for (const char* cron : {"*/7 3-5 * * *", "0 0 13 * 5", "15 */4 1-7 * MON", "0 12 * JUN-AUG SAT,SUN",
                             "30 1 31 * *", "59 23 * * 0"}) {
        auto s = parsed(cron);
        for (sys_seconds after : {utc(2026, 1, 1), utc(2027, 7, 15, 3, 35, 20), utc(2028, 2, 28, 23, 59)}) {
            std::optional<sys_seconds> expected;
            for (auto t = floor<minutes>(after) + minutes(1); t < after + days(400); t += minutes(1)) {
                if (matches_at(s, t)) {
                    expected = t;
                    break;
                }
            }
            ASSERT_TRUE(expected.has_value()) << cron;
            auto run = next_run_after(s, after, **zone);
            ASSERT_TRUE(run.has_value()) << cron;
            EXPECT_EQ(utc_text(*run), utc_text(*expected)) << cron << " after " << utc_text(after);
        }
    }
}

// ---- time zones ----

TEST(cron_schedule, finds_time_zones_by_iana_name) {
    auto berlin = find_time_zone("Europe/Berlin");
    ASSERT_TRUE(berlin.has_value());
    EXPECT_NE(*berlin, nullptr);
    auto again = find_time_zone("Europe/Berlin");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *berlin);
    EXPECT_TRUE(find_time_zone("America/Los_Angeles").has_value());
    EXPECT_TRUE(find_time_zone("UTC").has_value());
}

TEST(cron_schedule, rejects_an_unknown_time_zone) {
    for (const char* name : {"Mars/Olympus_Mons", "", "europe/berlin", "CET+1"}) {
        auto zone = find_time_zone(name);
        ASSERT_FALSE(zone.has_value()) << name;
        EXPECT_EQ(zone.error(), "unknown time zone '" + std::string(name) + "'");
    }
}

}  // namespace
}  // namespace mlc
