// Calendar days in a time zone: what date an instant is for the company (DocDate, "today" for batch expiry).
#pragma once

#include <chrono>
#include <string>

namespace date {
class time_zone;
}

namespace mlc {

// The calendar day of `instant` in `zone` (a date::time_zone from find_time_zone()). Throws
// std::runtime_error if the zone's data cannot be read (the tz library loads it on first use).
std::chrono::sys_days local_day(const date::time_zone& zone, std::chrono::system_clock::time_point instant);

// The SAP company's today: local_day() in the zone named `zone` (an IANA name, MLC_SAP_TIME_ZONE). Throws
// std::runtime_error for an unknown zone (the configuration loader has checked it).
std::chrono::sys_days company_today(const std::string& zone, std::chrono::system_clock::time_point now);

}  // namespace mlc
