// The poll schedule (MLC_POLL_SCHEDULE): five-field cron expressions and their next run in a time zone.
#pragma once

#include <boost/system/result.hpp>

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace mlc {

// A parsed cron expression: bit i of each set is on when value i matches.
struct cron_schedule {
    std::bitset<60> minutes;        // 0-59
    std::bitset<24> hours;          // 0-23
    std::bitset<32> days_of_month;  // 1-31 (bit 0 unused)
    std::bitset<13> months;         // 1-12 (bit 0 unused)
    std::bitset<7> days_of_week;    // 0-6, Sunday 0 (a 7 in the text is Sunday too)
    // Whether the day fields were written as a lone '*' (then every bit is on). Only they decide between
    // the day rules of next_run_after(): "*/2" or "1-31" count as restricted.
    bool any_day_of_month = true;
    bool any_day_of_week = true;
    std::string text;  // as written, for logs and messages
};

// Parses five fields separated by spaces or tabs: minute, hour, day-of-month, month, day-of-week. Each
// field is a comma-separated list of '*', a number, a range a-b, or a step */n or a-b/n (n from 1 to the
// number of values of the field). Months may be written JAN-DEC and days SUN-SAT, in any case; day 7 is
// Sunday. A range must not go backwards ("FRI-SUN" is written 5-7). Throws only std::bad_alloc. Returns
// the schedule, or a message naming the field, its text and what is wrong with it.
boost::system::result<cron_schedule, std::string> parse_cron(std::string_view text);

// Returns the first whole-minute instant strictly after `after` (its seconds dropped first) whose local
// time in `zone` matches `s`, or nullopt if none does within the next five years (e.g. "0 0 30 2 *";
// "0 0 29 2 *" finds the next Feb 29 except across a skipped leap year such as 2100). Day rule of Vixie
// cron: when both day fields are restricted, a day matches if either does; otherwise both must. Across
// DST, a local time in the spring-forward gap never happens, so it does not run that day; a local time
// in the repeated autumn hour runs once, at its first occurrence. Throws std::runtime_error if the zone's
// data cannot be read (the tz library loads it on first use).
std::optional<std::chrono::sys_seconds> next_run_after(const cron_schedule& s, std::chrono::sys_seconds after,
                                                       const date::time_zone& zone);

// Returns the IANA time zone called `name` (e.g. "Europe/Berlin", "UTC"), valid for the life of the
// program, or the message "unknown time zone '<name>'". Throws only std::bad_alloc.
boost::system::result<const date::time_zone*, std::string> find_time_zone(std::string_view name);

}  // namespace mlc
