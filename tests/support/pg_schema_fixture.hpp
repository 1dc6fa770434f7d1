// GoogleTest fixture base: each test gets its own fresh PostgreSQL schema, a config and a pool pointing at
// it.
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>
#include <pqxx/connection>
#include <pqxx/result>

#include <cstddef>
#include <memory>
#include <string>

namespace mlc::test {

class pg_schema_fixture : public ::testing::Test {
protected:
    // Creates schema t_<random hex> (fails the test when MLC_TEST_DATABASE_URL is unset).
    void SetUp() override;
    // Closes the pool from db() and drops the schema with everything in it.
    void TearDown() override;

    // A database_config for this test's schema (url from MLC_TEST_DATABASE_URL).
    database_config config(std::size_t pool_size = 4) const;
    const std::string& schema() const noexcept { return schema_; }
    const logger& log() const noexcept { return log_; }

    // A pool on this test's schema, created on first use with config(), closed in TearDown.
    db::database& db();
    // Runs f(pqxx::work&) through db() and returns its result; rethrows its exception.
    template <class F>
    auto run(F f) {
        return run_coro(db().run(std::move(f)));
    }

    // Applies the embedded migrations through `database` (db() by default). Throws what apply_migrations
    // throws.
    db::migration_report apply_embedded_migrations(db::database& database);
    db::migration_report apply_embedded_migrations() { return apply_embedded_migrations(db()); }

    // A direct connection outside any pool (application_name mlc-test), search_path on this test's schema.
    std::unique_ptr<pqxx::connection> connect() const;
    // Runs `query` in its own committed transaction on a direct connection: for setup and inspection.
    pqxx::result sql(const std::string& query) const;

private:
    std::string url_;
    std::string schema_;
    logger log_{log_config{log_level::warn, log_format::text}, std::cerr};
    std::unique_ptr<db::database> db_;
};

}  // namespace mlc::test
