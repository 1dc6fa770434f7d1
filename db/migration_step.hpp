// The expand-then-contract rule for migrations: each file's step marker, and the statements an expand must
// not hold.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db {

// Expand: only adds (tables, nullable columns or columns with defaults, functions, indexes), so the previous
// release keeps running against the new schema during a rolling upgrade. Contract: removes or tightens what
// the code stopped using one release earlier.
enum class migration_step { expand, contract };

// The first line every migration file starts with: "-- step: expand: <why>" or "-- step: contract: <why>",
// the reason one line of text after the step.
inline constexpr std::string_view step_marker_prefix = "-- step: ";

// The step `sql`'s first line declares, or nullopt when the line is missing or malformed (no reason, another
// word than expand/contract). Never throws except std::bad_alloc.
std::optional<migration_step> declared_step(std::string_view sql);

// `sql` without its step marker line (unchanged when it has none): what the checksum covers, so adding the
// marker to a migration already applied by an earlier release does not change its checksum. Never throws.
std::string_view without_step_marker(std::string_view sql) noexcept;

// The statements in `sql` (comments and quoted text ignored) that no expand step may hold: DROP TABLE, DROP
// COLUMN, RENAME, SET NOT NULL, a column's TYPE change, and CREATE/DROP INDEX CONCURRENTLY (which cannot run
// in the migrator's transaction). Each entry names the offence, e.g. "DROP COLUMN". Empty when none. Never
// throws except std::bad_alloc.
std::vector<std::string> contracting_statements(std::string_view sql);

// The problems of one migration file's text against the rule: a missing marker, or contracting statements in
// a file marked expand (CONCURRENTLY is refused in either step). Empty when it complies. Never throws except
// std::bad_alloc.
std::vector<std::string> step_rule_violations(std::string_view sql);

}  // namespace mlc::db
