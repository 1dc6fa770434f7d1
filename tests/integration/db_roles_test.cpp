// Integration test of least privilege in PostgreSQL: the owner migrates, the runtime role only reads and
// writes data and cannot disable the audit log's trigger (the README's role SQL, run against a test schema).
#include "db/audit_log.hpp"
#include "db/conninfo.hpp"
#include "db/job_queue.hpp"
#include "db/migrator.hpp"
#include "db/rate_budget.hpp"
#include "server/app/migrations.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>
#include <pqxx/except>

#include <random>

namespace mlc::test {
namespace {

std::string random_suffix() {
    std::random_device rd;
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 12; ++i) out += hex[rd() & 0xf];
    return out;
}

// `url` (postgresql://user@host:port/db, as the test PostgreSQL gives it) with another user.
std::string as_user(const std::string& url, const std::string& user) {
    auto start = url.find("://") + 3;
    auto at = url.find('@', start);
    return url.substr(0, start) + user + (at == std::string::npos ? "@" + url.substr(start) : url.substr(at));
}

class db_roles : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        const std::string schema_id = db::quote_identifier(schema());
        const std::string owner_id = db::quote_identifier(owner_), app_id = db::quote_identifier(app_);
        // The README's role SQL, with the test's schema for mlc.
        sql("CREATE ROLE " + owner_id + " LOGIN");
        sql("CREATE ROLE " + app_id + " LOGIN");
        roles_created_ = true;
        const std::string database = sql("SELECT current_database()")[0][0].as<std::string>();
        // The migrator's CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema
        // exists.
        sql("GRANT CREATE ON DATABASE " + db::quote_identifier(database) + " TO " + owner_id);
        sql("ALTER SCHEMA " + schema_id + " OWNER TO " + owner_id);
        sql("GRANT USAGE ON SCHEMA " + schema_id + " TO " + app_id);
        sql("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner_id + " IN SCHEMA " + schema_id +
            " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + app_id);
        sql("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner_id + " IN SCHEMA " + schema_id +
            " GRANT USAGE, SELECT ON SEQUENCES TO " + app_id);
    }
    void TearDown() override {
        runtime_.reset();
        pg_schema_fixture::TearDown();  // drops the schema, its tables and default privileges
        if (!roles_created_) return;
        for (const auto& role : {owner_, app_}) {
            sql("DROP OWNED BY " + db::quote_identifier(role));  // the grant on the database
            sql("DROP ROLE " + db::quote_identifier(role));
        }
    }

    // The service's configuration: MLC_DATABASE_URL is the runtime role's, MLC_MIGRATE_DATABASE_URL the
    // owner's.
    database_config service_config() const {
        database_config c = config(2);
        const std::string url = c.url.reveal();
        c.url = secret(as_user(url, app_));
        c.migrate_url = secret(as_user(url, owner_));
        return c;
    }
    db::database& runtime() {
        if (!runtime_) runtime_ = std::make_unique<db::database>(service_config(), log());
        return *runtime_;
    }
    template <class F>
    auto as_runtime(F f) {
        return run_coro(runtime().run(std::move(f)));
    }

    std::string owner_ = "mlc_owner_" + random_suffix();
    std::string app_ = "mlc_app_" + random_suffix();
    bool roles_created_ = false;
    std::unique_ptr<db::database> runtime_;
};

TEST_F(db_roles, the_owner_migrates_and_the_runtime_role_only_reads_and_writes_data) {
    {
        db::database migrator(server::app::migration_connection(service_config()), log());
        apply_embedded_migrations(migrator);
        migrator.close();
    }
    EXPECT_EQ(sql("SELECT tableowner FROM pg_tables WHERE schemaname = '" + schema() +
                  "' AND tablename = 'audit_log'")[0][0]
                  .as<std::string>(),
              owner_);

    // What the service does at start and at work: check the migrations, queue a job, write the audit log.
    auto status = run_coro(db::check_migrations(runtime(), db::embedded_migrations()));
    EXPECT_TRUE(status.current) << status.reason;
    auto queued = as_runtime([](pqxx::work& w) {
        db::job_queue::job_spec spec;
        spec.kind = "sync_order";
        spec.dedupe_key = "Orders(1)";
        return db::job_queue::enqueue(w, spec);
    });
    EXPECT_TRUE(queued.created);
    as_runtime([](pqxx::work& w) {
        db::job_queue::claim(w, {"sync_order"}, "w1", std::chrono::seconds(30), 1);
        db::audit_log::entry e;
        e.entity_type = "sap_order";
        e.entity_key = "Orders(1)";
        e.action = "role_test";
        return db::audit_log::append(w, e);
    });
    EXPECT_EQ(sql("SELECT count(*) FROM " + schema() + ".audit_log")[0][0].as<int>(), 1);
    // The shared ShipStation rate budget (migrations 0013, 0014): a take writing back a send made while the
    // database was away, and a 429 report with a Remaining, as every replica makes.
    db::rate_budget::budget_params budget{.bucket = "v1:test", .replica = "replica-1", .ceiling = 3};
    auto taken = as_runtime([&](pqxx::work& w) {
        return db::rate_budget::take(w, budget, 1, std::nullopt, {{std::chrono::milliseconds(100), 2}});
    });
    EXPECT_TRUE(taken.granted);
    EXPECT_EQ(taken.expected_remaining, 1);  // the written-back send and this one leave one of three
    as_runtime([&](pqxx::work& w) {
        db::rate_budget::feedback(
            w, budget,
            {.send_id = taken.send_id, .status = 429, .remaining = 0, .reset = std::chrono::seconds(30)});
    });
    EXPECT_FALSE(as_runtime([&](pqxx::work& w) { return db::rate_budget::take(w, budget, 1, 2); }).granted);

    // The evidence stays: the runtime role can neither change rows nor switch the trigger off.
    EXPECT_THROW(as_runtime([](pqxx::work& w) { w.exec0("DELETE FROM audit_log"); }), pqxx::sql_error);
    try {
        as_runtime([](pqxx::work& w) {
            w.exec0("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete");
        });
        ADD_FAILURE() << "the runtime role disabled the audit trigger";
    } catch (const pqxx::sql_error& e) {
        EXPECT_NE(std::string(e.what()).find("must be owner of table audit_log"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(as_runtime([](pqxx::work& w) { w.exec0("CREATE TABLE intruder (x int)"); }),
                 pqxx::sql_error);
    EXPECT_THROW(as_runtime([](pqxx::work& w) { w.exec0("DROP TABLE job_queue"); }), pqxx::sql_error);
}

TEST_F(db_roles, the_runtime_role_cannot_migrate) {
    EXPECT_THROW(run_coro(db::apply_migrations(runtime(), db::embedded_migrations())), pqxx::sql_error);
}

}  // namespace
}  // namespace mlc::test
