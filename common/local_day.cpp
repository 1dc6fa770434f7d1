// Calendar days in a time zone.
#include "common/local_day.hpp"

#include <date/tz.h>

namespace mlc {

std::chrono::sys_days local_day(const date::time_zone& zone, std::chrono::system_clock::time_point instant) {
    auto local = zone.to_local(std::chrono::floor<std::chrono::seconds>(instant));
    return std::chrono::sys_days(std::chrono::floor<std::chrono::days>(local.time_since_epoch()));
}

std::chrono::sys_days company_today(const std::string& zone, std::chrono::system_clock::time_point now) {
    return local_day(*date::locate_zone(zone), now);
}

}  // namespace mlc
