// OData query options ($filter, $select, $orderby, $top) and the literals a $filter is written with.
#pragma once

#include "clients/sap/api_version.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::sap {

// 'O''Brien': a string literal with single quotes doubled. Throws std::bad_alloc only.
std::string string_literal(std::string_view value);

// Builds the query string of a collection request. Values are percent-encoded as needed.
class odata_query {
public:
    // A $filter expression written with the literal helpers above, e.g.
    // "UpdateDate ge " + date_literal(form, d) + " and CardCode eq " + string_literal(c) (date_form.hpp).
    odata_query& filter(std::string expression);
    odata_query& select(std::vector<std::string> fields);
    odata_query& orderby(std::string expression);  // "DocEntry asc"
    odata_query& top(unsigned n);

    // "?$filter=...&$select=A,B&$orderby=...&$top=n", or "" with no option set. Throws std::bad_alloc only.
    std::string to_string() const;

private:
    std::string filter_;
    std::vector<std::string> select_;
    std::string orderby_;
    std::optional<unsigned> top_;
};

// Percent-encodes a query option value: everything but unreserved characters and ' ( ) , : is escaped,
// spaces as %20. Throws std::bad_alloc only.
std::string encode_query_value(std::string_view value);

// "2024-01-15" or "2024-01-15T00:00:00Z" (either version's wire form; the time part is ignored) as a day;
// nullopt if `text` is neither. Never throws.
std::optional<std::chrono::sys_days> parse_date(std::string_view text) noexcept;

}  // namespace mlc::clients::sap
