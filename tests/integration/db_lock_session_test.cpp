// Integration tests of the lock session against a real PostgreSQL: one holder per name across sessions,
// release, schema isolation, and the key that job leases name.
#include "db/lock_session.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

class db_lock_session : public pg_schema_fixture {};

TEST_F(db_lock_session, a_name_has_one_holder_across_sessions_until_it_is_released) {
    db::lock_session a(config(), log()), b(config(), log());
    EXPECT_TRUE(run_coro(a.try_lock("mlc.order", "SBODEMOUS:7")));
    EXPECT_TRUE(run_coro(a.try_lock("mlc.order", "SBODEMOUS:7")));  // held already: still true
    EXPECT_FALSE(run_coro(b.try_lock("mlc.order", "SBODEMOUS:7")));
    EXPECT_TRUE(run_coro(b.try_lock("mlc.order", "SBODEMOUS:8")));  // another order
    EXPECT_TRUE(run_coro(a.holds("mlc.order", "SBODEMOUS:7")));
    EXPECT_FALSE(run_coro(b.holds("mlc.order", "SBODEMOUS:7")));
    run_coro(a.unlock("mlc.order", "SBODEMOUS:7"));
    EXPECT_FALSE(run_coro(a.holds("mlc.order", "SBODEMOUS:7")));
    EXPECT_TRUE(run_coro(b.try_lock("mlc.order", "SBODEMOUS:7")));
}

TEST_F(db_lock_session, a_session_that_goes_away_releases_its_locks) {
    db::lock_session b(config(), log());
    {
        db::lock_session a(config(), log());
        EXPECT_TRUE(run_coro(a.try_lock("mlc.worker", "host:1:writer-0")));
        EXPECT_FALSE(run_coro(b.try_lock("mlc.worker", "host:1:writer-0")));
    }
    bool taken = false;
    for (int i = 0; i < 250 && !taken; ++i) taken = run_coro(b.try_lock("mlc.worker", "host:1:writer-0"));
    EXPECT_TRUE(taken);
}

TEST_F(db_lock_session, the_key_is_the_one_pg_locks_shows_and_differs_per_space_and_schema) {
    db::lock_session a(config(), log());
    ASSERT_TRUE(run_coro(a.try_lock("mlc.worker", "w")));
    auto key = run_coro(a.key_of("mlc.worker", "w"));
    ASSERT_TRUE(key);
    EXPECT_NE(key, run_coro(a.key_of("mlc.order", "w")));
    auto held =
        sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
            " AND classid = ((" +
            std::to_string(*key) +
            "::bigint >> 32) & 4294967295)::oid"
            " AND objid = (" +
            std::to_string(*key) + "::bigint & 4294967295)::oid");
    EXPECT_EQ(held[0][0].as<int>(), 1);
    auto other_schema = config();
    other_schema.schema = schema() + "_other";
    db::lock_session elsewhere(other_schema, log());
    EXPECT_TRUE(run_coro(elsewhere.try_lock("mlc.worker", "w")));  // another deployment in the same database
}

}  // namespace
}  // namespace mlc::test
