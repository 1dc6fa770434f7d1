// The orders flow's transactions run again after a serialization failure (issue 11, item 8): a trigger fails
// one statement once with SQLSTATE 40001, db::database::run retries the whole lambda, and the counts, links,
// jobs and audit rows come out as if it had run once.
#include "flows/orders/order_intake.hpp"
#include "tests/integration/orders_flow_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::test {
namespace {

class orders_retry_test : public orders_flow_fixture {
protected:
    // Installs a trigger `timing` (e.g. "BEFORE INSERT ON order_links") that fails the `nth` row it sees
    // (among those matching `when`) with serialization_failure. A sequence counts the rows: it is not rolled
    // back with the transaction, so the retry passes.
    void fail_once(const std::string& timing, const std::string& when, int nth) {
        sql("CREATE SEQUENCE force_retry");
        sql("CREATE FUNCTION force_retry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF nextval('force_retry') = " +
            std::to_string(nth) +
            " THEN RAISE EXCEPTION 'forced retry' USING ERRCODE = '40001'; END IF;"
            " RETURN NEW; END $$");
        sql("CREATE TRIGGER force_retry " + timing + " FOR EACH ROW " + when +
            " EXECUTE FUNCTION force_retry()");
    }

    // Rows the trigger has seen, the failed attempt's included.
    long long trigger_calls() { return sql("SELECT last_value FROM force_retry")[0][0].as<long long>(); }

    int count_of(const std::string& rows) { return sql("SELECT count(*) FROM " + rows)[0][0].as<int>(); }

    int audit_rows(const std::string& action) {
        return count_of("audit_log WHERE entity_type = '" + std::string(flows::orders::audit_entity) +
                        "' AND action = '" + action + "'");
    }

    // The most audit rows any one order has with `action`.
    int most_audit_rows_of_one_order(const std::string& action) {
        return sql("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM audit_log WHERE entity_type = "
                   "'" +
                   std::string(flows::orders::audit_entity) + "' AND action = '" + action +
                   "' GROUP BY entity_key) AS per_order")[0][0]
            .as<int>();
    }
};

TEST_F(orders_retry_test, an_intake_page_retried_after_a_serialization_failure_is_recorded_once) {
    // The second order of the first page fails: the first is wholly recorded in that attempt (link, job,
    // audit rows), then rolled back and recorded again by the retry.
    fail_once("BEFORE INSERT ON order_links", "", 2);
    auto p = poll();
    ASSERT_TRUE(p.complete) << p.error.value_or("") << log_text.str();
    EXPECT_EQ(trigger_calls(), seeded_orders + 2) << "exactly one retry";

    EXPECT_EQ(p.orders, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(p.queued, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(count_of("order_links WHERE state = 'queued'"), seeded_orders);
    EXPECT_EQ(count_of("job_queue WHERE state = 'queued' AND kind = 'push_shipstation_order'"),
              seeded_orders);
    EXPECT_EQ(audit_rows("seen"), seeded_orders);
    EXPECT_EQ(audit_rows("mapped"), seeded_orders);
    EXPECT_EQ(most_audit_rows_of_one_order("seen"), 1);
    EXPECT_EQ(most_audit_rows_of_one_order("mapped"), 1);

    auto r = push_all();
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
}

TEST_F(orders_retry_test, a_push_settled_again_after_a_serialization_failure_is_counted_and_audited_once) {
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    // The settle step records the answers; the second order's fails once, after the first was recorded.
    fail_once("BEFORE UPDATE ON order_links", "WHEN (NEW.sent_hash IS DISTINCT FROM OLD.sent_hash)", 2);
    auto r = push_all();
    EXPECT_EQ(trigger_calls(), seeded_orders + 2) << "exactly one retry";

    EXPECT_EQ(r.claimed, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(r.failed + r.dead + r.confirmed + r.locked + r.dropped, 0u);
    EXPECT_EQ(r.calls, 1u);
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 1u);
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(count_of("order_links WHERE state = 'sent' AND in_doubt_hash IS NULL"), seeded_orders);
    EXPECT_EQ(
        count_of("job_queue WHERE state = 'succeeded' AND attempts = 1 AND kind = 'push_shipstation_order'"),
        seeded_orders);
    EXPECT_EQ(audit_rows("sent"), seeded_orders);
    EXPECT_EQ(most_audit_rows_of_one_order("sent"), 1);
}

}  // namespace
}  // namespace mlc::test
