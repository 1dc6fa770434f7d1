// Integration tests of the job queue against a real PostgreSQL: upserts, leases, retries, concurrent claims.
#include "db/job_queue.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/value.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/nontransaction>

#include <algorithm>
#include <chrono>
#include <future>
#include <set>
#include <thread>

namespace mlc::test {
namespace {

namespace asio = boost::asio;
namespace jq = db::job_queue;
using jq::job_state;
using namespace std::chrono_literals;

jq::job_spec spec_of(std::string kind, std::string key) {
    jq::job_spec spec;
    spec.kind = std::move(kind);
    spec.dedupe_key = std::move(key);
    return spec;
}

class db_job_queue : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }

    jq::enqueue_result enqueue(const std::string& key, boost::json::value payload = {}, int max_attempts = 10,
                               std::int16_t priority = 0, std::chrono::milliseconds run_after = 0ms) {
        jq::job_spec spec;
        spec.kind = "sync_order";
        spec.dedupe_key = key;
        spec.payload = std::move(payload);
        spec.max_attempts = max_attempts;
        spec.priority = priority;
        spec.run_after = run_after;
        spec.correlation_id = "corr-" + key;
        return run([&](pqxx::work& w) { return jq::enqueue(w, spec); });
    }
    std::vector<jq::job> claim(const std::string& owner, std::size_t limit = 10,
                               std::chrono::milliseconds lease = 60s) {
        return run([&](pqxx::work& w) { return jq::claim(w, {"sync_order"}, owner, lease, limit); });
    }
    jq::job find(std::int64_t id) {
        auto j = run([&](pqxx::work& w) { return jq::find(w, id); });
        if (!j) throw std::runtime_error("no job " + std::to_string(id));
        return *j;
    }
    void expire_lease(std::int64_t id) {
        sql("UPDATE job_queue SET lease_expires_at = now() - interval '1 second' WHERE id = " +
            std::to_string(id));
    }
    void make_due(std::int64_t id) {
        sql("UPDATE job_queue SET next_attempt_at = now() - interval '1 second' WHERE id = " +
            std::to_string(id));
    }
};

TEST_F(db_job_queue, enqueue_creates_then_updates_the_same_entity) {
    auto first = enqueue("1001", {{"v", 1}});
    EXPECT_TRUE(first.created);
    auto second = enqueue("1001", {{"v", 2}});
    EXPECT_FALSE(second.created);
    EXPECT_FALSE(second.rerun_requested);
    EXPECT_EQ(second.id, first.id);
    auto j = find(first.id);
    EXPECT_EQ(j.state, job_state::queued);
    EXPECT_EQ(j.payload.at("v").as_int64(), 2);
    EXPECT_EQ(j.correlation_id, "corr-1001");
    EXPECT_NE(enqueue("1002").id, first.id);
}

TEST_F(db_job_queue, enqueue_requeues_finished_jobs_with_attempts_reset) {
    auto done = enqueue("1", {}, 10);
    auto dead = enqueue("2", {}, 1);
    ASSERT_EQ(claim("w1").size(), 2u);
    EXPECT_TRUE(run([&](pqxx::work& w) { return jq::complete(w, done.id, "w1"); }));
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::fail(w, dead.id, "w1", "boom", 0ms); }), job_state::dead);
    EXPECT_EQ(find(done.id).state, job_state::succeeded);

    enqueue("1", {{"v", 2}});
    enqueue("2", {{"v", 2}});
    for (auto id : {done.id, dead.id}) {
        auto j = find(id);
        EXPECT_EQ(j.state, job_state::queued);
        EXPECT_EQ(j.attempts, 0);
        EXPECT_FALSE(j.last_error.has_value());
    }
}

TEST_F(db_job_queue, enqueue_while_running_requests_a_rerun_instead_of_a_second_worker) {
    auto e = enqueue("7", {{"v", 1}});
    auto claimed = claim("worker-a");
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].payload.at("v").as_int64(), 1);

    auto again = enqueue("7", {{"v", 2}});
    EXPECT_FALSE(again.created);
    EXPECT_TRUE(again.rerun_requested);
    auto running = find(e.id);
    EXPECT_EQ(running.state, job_state::running);
    EXPECT_EQ(running.lease_owner, "worker-a");
    EXPECT_TRUE(claim("worker-b").empty());  // never two workers on one entity

    EXPECT_TRUE(run([&](pqxx::work& w) { return jq::complete(w, e.id, "worker-a"); }));
    auto requeued = find(e.id);
    EXPECT_EQ(requeued.state, job_state::queued);
    EXPECT_FALSE(requeued.rerun_requested);
    auto rerun = claim("worker-b");
    ASSERT_EQ(rerun.size(), 1u);
    EXPECT_EQ(rerun[0].payload.at("v").as_int64(), 2);
    EXPECT_EQ(rerun[0].attempts, 1);
}

TEST_F(db_job_queue, a_failed_run_with_a_rerun_requested_is_queued_again) {
    auto e = enqueue("8", {}, 1);
    ASSERT_EQ(claim("a").size(), 1u);
    enqueue("8", {{"v", 2}}, 1);
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::fail(w, e.id, "a", "old payload failed", 0ms); }),
              job_state::queued);
    EXPECT_EQ(find(e.id).attempts, 0);
}

TEST_F(db_job_queue, concurrent_claimers_take_each_job_exactly_once) {
    constexpr int jobs = 300;
    run([&](pqxx::work& w) {
        for (int i = 0; i < jobs; ++i) {
            jq::enqueue(w, spec_of("sync_order", std::to_string(i)));
        }
    });
    db::database a(config(4), log());
    db::database b(config(4), log());
    asio::io_context ioc;
    std::vector<std::future<std::vector<std::int64_t>>> workers;
    for (int i = 0; i < 12; ++i) {
        db::database& pool = i % 2 == 0 ? a : b;
        // Arguments, not captures: the coroutine outlives this lambda object.
        auto worker = [](db::database& database,
                         std::string owner) -> asio::awaitable<std::vector<std::int64_t>> {
            std::vector<std::int64_t> mine;
            for (;;) {
                auto batch = co_await database.run(
                    [&](pqxx::work& w) { return jq::claim(w, {"sync_order"}, owner, 60s, 3); });
                if (batch.empty()) break;
                for (const auto& j : batch) mine.push_back(j.id);
            }
            co_return mine;
        };
        workers.push_back(asio::co_spawn(ioc, worker(pool, "worker-" + std::to_string(i)), asio::use_future));
    }
    ioc.run();
    std::vector<std::int64_t> all;
    int workers_with_jobs = 0;
    for (auto& f : workers) {
        auto mine = f.get();
        workers_with_jobs += mine.empty() ? 0 : 1;
        all.insert(all.end(), mine.begin(), mine.end());
    }
    EXPECT_EQ(all.size(), static_cast<std::size_t>(jobs));
    EXPECT_EQ(std::set<std::int64_t>(all.begin(), all.end()).size(), static_cast<std::size_t>(jobs));
    EXPECT_GT(workers_with_jobs, 1);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue WHERE state = 'running' AND attempts = 1")[0][0].as<int>(),
              jobs);
}

TEST_F(db_job_queue, an_expired_lease_is_reclaimed_and_the_old_owner_loses_it) {
    auto e = enqueue("9");
    ASSERT_EQ(claim("old").size(), 1u);
    EXPECT_TRUE(claim("new").empty());  // lease still valid
    expire_lease(e.id);
    auto reclaimed = claim("new");
    ASSERT_EQ(reclaimed.size(), 1u);
    EXPECT_EQ(reclaimed[0].attempts, 2);
    EXPECT_EQ(reclaimed[0].lease_owner, "new");

    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::complete(w, e.id, "old"); }));
    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::fail(w, e.id, "old", "late", 0ms); }).has_value());
    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::extend_lease(w, e.id, "old", 60s); }));
    EXPECT_EQ(find(e.id).lease_owner, "new");
    EXPECT_TRUE(run([&](pqxx::work& w) { return jq::extend_lease(w, e.id, "new", 60s); }));
    EXPECT_TRUE(run([&](pqxx::work& w) { return jq::complete(w, e.id, "new"); }));
    EXPECT_EQ(find(e.id).state, job_state::succeeded);
}

// A worker names the liveness lock it holds for its process's life: while the lock is held its job is its own
// for the whole lease; once the session holding it is gone (the process died), the job is taken over at once.
TEST_F(db_job_queue, a_job_whose_owner_lost_its_liveness_lock_is_taken_over_before_its_lease_ends) {
    auto e = enqueue("11");
    auto owner_session = connect();
    const auto key = pqxx::nontransaction(*owner_session)
                         .exec1("SELECT hashtextextended('owner-a', 0)")[0]
                         .as<std::int64_t>();
    pqxx::nontransaction(*owner_session).exec_params("SELECT pg_advisory_lock($1)", key);
    auto mine = run([&](pqxx::work& w) { return jq::claim(w, {"sync_order"}, "owner-a", 10min, 1, key); });
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_TRUE(claim("owner-b").empty());  // alive: its lease holds

    owner_session.reset();  // the process dies with its session
    std::vector<jq::job> taken;
    for (int i = 0; i < 250 && taken.empty(); ++i) {  // the server notices the closed session within moments
        taken = claim("owner-b");
        if (taken.empty()) std::this_thread::sleep_for(20ms);
    }
    ASSERT_EQ(taken.size(), 1u);
    EXPECT_EQ(taken[0].id, e.id);
    EXPECT_EQ(taken[0].attempts, 2);
    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::complete(w, e.id, "owner-a"); }));
}

TEST_F(db_job_queue, a_job_without_a_liveness_lock_waits_for_its_lease) {
    enqueue("12");
    ASSERT_EQ(
        run([&](pqxx::work& w) { return jq::claim(w, {"sync_order"}, "a", 10min, 1, std::nullopt); }).size(),
        1u);
    EXPECT_TRUE(claim("b").empty());
}

TEST_F(db_job_queue, a_postponed_job_gives_its_attempt_back) {
    auto e = enqueue("13");
    ASSERT_EQ(claim("a").size(), 1u);
    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::postpone(w, e.id, "b", 0ms); }));  // not b's
    EXPECT_TRUE(run([&](pqxx::work& w) { return jq::postpone(w, e.id, "a", 0ms); }));
    auto j = find(e.id);
    EXPECT_EQ(j.state, job_state::queued);
    EXPECT_EQ(j.attempts, 0);
    EXPECT_FALSE(j.lease_owner);
    auto again = claim("b");
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
}

TEST_F(db_job_queue, a_zero_lease_expires_by_database_time) {
    auto e = enqueue("10");
    ASSERT_EQ(claim("a", 10, 0ms).size(), 1u);
    auto again = claim("b");
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].id, e.id);
}

TEST_F(db_job_queue, a_job_lost_on_its_last_attempt_goes_dead) {
    auto e = enqueue("11", {}, 1);
    ASSERT_EQ(claim("a").size(), 1u);
    expire_lease(e.id);
    EXPECT_TRUE(claim("b").empty());
    auto j = find(e.id);
    EXPECT_EQ(j.state, job_state::dead);
    EXPECT_FALSE(j.lease_owner.has_value());
}

TEST_F(db_job_queue, fail_retries_later_then_dies_and_replay_revives) {
    auto e = enqueue("12", {}, 2);
    ASSERT_EQ(claim("w").size(), 1u);
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::fail(w, e.id, "w", "timeout", 1h); }), job_state::failed);
    auto failed = find(e.id);
    EXPECT_EQ(failed.last_error, "timeout");
    EXPECT_FALSE(failed.lease_owner.has_value());
    EXPECT_TRUE(claim("w").empty());  // not before its retry time

    make_due(e.id);
    auto second = claim("w");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].attempts, 2);
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::fail(w, e.id, "w", "timeout again", 0ms); }),
              job_state::dead);
    EXPECT_TRUE(claim("w").empty());

    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::replay(w, e.id + 1000); }));
    EXPECT_TRUE(run([&](pqxx::work& w) { return jq::replay(w, e.id); }));
    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::replay(w, e.id); }));  // no longer dead
    auto revived = claim("w");
    ASSERT_EQ(revived.size(), 1u);
    EXPECT_EQ(revived[0].attempts, 1);
}

TEST_F(db_job_queue, higher_priority_first_and_run_after_is_respected) {
    enqueue("low", {}, 10, 0);
    auto high = enqueue("high", {}, 10, 5);
    auto later = enqueue("later", {}, 10, 9, 1h);
    auto first = claim("w", 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].id, high.id);
    auto rest = claim("w", 10);
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].dedupe_key, "low");
    EXPECT_EQ(find(later.id).state, job_state::queued);
}

TEST_F(db_job_queue, claim_only_takes_the_requested_kinds) {
    run([](pqxx::work& w) { jq::enqueue(w, spec_of("other_kind", "x")); });
    EXPECT_TRUE(claim("w").empty());
    EXPECT_TRUE(run([](pqxx::work& w) { return jq::claim(w, {}, "w", 60s, 10); }).empty());
    EXPECT_EQ(run([](pqxx::work& w) { return jq::claim(w, {"a", "other_kind"}, "w", 60s, 10); }).size(), 1u);
}

TEST_F(db_job_queue, count_by_state_reports_every_state) {
    enqueue("1");
    enqueue("2");
    auto e3 = enqueue("3", {}, 1);
    claim("w", 1);  // takes "1"
    auto counts = run([](pqxx::work& w) { return jq::count_by_state(w); });
    EXPECT_EQ(counts.size(), 5u);
    EXPECT_EQ(counts[job_state::queued], 2);
    EXPECT_EQ(counts[job_state::running], 1);
    EXPECT_EQ(counts[job_state::dead], 0);
    (void)e3;
}

TEST_F(db_job_queue, invalid_max_attempts_is_rejected_by_the_database) {
    EXPECT_THROW(enqueue("bad", {}, 0), pqxx::check_violation);
}

TEST_F(db_job_queue, ready_counts_claimable_jobs_up_to_the_limit_with_the_oldest_wait) {
    auto none = run([&](pqxx::work& w) { return jq::ready(w, "sync_order", 10); });
    EXPECT_EQ(none.count, 0u);
    EXPECT_EQ(none.oldest_wait, 0ms);

    for (int i = 0; i < 4; ++i) enqueue("k" + std::to_string(i));
    enqueue("later", {}, 10, 0, 1h);  // not ready yet
    sql("UPDATE job_queue SET next_attempt_at = now() - interval '3 seconds' WHERE dedupe_key = 'k0'");
    auto r = run([&](pqxx::work& w) { return jq::ready(w, "sync_order", 10); });
    EXPECT_EQ(r.count, 4u);
    EXPECT_GE(r.oldest_wait, 3000ms);
    EXPECT_LT(r.oldest_wait, 60000ms);
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::ready(w, "sync_order", 2); }).count, 2u);
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::ready(w, "other_kind", 10); }).count, 0u);

    // Claimed jobs are not ready while their lease runs, and ready again once it expired (a dead worker).
    auto taken = claim("w1", 4, 60s);
    ASSERT_EQ(taken.size(), 4u);
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::ready(w, "sync_order", 10); }).count, 0u);
    sql("UPDATE job_queue SET lease_expires_at = now() - interval '1 second' WHERE dedupe_key = 'k1'");
    EXPECT_EQ(run([&](pqxx::work& w) { return jq::ready(w, "sync_order", 10); }).count, 1u);

    auto found = run([&](pqxx::work& w) { return jq::find_by_key(w, "sync_order", "k1"); });
    ASSERT_TRUE(found);
    EXPECT_EQ(found->state, job_state::running);
    EXPECT_FALSE(run([&](pqxx::work& w) { return jq::find_by_key(w, "sync_order", "nope"); }));
}

// The pushers' claims take turns so that one full createorders call is not split in two; a lock_timeout turns
// "waits" into an error instead of a hang.
TEST_F(db_job_queue, claim_turns_wait_for_each_other_within_one_schema_and_kind_only) {
    auto holder = connect();
    pqxx::work held(*holder);
    jq::take_claim_turn(held, "push_order");

    auto other = connect();
    auto try_turn = [&](const std::string& kind, const std::string& search_path) {
        pqxx::work w(*other);
        w.exec("SET LOCAL lock_timeout = '200ms'");
        w.exec("SET LOCAL search_path TO " + w.quote_name(search_path));
        jq::take_claim_turn(w, kind);
    };
    EXPECT_THROW(try_turn("push_order", schema()), pqxx::sql_error);  // waits for `held`
    EXPECT_NO_THROW(try_turn("fetch_shipment", schema()));
    const std::string other_schema = schema() + "_other";
    sql("CREATE SCHEMA " + other_schema);
    EXPECT_NO_THROW(try_turn("push_order", other_schema));  // another deployment in the same database
    sql("DROP SCHEMA " + other_schema);

    held.commit();  // the turn ends with its transaction
    EXPECT_NO_THROW(try_turn("push_order", schema()));
}

}  // namespace
}  // namespace mlc::test
