// Applies and checks schema migrations: advisory-locked, one transaction per migration, checksums verified.
#pragma once

#include "db/database.hpp"
#include "db/migration.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace mlc::db {

struct migration_report {
    std::vector<int> applied;          // versions applied by this call, ascending
    std::vector<int> already_applied;  // known versions that were in place before
    std::vector<int> unknown_applied;  // versions in the database this binary does not know (database newer)
};

struct migration_status {
    bool current = false;  // nothing pending and no checksum mismatch (unknown versions do not count)
    std::vector<int> pending;
    std::vector<int> mismatched;
    std::vector<int> unknown_applied;
    std::string reason;  // one line for humans when not current, empty otherwise
};

// Creates schema_migrations if missing and, holding a PostgreSQL advisory lock keyed by the current schema
// (replicas sharing a schema serialize, other schemas do not), verifies the checksums of applied migrations
// and applies the pending ones, each in its own transaction with its schema_migrations row. Re-running is a
// no-op. Throws migration_error (changing nothing) when an applied migration's checksum differs or the list
// is not strictly ascending; pqxx exceptions when a migration's SQL fails (that migration is rolled back,
// earlier ones stay); database_closed.
asio::awaitable<migration_report> apply_migrations(database& db, const std::vector<migration>& migrations);

// Compares the database with `migrations` without changing anything (for /readyz). A missing
// schema_migrations table means everything is pending. Throws pqxx exceptions or database_closed.
asio::awaitable<migration_status> check_migrations(database& db, const std::vector<migration>& migrations);

}  // namespace mlc::db
