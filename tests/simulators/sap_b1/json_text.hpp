// JSON text as Service Layer writes it: decimals as 9.0 and 4695.48, never Boost.JSON's 9E0 and 4.69548E3.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace mlc::sim::sap {

// Serializes `v` compactly; doubles in the shortest round-trip decimal form, always with a '.'.
// Throws std::bad_alloc only.
std::string to_json_text(const boost::json::value& v);

}  // namespace mlc::sim::sap
