// Durations as people write them in configuration: 500ms, 30s, 5m, 1h, 1m30s.
#pragma once

#include <boost/system/result.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace mlc {

// Parses whole numbers each followed by a unit (ms, s, m, h), largest unit first, each unit at most once:
// "500ms", "30s", "1m30s", "1h". Zero ("0s") is accepted; callers that need a positive value check it.
// Throws only std::bad_alloc. Returns the duration, or a readable message for an empty text, a negative or
// fractional number, a bare number, an unknown or repeated unit, or a total beyond the range of milliseconds.
boost::system::result<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

// Returns the shortest exact text for `d`, largest units first ("20s", "1m30s", "500ms", "0s"), which
// parse_duration reads back as `d`; a negative duration gets a leading '-' (which parse_duration
// rejects). Throws only std::bad_alloc.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace mlc
