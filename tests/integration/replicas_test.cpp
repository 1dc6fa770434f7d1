// Proof with real processes that 2 and 3 `ml-connector run` replicas on one database push every SAP order
// once, write one delivery per shipment, keep within the key's rate limit together, hand leadership over
// after a SIGKILL and lose nothing in a rolling restart.
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/replica_cluster.hpp"
#include "tests/support/test_env.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

// The simulator's V1 limit, and each replica's MLC_SHIPSTATION_RATE_LIMIT (the key's, not a share of it).
constexpr unsigned rate_limit = 300;
// A backlog of 2,000 orders is 20 createorders calls; each shipment costs at least one resource_url fetch.
// 330 shipments put more than a minute's limit of calls in front of the replicas together, so a cluster that
// spends the limit once per replica shows in the simulator's busiest sliding minute.
constexpr int backlog_orders = 2000;
constexpr int backlog_shipments = 330;

long seconds_since(clock_type::time_point t) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(clock_type::now() - t).count());
}

class replicas_test : public pg_schema_fixture {
protected:
    replica_cluster& start_cluster(int orders, std::size_t replicas) {
        cluster_settings s;
        s.database_url = test_database_url();
        s.schema = schema();
        s.orders = orders;
        s.rate_limit = rate_limit;
        cluster_.emplace(s);
        for (std::size_t i = 0; i < replicas; ++i) EXPECT_TRUE(cluster_->start_replica(i));
        return *cluster_;
    }

    // Waits until the simulator holds at least `n` orders; returns them sorted by orderId.
    json::array wait_for_orders(std::size_t n, std::chrono::seconds timeout) {
        json::array orders;
        bool all = eventually([&] { return (orders = cluster_->shipstation_orders()).size() >= n; }, timeout);
        EXPECT_TRUE(all) << orders.size() << " of " << n << " orders in ShipStation\n" << cluster_->logs();
        return orders;
    }

    // Buys labels for orders not shipped yet, in orderId order, until `target` shipments exist; orders with a
    // serial- or batch-managed item are left out (see replica_cluster::managed_items).
    void ship_up_to(const json::array& orders, std::size_t target) {
        for (const auto& o : orders) {
            if (shipments_.size() >= target) return;
            auto id = o.at("orderId").as_int64();
            const auto& skus = o.at("skus").as_array();
            bool managed = std::any_of(skus.begin(), skus.end(), [&](const json::value& sku) {
                return cluster_->managed_items().contains(std::string(sku.as_string()));
            });
            if (managed || !shipped_orders_.insert(id).second) continue;
            shipments_.insert(cluster_->ship(id));
        }
    }

    // Nothing of the orders and shipments flows in hand: no push, fetch or delivery job queued or running and
    // no notification still to handle (a job waiting for its retry counts as done for now: job_summary shows
    // it; the items flow's product work is not counted).
    bool quiet() {
        auto open =
            sql("SELECT (SELECT count(*) FROM job_queue WHERE state IN ('queued', 'running') AND kind IN "
                "('push_shipstation_order', 'fetch_shipstation_resource', 'deliver_shipment')) + "
                "(SELECT count(*) FROM webhook_inbox WHERE state IN ('received', 'processing'))");
        return open[0][0].as<long>() == 0;
    }

    // The flows' jobs by kind and state, with one error each: what a failed count needs explained.
    std::string job_summary() {
        std::string out;
        for (const auto& row :
             sql("SELECT kind, state, count(*), coalesce(max(last_error), '') FROM job_queue "
                 "GROUP BY kind, state ORDER BY kind, state")) {
            out += row[0].as<std::string>() + " " + row[1].as<std::string>() + ": " +
                   row[2].as<std::string>() + " " + row[3].as<std::string>().substr(0, 300) + "\n";
        }
        return out;
    }

    // Waits for a delivery per label bought and a quiet queue, then checks that every SAP order became
    // exactly one ShipStation order and every shipment exactly one delivery.
    void expect_exactly_once(int orders) {
        const auto& shipments = shipments_;
        // The service's own record says when to look (cheap to poll); SAP's documents are what is counted.
        long finished = 0;
        bool delivered = eventually(
            [&] {
                finished = sql("SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND state IN "
                               "('succeeded', 'dead')")[0][0]
                               .as<long>();
                return finished >= static_cast<long>(shipments.size());
            },
            150s, 1s);
        EXPECT_TRUE(delivered) << finished << " of " << shipments.size() << " delivery jobs finished\n"
                               << cluster_->logs();
        EXPECT_TRUE(eventually([&] { return quiet(); }, 60s)) << "jobs or notifications left over";
        expect_one_order_each(orders);
        expect_one_delivery_each(shipments);
        std::cout << "[replicas] jobs at the end:\n" << job_summary();
    }

    void expect_one_order_each(int orders) {
        std::map<std::string, int> by_key, by_number;
        for (const auto& o : cluster_->shipstation_orders()) {
            ++by_key[std::string(o.at("orderKey").as_string())];
            ++by_number[std::string(o.at("orderNumber").as_string())];
        }
        EXPECT_EQ(by_key.size(), static_cast<std::size_t>(orders));
        EXPECT_EQ(by_number.size(), static_cast<std::size_t>(orders)) << "an order number arrived twice";
    }

    void expect_one_delivery_each(const std::set<std::int64_t>& shipments) {
        static const std::regex stamp(R"(\[SS-SHIP-(\d+)\])");
        std::map<std::int64_t, int> by_shipment;
        for (const auto& d : cluster_->sap_deliveries()) {
            const auto* comments = d.as_object().if_contains("Comments");
            std::smatch m;
            std::string text =
                comments != nullptr && comments->is_string() ? std::string(comments->as_string()) : "";
            if (std::regex_search(text, m, stamp))
                ++by_shipment[std::stoll(m[1].str())];
            else
                ADD_FAILURE() << "a delivery without a shipment stamp: " << text;
        }
        EXPECT_EQ(by_shipment.size(), shipments.size()) << job_summary();
        for (auto id : shipments) EXPECT_EQ(by_shipment[id], 1) << "deliveries for shipment " << id;
    }

    // The key's limit held across the replicas: the busiest sliding minute and the 429s.
    void expect_within_the_limit(std::size_t replicas) {
        auto stats = cluster_->shipstation_stats();
        auto peak = stats.at("max_in_sliding_window").as_int64();
        auto throttled = stats.at("throttled").as_int64();
        std::cout << "[replicas] " << replicas << " replicas: " << stats.at("requests").as_int64()
                  << " ShipStation calls, busiest sliding minute " << peak << " (limit " << rate_limit
                  << "), 429s " << throttled << "\n";
        EXPECT_LE(peak, static_cast<std::int64_t>(rate_limit));
        EXPECT_LE(throttled, 1);
    }

    void backlog(std::size_t replicas) {
        auto began = clock_type::now();
        start_cluster(backlog_orders, replicas);
        // Labels are bought as orders arrive, so shipments meet the pushes still under way.
        json::array orders;
        bool all = eventually(
            [&] {
                orders = cluster_->shipstation_orders();
                ship_up_to(orders, backlog_shipments);
                return orders.size() >= backlog_orders && shipments_.size() >= backlog_shipments;
            },
            240s, 1s);
        EXPECT_TRUE(all) << orders.size() << " orders, " << shipments_.size() << " shipments\n"
                         << cluster_->logs();
        std::cout << "[replicas] " << replicas << " replicas: all " << orders.size()
                  << " orders in ShipStation after " << seconds_since(began) << " s\n";
        expect_exactly_once(backlog_orders);
        expect_within_the_limit(replicas);
        std::cout << "[replicas] " << replicas << " replicas: " << backlog_orders << " orders and "
                  << shipments_.size() << " shipments in " << seconds_since(began) << " s\n";
    }

    void TearDown() override {
        cluster_.reset();  // every process goes before the schema does
        pg_schema_fixture::TearDown();
    }

    std::optional<replica_cluster> cluster_;
    std::set<std::int64_t> shipped_orders_;
    std::set<std::int64_t> shipments_;  // the shipment ids of the labels bought
};

TEST_F(replicas_test, two_replicas_push_each_order_once_and_deliver_each_shipment_once_within_the_limit) {
    backlog(2);
}

TEST_F(replicas_test, three_replicas_push_each_order_once_and_deliver_each_shipment_once_within_the_limit) {
    backlog(3);
}

TEST_F(replicas_test, a_sigkilled_leader_hands_its_locks_and_leased_jobs_to_another_replica) {
    constexpr int orders = 1000;
    auto& cluster = start_cluster(orders, 2);
    std::optional<std::size_t> poller, reconciler;
    ASSERT_TRUE(eventually(
        [&] {
            poller = cluster.leader_of("orders_poller");
            reconciler = cluster.leader_of("shipments_reconciler");
            return poller && reconciler;
        },
        60s))
        << cluster.logs();
    // Shipments in flight when the leader dies: some of its delivery jobs are leased to it.
    ship_up_to(wait_for_orders(200, 120s), 60);
    auto killed = *poller;
    auto locks = std::vector<std::string>{"orders_poller"};
    if (*reconciler == killed) locks.push_back("shipments_reconciler");
    cluster.replica(killed).send_signal(SIGKILL);
    auto killed_at = clock_type::now();
    ASSERT_TRUE(cluster.replica(killed).wait_for_exit(10s).has_value());
    for (const auto& lock : locks) {
        std::optional<std::size_t> heir;
        ASSERT_TRUE(eventually([&] { return (heir = cluster.leader_of(lock)).has_value(); }, 30s, 100ms))
            << lock << " was not taken over\n"
            << cluster.logs();
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - killed_at);
        std::cout << "[replicas] " << lock << " moved from replica " << killed << " to " << *heir << " in "
                  << took.count() << " ms\n";
        EXPECT_NE(*heir, killed);
        // Within its interval (2 s polling, 5 s reconciling) plus a few seconds.
        EXPECT_LT(took, lock == "orders_poller" ? 7s : 10s);
    }
    expect_exactly_once(orders);
}

TEST_F(replicas_test, a_rolling_restart_loses_and_duplicates_nothing) {
    constexpr int orders = 1500;
    auto& cluster = start_cluster(orders, 2);
    // Shipments in flight and orders still to push while one replica after the other restarts.
    ship_up_to(wait_for_orders(100, 120s), 30);
    for (std::size_t i = 0; i < 2; ++i) {
        cluster.replica(i).send_signal(SIGTERM);
        EXPECT_EQ(cluster.replica(i).wait_for_exit(30s).value_or(-1), 0) << cluster.replica(i).stderr_text();
        ASSERT_TRUE(cluster.start_replica(i));
    }
    ship_up_to(wait_for_orders(orders, 180s), 60);
    expect_exactly_once(orders);
}

}  // namespace
}  // namespace mlc::test
