// The simulator's own Pacific time (US rules written out, no tz database and nothing of the client's), so a
// conversion bug in the connector cannot hide behind code both sides share.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::sim::shipstation {

// A UTC instant.
using utc_time = std::chrono::system_clock::time_point;

// A Pacific wall-clock reading without its offset, as time since 1970-01-01 00:00 local: how V1 records its
// timestamps and compares date filters with them (the two 01:30s of the autumn change are one reading).
using wall_reading = std::chrono::nanoseconds;

// How V1 writes a timestamp, per resource.
enum class pacific_style {
    fraction7,  // 2015-07-16T14:00:34.8230000 (orders)
    fraction3,  // 2014-10-03T06:51:33.627 (shipments, products)
    seconds,    // 2016-06-07T00:00:00 (fulfillments)
    date_only,  // 2014-10-03 (shipDate)
};

// Pacific's offset from UTC at `t`: -7 h in daylight saving time, -8 h otherwise. The US rules: since 2007
// from the second Sunday of March 02:00 PST to the first Sunday of November 02:00 PDT; 1987-2006 from the
// first Sunday of April to the last Sunday of October (earlier years use those too). Never throws.
std::chrono::hours pacific_offset(utc_time t) noexcept;

// The reading of `t`. Never throws.
wall_reading reading_of(utc_time t) noexcept;

// The reading `text` names: "YYYY-MM-DD", optionally 'T' or ' ' and "hh:mm:ss" with up to 7 fractional
// digits after a '.' (a date alone is midnight); nullopt for any other text or an invalid date or time.
// Never throws.
std::optional<wall_reading> parse_reading(std::string_view text) noexcept;

// The instant a reading stands for: in the autumn's repeated hour and the spring's gap, the earlier of the
// two candidates (the daylight offset). Never throws.
utc_time instant_of(wall_reading r) noexcept;

// parse_reading() then instant_of(). Never throws.
std::optional<utc_time> parse_pacific(std::string_view text) noexcept;

// `t` written as Pacific local time in `style`, truncated to what the style shows. Throws std::bad_alloc.
std::string format_pacific(utc_time t, pacific_style style);

}  // namespace mlc::sim::shipstation
