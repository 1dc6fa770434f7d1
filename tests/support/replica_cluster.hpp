// Several `ml-connector run` processes on one database schema, with both simulators started as programs of
// their own: what the replica tests (tests/integration/replicas_test.cpp) drive and count.
#pragma once

#include "tests/support/child_process.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace mlc::test {

struct cluster_settings {
    std::string database_url;  // the test PostgreSQL
    std::string schema;        // every replica's MLC_DB_SCHEMA
    int orders = 3000;         // the SAP simulator's seeded backlog
    unsigned rate_limit =
        300;  // the ShipStation simulator's V1 limit and each replica's MLC_SHIPSTATION_RATE_LIMIT
    std::string poll_interval = "2s";       // MLC_POLL_INTERVAL
    std::string reconcile_interval = "5s";  // MLC_RECONCILE_INTERVAL
    std::string lease = "5s";               // MLC_ORDER_LEASE and MLC_DELIVERY_LEASE
};

// Owns every child it starts: the destructor SIGKILLs whatever still runs, so a failed test leaves nothing.
class replica_cluster {
public:
    // Starts both simulators on 127.0.0.1 ports, stocks the SAP simulator up and migrates the schema once
    // (replicas start with
    // --no-migrate). Throws std::runtime_error when a simulator does not come up or the migration fails.
    explicit replica_cluster(cluster_settings settings);
    ~replica_cluster();
    replica_cluster(const replica_cluster&) = delete;
    replica_cluster& operator=(const replica_cluster&) = delete;

    // Starts replica `index` (a new process in that slot when it ran before), waits for its listener and
    // subscribes SHIP_NOTIFY in the simulator to its webhook URL. Returns false (with the replica's log as a
    // test failure) when it did not start within a minute.
    bool start_replica(std::size_t index);

    // The process in slot `index` (started before). Never throws.
    child_process& replica(std::size_t index) { return *replicas_.at(index); }
    std::size_t replica_slots() const noexcept { return replicas_.size(); }
    // True while the process in slot `index` runs.
    bool running(std::size_t index);

    // The slot whose running process holds the leader lock whose name starts with `lock_prefix`
    // ("orders_poller", "shipments_reconciler"), from the replicas' leader.* log events; nullopt when none
    // says so. Throws std::bad_alloc only.
    std::optional<std::size_t> leader_of(const std::string& lock_prefix);
    // Every running slot whose last leader.* event for such a lock says it holds it (two would be two
    // leaders), and how many times the running processes have logged leader.acquired for it. Throw
    // std::bad_alloc only.
    std::vector<std::size_t> leaders_of(const std::string& lock_prefix);
    std::size_t acquisitions_of(const std::string& lock_prefix);

    // The ShipStation simulator's /_control/stats and /_control/orders (no rate limit spent). Throw
    // boost::system::system_error on I/O errors.
    boost::json::object shipstation_stats();
    boost::json::array shipstation_orders();
    // Buys a label for the whole order (POST /_control/shipments): the simulator sends SHIP_NOTIFY to every
    // subscribed replica. Returns the shipmentId; throws std::runtime_error on a refusal.
    std::int64_t ship(std::int64_t order_id);
    // Enters a new sales order in the SAP simulator (POST /_control/orders: customer C40010, one line of the
    // plain item A00001), as a user would after the backlog. Returns its DocEntry; throws std::runtime_error
    // on a refusal.
    std::int64_t add_sap_order(const std::string& reference);
    // The SAP simulator's deliveries ({DocEntry, Comments}, read through its Service Layer). Throws as above.
    boost::json::array sap_deliveries();
    // The ItemCodes of the SAP simulator's serial- and batch-managed items: a shipment of a serial-managed
    // one needs serial numbers in its item options, which the simulator's labels do not carry, and the seeded
    // batches hold less than a backlog orders (either delivery is a dead letter by design). Never throws.
    const std::set<std::string>& managed_items() const noexcept { return managed_items_; }

    // Every replica's warnings, errors and leadership changes (JSON log lines), for failure messages. Throws
    // std::bad_alloc only.
    std::string logs();

private:
    std::map<std::string, std::string> replica_env() const;
    // GET `target` on the SAP simulator's Service Layer (a session of its own, unpaged); the "value" array.
    boost::json::array service_layer_get(const std::string& target);
    // Gives every item without batches or serial numbers stock enough for any backlog in warehouse 01 (the
    // seed's stock runs out after a few hundred deliveries) and notes the others in managed_items_.
    void stock_up();

    cluster_settings settings_;
    std::unique_ptr<child_process> sap_;
    std::unique_ptr<child_process> shipstation_;
    std::uint16_t sap_port_ = 0;
    std::uint16_t shipstation_port_ = 0;
    std::vector<std::unique_ptr<child_process>> replicas_;
    std::set<std::string> managed_items_;
    std::vector<std::string> earlier_logs_;  // logs of processes a slot held before its current one
};

// Waits until `condition()` holds, checking every `every`; false when `timeout` passed first. Never throws
// except what `condition` throws.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds every = std::chrono::milliseconds(500)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(every);
    }
    return true;
}

}  // namespace mlc::test
