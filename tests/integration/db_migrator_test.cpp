// Integration tests of the migrator against a real PostgreSQL: apply, re-apply, concurrency, checksums.
#include "db/migration.hpp"
#include "db/migrator.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/nontransaction>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

namespace mlc::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class db_migrator : public pg_schema_fixture {
protected:
    bool table_exists(const std::string& name) const {
        return !sql("SELECT to_regclass('" + name + "')")[0][0].is_null();
    }
    long long count(const std::string& table) const {
        return sql("SELECT count(*) FROM " + table)[0][0].as<long long>();
    }
    static std::vector<db::migration> first(std::size_t n) {
        const auto& all = db::embedded_migrations();
        return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n)};
    }
};

// 1..N for the N embedded migrations, and the version a test's extra migration takes.
std::vector<int> embedded_versions() {
    std::vector<int> v;
    for (const auto& m : db::embedded_migrations()) v.push_back(m.version);
    return v;
}
int next_version() {
    return static_cast<int>(db::embedded_migrations().size()) + 1;
}

TEST_F(db_migrator, embedded_migrations_are_numbered_from_one_with_checksums) {
    const auto& all = db::embedded_migrations();
    ASSERT_GE(all.size(), 4u);
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
        EXPECT_EQ(all[i].checksum.size(), 64u);
        EXPECT_FALSE(all[i].sql.empty());
    }
    EXPECT_EQ(all[1].file_name(), "0002_job_queue.sql");
}

TEST_F(db_migrator, applies_all_embedded_migrations) {
    auto report = apply_embedded_migrations();
    EXPECT_EQ(report.applied, embedded_versions());
    EXPECT_THAT(report.already_applied, IsEmpty());
    const std::vector<std::string> tables{
        "audit_log",         "job_queue",         "webhook_inbox",       "watermarks",       "order_links",
        "shipment_links",    "sku_map",           "item_links",          "item_stock",       "customer_links",
        "schema_migrations", "rate_budget_sends", "rate_budget_waiters", "rate_budget_state"};
    for (const auto& table : tables) EXPECT_TRUE(table_exists(table)) << table;
    auto rows = sql("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    ASSERT_EQ(rows.size(), db::embedded_migrations().size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i][1].as<std::string>(), db::embedded_migrations()[i].name);
        EXPECT_EQ(rows[i][2].as<std::string>(), db::embedded_migrations()[i].checksum);
    }
    // Created in the test's schema, not in public.
    EXPECT_EQ(
        sql("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema() + "'")[0][0].as<std::size_t>(),
        tables.size());
}

TEST_F(db_migrator, reapplying_is_a_no_op) {
    apply_embedded_migrations();
    auto before = sql("SELECT version, applied_at::text FROM schema_migrations ORDER BY version");
    auto report = apply_embedded_migrations();
    EXPECT_THAT(report.applied, IsEmpty());
    EXPECT_EQ(report.already_applied, embedded_versions());
    auto after = sql("SELECT version, applied_at::text FROM schema_migrations ORDER BY version");
    ASSERT_EQ(before.size(), after.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(before[i][1].as<std::string>(), after[i][1].as<std::string>());
    }
}

TEST_F(db_migrator, two_instances_applying_at_once_apply_each_migration_once) {
    // A slow last migration keeps the first instance inside the lock while the second one arrives.
    auto migrations = db::embedded_migrations();
    migrations.push_back(db::make_migration(next_version(), "slow",
                                            "SELECT pg_sleep(0.5); CREATE TABLE slow_marker (id int);"));
    db::database a(config(2), log());
    db::database b(config(2), log());
    boost::asio::io_context ioc;
    auto fa = boost::asio::co_spawn(ioc, db::apply_migrations(a, migrations), boost::asio::use_future);
    auto fb = boost::asio::co_spawn(ioc, db::apply_migrations(b, migrations), boost::asio::use_future);
    ioc.run();
    auto ra = fa.get();
    auto rb = fb.get();
    std::vector<int> all = ra.applied;
    all.insert(all.end(), rb.applied.begin(), rb.applied.end());
    std::sort(all.begin(), all.end());
    auto expected = embedded_versions();
    expected.push_back(next_version());
    EXPECT_EQ(all, expected);
    EXPECT_EQ(count("schema_migrations"), next_version());
}

TEST_F(db_migrator, changed_checksum_of_an_applied_migration_is_an_error_and_changes_nothing) {
    run_coro(db::apply_migrations(db(), first(2)));
    auto edited = db::embedded_migrations();
    edited[0] = db::make_migration(1, edited[0].name, edited[0].sql + "\n-- edited after release\n");
    try {
        run_coro(db::apply_migrations(db(), edited));
        FAIL() << "expected migration_error";
    } catch (const db::migration_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("0001_audit_log.sql"));
    }
    EXPECT_FALSE(table_exists("webhook_inbox"));  // the pending ones were not applied either
    EXPECT_EQ(count("schema_migrations"), 2);
    EXPECT_EQ(sql("SELECT checksum FROM schema_migrations WHERE version = 1")[0][0].as<std::string>(),
              db::embedded_migrations()[0].checksum);
}

TEST_F(db_migrator, the_lock_is_per_schema) {
    // Another schema's lock does not block us...
    auto other = connect();
    pqxx::nontransaction(*other).exec(
        "SELECT pg_advisory_lock(hashtextextended('mlc.schema_migrations:some_other_schema', 0))");
    EXPECT_EQ(apply_embedded_migrations().applied, embedded_versions());

    // ...but our own schema's lock, held by a "replica", makes apply wait until it is released.
    auto replica = connect();
    pqxx::nontransaction(*replica).exec(
        "SELECT pg_advisory_lock(hashtextextended('mlc.schema_migrations:" + schema() + "', 0))");
    db::database waiting_db(config(1), log());
    auto pending = std::async(std::launch::async, [&] {
        return run_coro(db::apply_migrations(waiting_db, db::embedded_migrations()));
    });
    bool seen_waiting = false;
    for (int i = 0; i < 500 && !seen_waiting; ++i) {
        seen_waiting =
            sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0][0].as<int>() >
            0;
        if (!seen_waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(seen_waiting);
    EXPECT_EQ(pending.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
    pqxx::nontransaction(*replica).exec("SELECT pg_advisory_unlock_all()");
    EXPECT_EQ(pending.get().already_applied, embedded_versions());
}

TEST_F(db_migrator, check_reports_pending_mismatched_unknown_and_current) {
    auto fresh = run_coro(db::check_migrations(db(), db::embedded_migrations()));
    EXPECT_FALSE(fresh.current);
    EXPECT_EQ(fresh.pending, embedded_versions());
    EXPECT_THAT(fresh.reason, HasSubstr("pending"));

    run_coro(db::apply_migrations(db(), first(2)));
    auto partial = run_coro(db::check_migrations(db(), db::embedded_migrations()));
    EXPECT_FALSE(partial.current);
    auto all_versions = embedded_versions();
    EXPECT_EQ(partial.pending, std::vector<int>(all_versions.begin() + 2, all_versions.end()));

    apply_embedded_migrations();
    auto current = run_coro(db::check_migrations(db(), db::embedded_migrations()));
    EXPECT_TRUE(current.current);
    EXPECT_THAT(current.pending, IsEmpty());
    EXPECT_TRUE(current.reason.empty());

    auto edited = db::embedded_migrations();
    edited[2] = db::make_migration(3, edited[2].name, "-- not what was applied");
    auto mismatch = run_coro(db::check_migrations(db(), edited));
    EXPECT_FALSE(mismatch.current);
    EXPECT_THAT(mismatch.mismatched, ElementsAre(3));
    EXPECT_THAT(mismatch.reason, HasSubstr("checksum"));

    // An older binary on a newer database: reported, still current.
    auto older = run_coro(db::check_migrations(db(), first(3)));
    EXPECT_TRUE(older.current);
    auto versions = embedded_versions();
    std::vector<int> newer(versions.begin() + 3, versions.end());
    EXPECT_EQ(older.unknown_applied, newer);
    auto older_apply = run_coro(db::apply_migrations(db(), first(3)));
    EXPECT_EQ(older_apply.unknown_applied, newer);
}

TEST_F(db_migrator, a_failing_migration_is_rolled_back_alone) {
    auto migrations = db::embedded_migrations();
    migrations.push_back(db::make_migration(next_version(), "broken",
                                            "CREATE TABLE half_done (id int); SELECT no_such_fn();"));
    EXPECT_THROW(run_coro(db::apply_migrations(db(), migrations)), pqxx::sql_error);
    EXPECT_EQ(count("schema_migrations"), next_version() - 1);
    EXPECT_FALSE(table_exists("half_done"));
    // The advisory lock was released: applying again in another session does not hang.
    db::database other(config(1), log());
    EXPECT_THROW(run_coro(db::apply_migrations(other, migrations)), pqxx::sql_error);
}

TEST_F(db_migrator, rejects_a_list_out_of_order) {
    auto migrations = first(2);
    std::swap(migrations[0], migrations[1]);
    EXPECT_THROW(run_coro(db::apply_migrations(db(), migrations)), db::migration_error);
}

}  // namespace
}  // namespace mlc::test
