// Integration tests of the audit log against a real PostgreSQL: append, lookups, append-only enforcement.
#include "db/audit_log.hpp"
#include "tests/support/pg_schema_fixture.hpp"

#include <gtest/gtest.h>
#include <pqxx/except>

namespace mlc::test {
namespace {

namespace al = db::audit_log;

class db_audit_log : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }
    std::int64_t append(const std::string& key, al::outcome result, const std::string& correlation) {
        al::entry e;
        e.dir = al::direction::outbound;
        e.entity_type = "sap_order";
        e.entity_key = key;
        e.action = "create_order";
        e.result = result;
        e.request_summary = boost::json::value{{"orderNumber", key}};
        e.correlation_id = correlation;
        e.job_id = 77;
        if (result == al::outcome::failed) e.error = "HTTP 500";
        return run([&](pqxx::work& w) { return al::append(w, e); });
    }
};

TEST_F(db_audit_log, appends_and_finds_by_entity_newest_first) {
    auto first = append("1001", al::outcome::failed, "c1");
    auto second = append("1001", al::outcome::ok, "c2");
    append("1002", al::outcome::ok, "c2");
    EXPECT_LT(first, second);

    auto rows = run([](pqxx::work& w) { return al::find_by_entity(w, "sap_order", "1001", 10); });
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].id, second);
    EXPECT_EQ(rows[1].id, first);
    EXPECT_EQ(rows[1].result, al::outcome::failed);
    EXPECT_EQ(rows[1].error, "HTTP 500");
    EXPECT_EQ(rows[1].dir, al::direction::outbound);
    EXPECT_EQ(rows[1].job_id, 77);
    ASSERT_TRUE(rows[1].request_summary.has_value());
    EXPECT_EQ(rows[1].request_summary->at("orderNumber").as_string(), "1001");
    EXPECT_FALSE(rows[1].response_summary.has_value());
    EXPECT_GT(rows[0].occurred_at.time_since_epoch().count(), 0);

    EXPECT_EQ(run([](pqxx::work& w) { return al::find_by_entity(w, "sap_order", "1001", 1); }).size(), 1u);
    EXPECT_EQ(run([](pqxx::work& w) { return al::find_by_correlation(w, "c2"); }).size(), 2u);
    EXPECT_TRUE(run([](pqxx::work& w) { return al::find_by_correlation(w, "none"); }).empty());
}

TEST_F(db_audit_log, an_entity_known_under_several_keys_has_one_timeline) {
    auto old_key = append("1001", al::outcome::ok, "c1");
    auto new_key = append("Orders(7)", al::outcome::ok, "c2");
    append("Orders(8)", al::outcome::ok, "c3");
    auto rows = run([](pqxx::work& w) {
        return al::find_by_entities(w, "sap_order", {"Orders(7)", "1001"}, 10);
    });
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].id, new_key);  // newest first, whichever key
    EXPECT_EQ(rows[1].id, old_key);
    EXPECT_EQ(run([](pqxx::work& w) {
                  return al::find_by_entities(w, "sap_order", {"Orders(7)", "1001"}, 1);
              }).size(),
              1u);
    EXPECT_TRUE(run([](pqxx::work& w) { return al::find_by_entities(w, "sap_order", {}, 10); }).empty());
}

TEST_F(db_audit_log, append_all_writes_every_row_in_the_order_given) {
    std::vector<al::entry> entries;
    for (int i = 0; i < 5; ++i) {
        al::entry e;
        e.dir = i == 0 ? al::direction::inbound : al::direction::internal;
        e.entity_type = "sap_order";
        e.entity_key = "2001";
        e.action = "step-" + std::to_string(i);
        e.result = i == 4 ? al::outcome::failed : al::outcome::info;
        if (i == 1) e.request_summary = boost::json::value{{"body", {{"name", "Müller \"GmbH\""}}}};
        if (i == 2) e.response_summary = boost::json::value{{"orderId", 5}};
        if (i == 4) e.error = "it's broken";
        if (i == 3) e.job_id = 42;
        e.correlation_id = i < 4 ? std::optional<std::string>("c9") : std::nullopt;
        entries.push_back(e);
    }
    run([&](pqxx::work& w) { al::append_all(w, entries); });
    run([&](pqxx::work& w) { al::append_all(w, {}); });  // nothing to write is fine

    auto rows = run([](pqxx::work& w) { return al::find_by_entity(w, "sap_order", "2001", 10); });
    ASSERT_EQ(rows.size(), 5u);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(rows[4 - i].action, "step-" + std::to_string(i));  // newest first
    EXPECT_EQ(rows[4].dir, al::direction::inbound);
    EXPECT_EQ(rows[3].request_summary->at("body").at("name").as_string(), "Müller \"GmbH\"");
    EXPECT_FALSE(rows[3].response_summary);
    EXPECT_EQ(rows[2].response_summary->at("orderId").as_int64(), 5);
    EXPECT_FALSE(rows[2].request_summary);
    EXPECT_EQ(rows[1].job_id, 42);
    EXPECT_FALSE(rows[2].job_id);
    EXPECT_EQ(rows[0].error, "it's broken");
    EXPECT_EQ(rows[0].result, al::outcome::failed);
    EXPECT_FALSE(rows[0].correlation_id);
    EXPECT_FALSE(rows[1].error);
    EXPECT_EQ(run([](pqxx::work& w) { return al::find_by_correlation(w, "c9"); }).size(), 4u);
}

TEST_F(db_audit_log, rows_cannot_be_updated_deleted_or_truncated) {
    append("1", al::outcome::ok, "c");
    EXPECT_THROW(sql("UPDATE audit_log SET action = 'tampered'"), pqxx::sql_error);
    EXPECT_THROW(sql("DELETE FROM audit_log"), pqxx::sql_error);
    EXPECT_THROW(sql("TRUNCATE audit_log"), pqxx::sql_error);
    EXPECT_EQ(sql("SELECT action FROM audit_log")[0][0].as<std::string>(), "create_order");
}

TEST_F(db_audit_log, an_invalid_outcome_is_rejected_by_the_database) {
    EXPECT_THROW(sql("INSERT INTO audit_log (direction, entity_type, entity_key, action, outcome) "
                     "VALUES ('outbound', 't', 'k', 'a', 'maybe')"),
                 pqxx::check_violation);
}

}  // namespace
}  // namespace mlc::test
