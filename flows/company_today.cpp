// The SAP company's calendar date through the tz database.
#include "flows/company_today.hpp"

#include <date/tz.h>

namespace mlc::flows {

std::chrono::sys_days company_today(const std::string& zone, std::chrono::system_clock::time_point now) {
    auto local = date::locate_zone(zone)->to_local(std::chrono::floor<std::chrono::seconds>(now));
    return std::chrono::sys_days(std::chrono::floor<std::chrono::days>(local.time_since_epoch()));
}

}  // namespace mlc::flows
