// What the integration tests need from their environment (the PostgreSQL that .ci/run starts).
#pragma once

#include <string>

namespace mlc::test {

// MLC_TEST_DATABASE_URL. Fails the current test (and throws) when it is not set: integration tests never
// pass silently without a database.
std::string test_database_url();

// MLC_TEST_PG_RESTART: a shell command that restarts the test PostgreSQL server (set by .ci/run).
// Throws when it is not set.
std::string test_pg_restart_command();

// The absolute path of `relative` in the source tree (e.g. "scripts/pg-pair.sh"). Never throws except
// std::bad_alloc.
std::string source_path(const std::string& relative);

}  // namespace mlc::test
