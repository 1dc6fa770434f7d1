// Calendar days in a time zone: what date an instant is for the company (DocDate, "today" for batch expiry).
#pragma once

#include <chrono>

namespace date {
class time_zone;
}

namespace mlc {

// The calendar day of `instant` in `zone` (a date::time_zone from find_time_zone()). Throws
// std::runtime_error if the zone's data cannot be read (the tz library loads it on first use).
std::chrono::sys_days local_day(const date::time_zone& zone, std::chrono::system_clock::time_point instant);

}  // namespace mlc
