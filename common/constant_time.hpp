// Comparison of secrets that takes the same time wherever the first difference is.
#pragma once

#include <string_view>

namespace mlc {

// True when `given` equals `expected`. The time taken does not depend on where they differ, so a caller
// cannot guess a token byte by byte; an empty `expected` never matches.
bool constant_time_equals(std::string_view given, std::string_view expected) noexcept;

}  // namespace mlc
