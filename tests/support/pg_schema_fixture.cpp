// GoogleTest fixture base: each test gets its own fresh PostgreSQL schema, a config and a pool pointing at
// it.
#include "tests/support/pg_schema_fixture.hpp"

#include "db/conninfo.hpp"
#include "db/migration.hpp"
#include "tests/support/test_env.hpp"

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <iostream>
#include <random>

namespace mlc::test {

namespace {

std::string random_schema_name() {
    std::random_device rd;
    std::mt19937_64 gen((std::uint64_t{rd()} << 32) ^ rd());
    static constexpr char hex[] = "0123456789abcdef";
    std::string name = "t_";
    std::uint64_t bits = gen();
    for (int i = 0; i < 16; ++i, bits >>= 4) name += hex[bits & 0xf];
    return name;
}

std::unique_ptr<pqxx::connection> connect_to(const database_config& config) {
    auto conn = std::make_unique<pqxx::connection>(db::make_conninfo(config));
    // The pool's connections are the ones named ml-connector: tests that kill those must spare this one.
    pqxx::nontransaction(*conn).exec0("SET application_name = 'mlc-test'");
    return conn;
}

}  // namespace

void pg_schema_fixture::SetUp() {
    url_ = test_database_url();
    schema_ = random_schema_name();
    database_config no_schema;
    no_schema.url = secret(url_);
    auto conn = connect_to(no_schema);
    pqxx::nontransaction(*conn).exec0("CREATE SCHEMA " + db::quote_identifier(schema_));
}

void pg_schema_fixture::TearDown() {
    if (db_) {
        db_->close();
        db_.reset();
    }
    if (url_.empty()) return;
    try {
        database_config no_schema;
        no_schema.url = secret(url_);
        auto conn = connect_to(no_schema);
        pqxx::nontransaction(*conn).exec0("DROP SCHEMA IF EXISTS " + db::quote_identifier(schema_) +
                                          " CASCADE");
    } catch (const std::exception& e) {
        ADD_FAILURE() << "dropping schema " << schema_ << ": " << e.what();
    }
}

database_config pg_schema_fixture::config(std::size_t pool_size) const {
    database_config c;
    c.url = secret(url_);
    c.pool_size = pool_size;
    c.schema = schema_;
    return c;
}

db::database& pg_schema_fixture::db() {
    if (!db_) db_ = std::make_unique<db::database>(config(), log_);
    return *db_;
}

db::migration_report pg_schema_fixture::apply_embedded_migrations(db::database& database) {
    return run_coro(db::apply_migrations(database, db::embedded_migrations()));
}

std::unique_ptr<pqxx::connection> pg_schema_fixture::connect() const {
    return connect_to(config());
}

pqxx::result pg_schema_fixture::sql(const std::string& query) const {
    auto conn = connect();
    pqxx::work work(*conn);
    auto result = work.exec(query);
    work.commit();
    return result;
}

}  // namespace mlc::test
