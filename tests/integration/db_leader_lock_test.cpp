// Integration tests of the leader lock against a real PostgreSQL: what it logs and reports to its observer
// (the mlc_leader gauge) as leadership comes, goes and comes back on a new connection.
#include "db/leader_lock.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* lock_name = "orders_poller:SBODEMOUS";

// What a lock told its observer, in order.
struct reports {
    std::mutex mutex;
    std::vector<std::pair<std::string, bool>> seen;

    db::leader_reporting reporting(std::string replica) {
        return {std::move(replica), [this](const std::string& lock, bool held) {
                    std::lock_guard g(mutex);
                    seen.emplace_back(lock, held);
                }};
    }
    std::vector<bool> held() {
        std::lock_guard g(mutex);
        std::vector<bool> out;
        for (const auto& [lock, h] : seen) out.push_back(h);
        return out;
    }
};

class db_leader_lock : public pg_schema_fixture {
protected:
    // The backend that holds the leader lock `lock_name` of this schema (0: none).
    int holder_pid() const {
        auto r = sql(
            "SELECT coalesce(max(l.pid), 0) FROM pg_locks l, (SELECT hashtextextended('mlc.leader:" +
            schema() + ":" + lock_name +
            "', 0) AS key) k WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            " AND l.classid::bigint = (k.key >> 32) & 4294967295 AND l.objid::bigint = k.key & 4294967295");
        return r[0][0].as<int>();
    }

    // True once backend `pid` has ended (checked for 5 s).
    bool ended(int pid) const {
        for (int i = 0; i < 250; ++i) {
            auto left = sql("SELECT count(*) FROM pg_stat_activity WHERE pid = " + std::to_string(pid));
            if (left[0][0].as<int>() == 0) return true;
            std::this_thread::sleep_for(20ms);
        }
        return false;
    }

    std::ostringstream out_;
    logger json_log_{log_config{log_level::info, log_format::json}, out_};
};

TEST_F(db_leader_lock, a_lock_taken_again_on_a_new_connection_reports_the_loss_and_the_new_acquisition) {
    reports r;
    db::leader_lock lock(config(), lock_name, json_log_, r.reporting("replica-a"));
    ASSERT_TRUE(run_coro(lock.try_hold()));
    EXPECT_EQ(r.held(), std::vector<bool>{true});
    auto pid = holder_pid();
    ASSERT_NE(pid, 0);

    // The server ends the session (as a fail-over or a restart does); once it is gone, the lock is free.
    sql("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
    ASSERT_TRUE(ended(pid));
    ASSERT_EQ(holder_pid(), 0);

    // Taken again at once on a new connection: another replica could have led in between, so it is news.
    ASSERT_TRUE(run_coro(lock.try_hold()));
    EXPECT_EQ(r.held(), (std::vector<bool>{true, false, true}));
    EXPECT_NE(holder_pid(), pid);
    auto log = out_.str();
    auto lost = log.find("\"leader.lost\"");
    ASSERT_NE(lost, std::string::npos) << log;
    EXPECT_NE(log.find("\"leader.acquired\"", lost), std::string::npos) << log;
    EXPECT_NE(log.find("\"replica\":\"replica-a\""), std::string::npos) << log;

    run_coro(lock.release());
    EXPECT_EQ(r.held(), (std::vector<bool>{true, false, true, false}));
    EXPECT_NE(out_.str().find("\"leader.released\""), std::string::npos) << out_.str();
}

TEST_F(db_leader_lock,
       a_follower_reports_once_that_it_does_not_hold_the_lock_and_a_lock_never_tried_not_at_all) {
    reports leader_reports, follower_reports;
    db::leader_lock leader(config(), lock_name, json_log_, leader_reports.reporting("replica-a"));
    db::leader_lock follower(config(), lock_name, json_log_, follower_reports.reporting("replica-b"));
    EXPECT_TRUE(follower_reports.held().empty());
    ASSERT_TRUE(run_coro(leader.try_hold()));
    EXPECT_FALSE(run_coro(follower.try_hold()));
    EXPECT_FALSE(run_coro(follower.try_hold()));
    EXPECT_EQ(follower_reports.held(), std::vector<bool>{false});
    ASSERT_EQ(follower_reports.seen.size(), 1u);
    EXPECT_EQ(follower_reports.seen.front().first, lock_name);
    EXPECT_EQ(out_.str().find("replica-b"), std::string::npos) << "a follower logs nothing";
}

}  // namespace
}  // namespace mlc::test
