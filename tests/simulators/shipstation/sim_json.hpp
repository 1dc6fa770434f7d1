// Small JSON and listing helpers shared by the simulator's resources: field access, paging, date filters.
#pragma once

#include "tests/simulators/shipstation/query_params.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::sim::shipstation {

// The string member `key`, or "" when absent or not a string. Never throws except std::bad_alloc.
std::string str_of(const boost::json::object& o, std::string_view key);

// The integer member `key` (an integral double is accepted); nullopt when absent, null or not a number.
std::optional<std::int64_t> int_of(const boost::json::object& o, std::string_view key);

// The body as an object; throws model_error(param, "...") when it is not one.
const boost::json::object& object_body(const boost::json::value& body, const std::string& param);

// Pacific text for a response; V1 style per resource.
std::string pacific(utc_time t, pacific_style style);

// True if `t` lies in the range named by `<name>Start`/`<name>End` (inclusive both ends; Start exclusive
// when `exclusive_start`), compared as Pacific wall-clock readings the way V1 compares them. Throws
// model_error naming the parameter when a value is not a V1 date.
bool in_date_range(const query_params& q, std::string_view name, std::optional<utc_time> t,
                   bool exclusive_start = false);

// {"<key>": page of items, "total", "page", "pages"} with page (default 1) and pageSize (default 100,
// at most 500). Throws model_error for a page or pageSize below 1.
boost::json::object paged(boost::json::array items, const query_params& q, std::string_view key);

// V1's 404 for a missing record: {"Message":"<what> not found."}. Throws std::bad_alloc only.
api_result not_found(std::string_view what);

// Case-insensitive "starts with". Never throws.
bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept;

}  // namespace mlc::sim::shipstation
