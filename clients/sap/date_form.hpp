// The forms a $filter date literal can take, and which to try per version: the v2 form is unconfirmed
// (reference §12), so the client probes the candidates and keeps the one the Service Layer accepts.
#pragma once

#include "clients/sap/api_version.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::sap {

enum class date_form {
    quoted,          // '2025-08-20' (the manual's form; v1, and v2 as documented)
    quoted_compact,  // '20250820'
    typed,           // datetime'2025-08-20' (OData v3)
    iso,             // 2025-08-20T00:00:00Z (OData v4's unquoted Edm.DateTimeOffset)
};

// `day` written in `form`. Service Layer compares dates by day. Throws std::bad_alloc only.
std::string date_literal(date_form form, std::chrono::sys_days day);

// The forms to probe, most likely first: v1 quoted, typed, quoted_compact; v2 quoted, iso. Never empty.
// Throws std::bad_alloc only.
std::vector<date_form> date_form_candidates(api_version version);

// The form used before a probe has answered: the first candidate. Never throws.
date_form documented_date_form(api_version version) noexcept;

// "'2025-08-20' (quoted)", for logs and the check. Never throws.
std::string_view describe(date_form form) noexcept;

}  // namespace mlc::clients::sap
