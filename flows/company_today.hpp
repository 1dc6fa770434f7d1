// The SAP company's calendar date: what its documents' dates and its batches' expiry dates are compared with.
#pragma once

#include <chrono>
#include <string>

namespace mlc::flows {

// Today's date in the SAP company's time zone `zone` (an IANA name) at `now`. Throws std::runtime_error for
// an unknown zone (the configuration loader has checked it).
std::chrono::sys_days company_today(const std::string& zone, std::chrono::system_clock::time_point now);

}  // namespace mlc::flows
