// Writing date literals in each form, and the candidate forms per API version.
#include "clients/sap/date_form.hpp"

#include <cstdio>

namespace mlc::clients::sap {

std::string date_literal(date_form form, std::chrono::sys_days day) {
    std::chrono::year_month_day ymd{day};
    const int y = static_cast<int>(ymd.year());
    const auto m = static_cast<unsigned>(ymd.month());
    const auto d = static_cast<unsigned>(ymd.day());
    char buf[40];
    switch (form) {
        case date_form::quoted:
            std::snprintf(buf, sizeof buf, "'%04d-%02u-%02u'", y, m, d);
            break;
        case date_form::quoted_compact:
            std::snprintf(buf, sizeof buf, "'%04d%02u%02u'", y, m, d);
            break;
        case date_form::typed:
            std::snprintf(buf, sizeof buf, "datetime'%04d-%02u-%02u'", y, m, d);
            break;
        case date_form::iso:
            std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT00:00:00Z", y, m, d);
            break;
    }
    return buf;
}

std::vector<date_form> date_form_candidates(api_version version) {
    if (version == api_version::v1) return {date_form::quoted, date_form::typed, date_form::quoted_compact};
    return {date_form::quoted, date_form::iso};
}

date_form documented_date_form(api_version) noexcept {
    return date_form::quoted;
}

std::string_view describe(date_form form) noexcept {
    switch (form) {
        case date_form::quoted:
            return "'2025-08-20' (quoted)";
        case date_form::quoted_compact:
            return "'20250820' (quoted, compact)";
        case date_form::typed:
            return "datetime'2025-08-20' (typed)";
        case date_form::iso:
            return "2025-08-20T00:00:00Z (unquoted ISO)";
    }
    return "unknown";
}

}  // namespace mlc::clients::sap
