// Which tables an SQL text reads, and whether Service Layer's SQL table allowlist lets a query read them.
#pragma once

#include "tests/simulators/sap_b1/store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::sim::sap {

// The tables `sql` names after FROM (a comma list too) and JOIN, upper-cased, without schema or quotes, in
// the order they appear; subqueries are looked into, string literals skipped. Throws std::bad_alloc only.
std::vector<std::string> tables_read(std::string_view sql);

// The first table `sql` reads that is outside the allowlist: Service Layer's default list (OITM, OITW, OIBQ,
// OBIN, OBTQ, OBBQ, OBTN, OSRQ, OSBQ, OSRN; reference §8.6.3) plus what the company added (OINM when
// rules.journal_accessible). nullopt when every table is allowed. Throws std::bad_alloc only.
std::optional<std::string> table_not_allowed(const company_rules& rules, std::string_view sql);

}  // namespace mlc::sim::sap
