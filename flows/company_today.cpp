// The SAP company's calendar date through the tz database.
#include "flows/company_today.hpp"

#include "common/local_day.hpp"

#include <date/tz.h>

namespace mlc::flows {

std::chrono::sys_days company_today(const std::string& zone, std::chrono::system_clock::time_point now) {
    return local_day(*date::locate_zone(zone), now);
}

}  // namespace mlc::flows
