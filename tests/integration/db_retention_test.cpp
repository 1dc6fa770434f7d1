// Integration tests of retention against a real PostgreSQL: succeeded jobs deleted, audit payloads cleared
// through the one change the append-only trigger allows, in bounded batches, logged.
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "flows/retention.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>
#include <pqxx/except>

#include <chrono>
#include <sstream>
#include <string>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::milliseconds ninety_days = std::chrono::hours(24 * 90);

class db_retention : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }

    // A job in `state`, finished (or not) `age_sql` ago, e.g. '8 days'.
    void job(const std::string& key, const std::string& state, const std::string& age_sql) {
        const bool running = state == "running";
        sql("INSERT INTO job_queue (kind, dedupe_key, state, finished_at, lease_owner, lease_expires_at) "
            "VALUES ('test', '" +
            key + "', '" + state + "', " + (running ? "NULL" : "now() - interval '" + age_sql + "'") + ", " +
            (running ? "'w', now() + interval '1 minute'" : "NULL, NULL") + ")");
    }
    // An audit row with both summaries, occurred `age_sql` ago; returns its id.
    std::int64_t audit_row(const std::string& key, const std::string& age_sql) {
        return sql("INSERT INTO audit_log (occurred_at, direction, entity_type, entity_key, action, outcome, "
                   "request_summary, response_summary, error) VALUES (now() - interval '" +
                   age_sql + "', 'outbound', 'sap_order', '" + key +
                   "', 'create_order', 'ok', '{\"shipTo\":{\"name\":\"Ada Lovelace\"}}', "
                   "'{\"email\":\"ada@example.com\"}', 'kept') RETURNING id")[0][0]
            .as<std::int64_t>();
    }
    std::string keys(const std::string& query) {
        std::string out;
        for (const auto& row : sql(query)) out += row[0].as<std::string>() + " ";
        return out;
    }

    std::ostringstream log_text;
    logger log_{log_config{log_level::info, log_format::json}, log_text};
};

TEST_F(db_retention, succeeded_jobs_past_the_retention_are_deleted_and_nothing_else) {
    job("old-ok", "succeeded", "8 days");
    job("new-ok", "succeeded", "6 days");
    job("old-dead", "dead", "30 days");
    job("old-failed", "failed", "30 days");
    job("running", "running", "");
    auto n = run(
        [](pqxx::work& w) { return db::job_queue::delete_succeeded(w, std::chrono::hours(24 * 7), 100); });
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(keys("SELECT dedupe_key FROM job_queue ORDER BY dedupe_key"),
              "new-ok old-dead old-failed running ");
}

TEST_F(db_retention, job_pruning_runs_in_bounded_batches_until_none_is_left_and_logs_each) {
    for (int i = 0; i < 5; ++i) job("old-" + std::to_string(i), "succeeded", "8 days");
    auto n = run_coro(flows::prune_succeeded_jobs(
        db(), std::chrono::hours(24 * 7), log_, [] { return false; }, 2));
    EXPECT_EQ(n, 5u);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue")[0][0].as<int>(), 0);
    auto text = log_text.str();
    EXPECT_NE(text.find("\"event\":\"jobs.pruned\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"rows\":1"), std::string::npos) << text;  // the third batch: 2 + 2 + 1
}

TEST_F(db_retention, pruning_stops_between_batches_when_the_service_stops) {
    for (int i = 0; i < 5; ++i) job("old-" + std::to_string(i), "succeeded", "8 days");
    int batches = 0;
    auto n = run_coro(flows::prune_succeeded_jobs(
        db(), std::chrono::hours(24 * 7), log_, [&batches] { return batches++ >= 1; }, 2));
    EXPECT_EQ(n, 2u);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue")[0][0].as<int>(), 3);
}

TEST_F(db_retention, an_old_audit_row_loses_its_payloads_and_keeps_the_rest) {
    auto old_id = audit_row("Orders(1)", "91 days");
    auto new_id = audit_row("Orders(2)", "89 days");
    auto n = run_coro(flows::clear_audit_payloads(db(), ninety_days, log_, [] { return false; }));
    EXPECT_EQ(n, 1u);
    auto old_row =
        sql("SELECT request_summary IS NULL, response_summary IS NULL, payload_cleared_at IS NOT NULL,"
            " entity_key, error, action FROM audit_log WHERE id = " +
            std::to_string(old_id))[0];
    EXPECT_TRUE(old_row[0].as<bool>());
    EXPECT_TRUE(old_row[1].as<bool>());
    EXPECT_TRUE(old_row[2].as<bool>());
    EXPECT_EQ(old_row[3].as<std::string>(), "Orders(1)");
    EXPECT_EQ(old_row[4].as<std::string>(), "kept");
    EXPECT_EQ(old_row[5].as<std::string>(), "create_order");
    auto new_row = sql("SELECT request_summary::text, payload_cleared_at IS NULL FROM audit_log WHERE id = " +
                       std::to_string(new_id))[0];
    EXPECT_NE(new_row[0].as<std::string>().find("Ada Lovelace"), std::string::npos);
    EXPECT_TRUE(new_row[1].as<bool>());
    auto text = log_text.str();
    EXPECT_NE(text.find("\"event\":\"audit.payloads_cleared\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"cutoff\":\""), std::string::npos) << text;
    // A second run finds nothing more to clear.
    EXPECT_EQ(run_coro(flows::clear_audit_payloads(db(), ninety_days, log_, [] { return false; })), 0u);
}

TEST_F(db_retention, audit_payloads_are_cleared_in_bounded_batches) {
    for (int i = 0; i < 5; ++i) audit_row("Orders(" + std::to_string(i) + ")", "100 days");
    auto first = run([](pqxx::work& w) { return db::audit_log::clear_payloads(w, ninety_days, 2); });
    EXPECT_EQ(first.rows, 2u);
    EXPECT_LT(first.cutoff, std::chrono::system_clock::now() - ninety_days + 1min);
    EXPECT_GT(first.cutoff, std::chrono::system_clock::now() - ninety_days - 1min);
    auto all = run_coro(flows::clear_audit_payloads(
        db(), ninety_days, log_, [] { return false; }, 2));
    EXPECT_EQ(all, 3u);
    EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE payload_cleared_at IS NULL")[0][0].as<int>(), 0);
}

TEST_F(db_retention, the_audit_log_still_refuses_every_other_change) {
    auto id = std::to_string(audit_row("Orders(1)", "100 days"));
    const std::string refused[] = {
        "UPDATE audit_log SET entity_key = 'Orders(9)' WHERE id = " + id,
        "UPDATE audit_log SET error = NULL WHERE id = " + id,
        // Clearing together with any other column is refused too.
        "UPDATE audit_log SET request_summary = NULL, response_summary = NULL, payload_cleared_at = now(),"
        " outcome = 'failed' WHERE id = " +
            id,
        // Only both summaries at once, and only with the stamp.
        "UPDATE audit_log SET request_summary = NULL, payload_cleared_at = now() WHERE id = " + id,
        "UPDATE audit_log SET request_summary = NULL, response_summary = NULL WHERE id = " + id,
        // A payload cannot be put back or replaced.
        "UPDATE audit_log SET request_summary = '{\"x\":1}' WHERE id = " + id,
        "DELETE FROM audit_log WHERE id = " + id,
    };
    for (const auto& statement : refused)
        EXPECT_THROW(sql(statement), pqxx::insufficient_privilege) << statement;
    run([](pqxx::work& w) { return db::audit_log::clear_payloads(w, ninety_days, 10); });
    // Once cleared, the stamp cannot be moved nor removed.
    EXPECT_THROW(sql("UPDATE audit_log SET payload_cleared_at = NULL WHERE id = " + id),
                 pqxx::insufficient_privilege);
    EXPECT_THROW(sql("UPDATE audit_log SET payload_cleared_at = now() + interval '1 day' WHERE id = " + id),
                 pqxx::insufficient_privilege);
    EXPECT_EQ(sql("SELECT entity_key FROM audit_log WHERE id = " + id)[0][0].as<std::string>(), "Orders(1)");
}

}  // namespace
}  // namespace mlc::test
