// Integration tests of the webhook inbox against a real PostgreSQL: exact storage, duplicates, states.
#include "db/sha256.hpp"
#include "db/webhook_inbox.hpp"
#include "tests/support/pg_schema_fixture.hpp"

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace wi = db::webhook_inbox;

class db_webhook_inbox : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }
    wi::store_result store(const std::string& source, const std::string& payload) {
        return run([&](pqxx::work& w) {
            return wi::store(w, source, "SHIP_NOTIFY", std::string("https://ss/shipments?batchId=1"), payload,
                             std::string("corr"));
        });
    }
};

TEST_F(db_webhook_inbox, stores_the_exact_bytes_and_detects_duplicates) {
    const std::string payload =
        "{\"resource_url\": \"https://ss/x\",\n \"resource_type\":\"SHIP_NOTIFY\" }  ";
    auto first = store("shipstation", payload);
    EXPECT_FALSE(first.duplicate);
    auto again = store("shipstation", payload);
    EXPECT_TRUE(again.duplicate);
    EXPECT_EQ(again.id, first.id);

    auto other_bytes = store("shipstation", payload + " ");
    EXPECT_FALSE(other_bytes.duplicate);
    auto other_source = store("elsewhere", payload);
    EXPECT_FALSE(other_source.duplicate);

    auto row = sql("SELECT payload, payload_sha256, state, attempts FROM webhook_inbox WHERE id = " +
                   std::to_string(first.id));
    EXPECT_EQ(row[0][0].as<std::string>(), payload);
    EXPECT_EQ(row[0][1].as<std::string>(), db::sha256_hex(payload));
    EXPECT_EQ(row[0][2].as<std::string>(), "received");
    EXPECT_EQ(sql("SELECT count(*) FROM webhook_inbox")[0][0].as<int>(), 3);
}

TEST_F(db_webhook_inbox, mark_moves_through_states) {
    auto s = store("shipstation", "{}");
    EXPECT_TRUE(
        run([&](pqxx::work& w) { return wi::mark(w, s.id, wi::inbox_state::processing, std::nullopt); }));
    EXPECT_TRUE(run([&](pqxx::work& w) {
        return wi::mark(w, s.id, wi::inbox_state::failed, std::string("ShipStation 503"));
    }));
    auto failed = sql("SELECT state, attempts, error, processed_at IS NULL FROM webhook_inbox");
    EXPECT_EQ(failed[0][0].as<std::string>(), "failed");
    EXPECT_EQ(failed[0][1].as<int>(), 1);
    EXPECT_EQ(failed[0][2].as<std::string>(), "ShipStation 503");
    EXPECT_TRUE(failed[0][3].as<bool>());

    run([&](pqxx::work& w) { return wi::mark(w, s.id, wi::inbox_state::processing, std::nullopt); });
    run([&](pqxx::work& w) { return wi::mark(w, s.id, wi::inbox_state::processed, std::nullopt); });
    auto done = sql("SELECT state, attempts, error IS NULL, processed_at IS NOT NULL FROM webhook_inbox");
    EXPECT_EQ(done[0][0].as<std::string>(), "processed");
    EXPECT_EQ(done[0][1].as<int>(), 2);
    EXPECT_TRUE(done[0][2].as<bool>());
    EXPECT_TRUE(done[0][3].as<bool>());

    EXPECT_FALSE(
        run([](pqxx::work& w) { return wi::mark(w, 999999, wi::inbox_state::processed, std::nullopt); }));
}

TEST_F(db_webhook_inbox, retention_deletes_only_finished_rows_older_than_the_age_in_batches) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(store("shipstation", "{\"n\":" + std::to_string(i) + "}").id);
    auto finish = [&](std::int64_t id, wi::inbox_state state, const char* age) {
        run([&](pqxx::work& w) { return wi::mark(w, id, state, std::nullopt); });
        sql(std::string("UPDATE webhook_inbox SET processed_at = now() - interval '") + age +
            "' WHERE id = " + std::to_string(id));
    };
    finish(ids[0], wi::inbox_state::processed, "40 days");
    finish(ids[1], wi::inbox_state::rejected, "31 days");
    finish(ids[2], wi::inbox_state::processed, "35 days");
    finish(ids[3], wi::inbox_state::processed, "29 days");  // young enough to stay
    // ids[4] is still waiting, ids[5] failed long ago: both still need handling, whatever their age.
    run([&](pqxx::work& w) { return wi::mark(w, ids[5], wi::inbox_state::failed, std::string("503")); });
    sql("UPDATE webhook_inbox SET received_at = now() - interval '90 days' WHERE id IN (" +
        std::to_string(ids[4]) + ", " + std::to_string(ids[5]) + ")");

    const auto thirty_days = std::chrono::hours(24 * 30);
    EXPECT_EQ(run([&](pqxx::work& w) { return wi::delete_finished(w, thirty_days, 2); }), 2u);
    // Oldest first: the 40- and 35-day-old rows went in the first batch.
    EXPECT_EQ(sql("SELECT count(*) FROM webhook_inbox WHERE id IN (" + std::to_string(ids[0]) + ", " +
                  std::to_string(ids[2]) + ")")[0][0]
                  .as<int>(),
              0);
    EXPECT_EQ(run([&](pqxx::work& w) { return wi::delete_finished(w, thirty_days, 2); }), 1u);
    EXPECT_EQ(run([&](pqxx::work& w) { return wi::delete_finished(w, thirty_days, 2); }), 0u);
    auto left = sql("SELECT id FROM webhook_inbox ORDER BY id");
    ASSERT_EQ(left.size(), 3u);
    EXPECT_EQ(left[0][0].as<std::int64_t>(), ids[3]);
    EXPECT_EQ(left[1][0].as<std::int64_t>(), ids[4]);
    EXPECT_EQ(left[2][0].as<std::int64_t>(), ids[5]);
}

}  // namespace
}  // namespace mlc::test
