// Time helpers: UTC formatting through Howard Hinnant's date library.
#include "common/clock.hpp"

#include <date/date.h>

namespace mlc {

std::string format_utc_iso8601(std::chrono::system_clock::time_point tp) {
    return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::milliseconds>(tp));
}

}  // namespace mlc
