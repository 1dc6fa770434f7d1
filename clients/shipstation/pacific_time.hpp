// ShipStation V1 time: timestamps without offset in America/Los_Angeles, converted to and from UTC.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::shipstation {

// A UTC instant (system_clock: nanoseconds with libstdc++, enough for V1's 7 fractional digits).
using utc_time = std::chrono::system_clock::time_point;

// Which end of a date range a value is. Pacific local times are not one-to-one with UTC around DST:
// a range start takes the earlier candidate instant and a range end the later one, so that a window
// never loses records.
enum class range_edge { start, end };

// How a Pacific timestamp is written (every style V1 was observed to use).
enum class pacific_style {
    fraction7,  // 2015-07-16T14:00:34.8230000 (orders)
    fraction3,  // 2014-10-03T06:51:33.627 (shipments, products)
    seconds,    // 2016-06-07T00:00:00 (fulfillments)
    date_only,  // 2014-10-03 (shipDate)
};

// Parses a V1 timestamp as Pacific local time: "YYYY-MM-DD", optionally followed by 'T' or ' ' and
// "hh:mm:ss" with 0 to 7 fractional digits (a date alone means midnight). A local time in the spring gap
// (nonexistent) or the autumn repeated hour (ambiguous) has two candidate instants, one per offset;
// `edge` picks the earlier (start) or the later (end). Returns nullopt if the text is not one of those
// forms or names an invalid date or time. Throws std::runtime_error if the tz database lacks
// America/Los_Angeles.
std::optional<utc_time> parse_pacific(std::string_view text, range_edge edge = range_edge::start);

// Writes `utc` as Pacific local time in `style` (truncating what the style cannot show). Throws
// std::runtime_error if the tz database lacks America/Los_Angeles; std::bad_alloc.
std::string format_pacific(utc_time utc, pacific_style style);

// Writes a date-filter value, "YYYY-MM-DD hh:mm:ss" Pacific, such that the range edge it is used as
// never excludes `utc`: a start is rounded down to the second and an end up, and when the local text
// falls in the repeated autumn hour (which the server may read either way) it moves one hour outwards.
// Throws as format_pacific().
std::string format_pacific_filter(utc_time utc, range_edge edge);

// A Pacific wall-clock reading without its offset, as time since 1970-01-01 00:00 local: how V1 records its
// timestamps and compares date filters with them, so the two 01:30s of the autumn change are one reading.
using pacific_reading = std::chrono::nanoseconds;

// The reading of `utc`. Throws as format_pacific().
pacific_reading pacific_wall_clock(utc_time utc);

// The reading `text` names (the forms parse_pacific() reads, spring-gap times included), or nullopt if it is
// not one of them. Never throws except std::bad_alloc.
std::optional<pacific_reading> pacific_wall_clock(std::string_view text);

}  // namespace mlc::clients::shipstation
