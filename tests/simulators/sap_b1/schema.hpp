// The properties of each entity type, as named in the Service Layer metadata (used to reject unknown ones).
#pragma once

#include <string_view>

namespace mlc::sim::sap {

// True when `property` belongs to the entity type of `set` ("U_" user fields always do: whether the company
// defined one is user_fields.hpp's defined_property). Never throws.
bool known_property(std::string_view set, std::string_view property) noexcept;

// True when `property` belongs to DocumentLine ("U_" user fields always do). Never throws.
bool known_line_property(std::string_view property) noexcept;

}  // namespace mlc::sim::sap
