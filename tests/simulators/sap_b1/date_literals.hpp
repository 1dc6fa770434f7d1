// Which date-literal forms a $filter may compare a date property with, per API version (reference §4.1, §12).
#pragma once

#include "tests/simulators/sap_b1/odata_filter.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"
#include "tests/simulators/sap_b1/sl_error.hpp"

#include <optional>
#include <string_view>

namespace mlc::sim::sap {

// True when `literal` (as written in the filter) is a date form the version takes. v1: the documented
// quoted forms '2025-08-20', '20250820', datetime'2025-08-20', '2025-08-20T12:21:21', '20250820000000'.
// v2 takes exactly one form: the quoted '2025-08-20' by default, or with `v2_iso` only the unquoted ISO
// literal (2025-08-20 or 2025-08-20T00:00:00Z). Never throws.
bool accepted_date_literal(std::string_view literal, api_version version, bool v2_iso) noexcept;

// The -1000 error SL answers for the first date property (a name ending in "Date") that `filter` compares
// with a literal the version does not take; nullopt when every one is taken. Throws std::bad_alloc only.
std::optional<sl_error> refused_date_literal(const odata_filter& filter, api_version version, bool v2_iso);

}  // namespace mlc::sim::sap
