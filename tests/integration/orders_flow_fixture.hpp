// PostgreSQL, both simulators and the orders flow's parts (poller, pusher) wired as the service wires them,
// for integration tests that drive one poll or one push at a time (header-only: only integration_tests
// links the simulators).
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/options.hpp"
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/order_key.hpp"
#include "db/leader_lock.hpp"
#include "db/order_links.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/orders/order_poller.hpp"
#include "flows/orders/order_pusher.hpp"
#include "flows/orders/orders_settings.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/settable_clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace mlc::test {

class orders_flow_fixture : public pg_schema_fixture {
protected:
    static constexpr int seeded_orders = 12;

    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
        sim::sap::sim_config sap_cfg;
        sap_cfg.seed.orders = seeded_orders;
        sap_sim = std::make_unique<sim::sap::simulator>(sap_cfg, sim_log);
        sap_sim->start();
        ss_sim =
            std::make_unique<sim::shipstation::simulator>(shipstation_sim_config(), shipstation_clock.fn());

        cfg.database = config();
        cfg.sap.url = sap_sim->service_root(sim::sap::api_version::v1);
        cfg.sap.company_db = "SBODEMOUS";
        cfg.sap.username = "manager";
        cfg.sap.password = secret("manager");
        cfg.sap.page_size = 5;  // several pages even for a few orders
        cfg.shipstation.url = "http://127.0.0.1:" + std::to_string(ss_sim->port());
        cfg.shipstation.api_key = "ShipStation";
        cfg.shipstation.api_secret = secret("Rocks");
        cfg.shipstation.rate_limit = 1000;
        cfg.flow.sync_since = std::chrono::sys_days(std::chrono::year(2025) / 7 / 1);
        cfg.orders.retry_delay = std::chrono::milliseconds(1);
        cfg.orders.retry_max_delay = std::chrono::milliseconds(1);
        build();
    }

    void TearDown() override {
        poller.reset();
        item_reader.reset();
        pusher.reset();
        leadership.reset();
        if (shipstation) shipstation->shutdown();
        if (sap) run_coro(ioc, sap->shutdown());
        shipstation.reset();
        sap.reset();
        ss_sim.reset();
        sap_sim.reset();
        pg_schema_fixture::TearDown();
    }

    virtual sim::shipstation::sim_config shipstation_sim_config() {
        sim::shipstation::sim_config c;
        c.rate_limit = 1000;
        return c;
    }

    // (Re)builds the clients and the flow's parts from `cfg` (after a test changes it).
    void build() {
        poller.reset();
        pusher.reset();
        leadership.reset();
        item_reader.reset();
        settings =
            flows::orders::make_orders_settings(cfg, std::chrono::sys_days(std::chrono::year(2026) / 1 / 1));
        settings.batch_linger = std::chrono::milliseconds(0);
        sap = std::make_unique<clients::sap::client>(cfg.sap, clients::sap::options_for(cfg.sap), log_,
                                                     ioc.get_executor());
        clients::shipstation::client_options opts;
        opts.retry.base_delay = std::chrono::milliseconds(10);
        opts.retry.max_delay = std::chrono::milliseconds(50);
        opts.limiter.reset_slack = std::chrono::milliseconds(50);
        opts.limiter.max_jitter = std::chrono::milliseconds(20);
        shipstation = std::make_unique<clients::shipstation::client>(cfg.shipstation, ioc.get_executor(),
                                                                     log_, nullptr, opts);
        leadership = std::make_unique<db::leader_lock>(cfg.database, "orders_poller:SBODEMOUS", log_);
        items_settings =
            flows::items::make_items_settings(cfg, std::chrono::sys_days(std::chrono::year(2026) / 1 / 1));
        item_reader = std::make_unique<flows::items::item_reader>(db(), *sap, items_settings);
        poller = std::make_unique<flows::orders::order_poller>(
            db(), *sap, *leadership, settings, items_settings, *item_reader, log_, [this] { on_page(); });
        pusher =
            std::make_unique<flows::orders::order_pusher>(db(), *shipstation, settings, log_, "test-pusher");
    }

    flows::orders::poll_report poll() { return run_coro(ioc, poller->poll_once()); }

    // Pushes until nothing is ready; returns the sum of the runs.
    flows::orders::push_report push_all() {
        flows::orders::push_report sum;
        for (int i = 0; i < 50; ++i) {
            auto r = run_coro(ioc, pusher->push_once(false));
            if (r.claimed == 0) break;
            sum.claimed += r.claimed;
            sum.sent += r.sent;
            sum.confirmed += r.confirmed;
            sum.locked += r.locked;
            sum.dropped += r.dropped;
            sum.failed += r.failed;
            sum.dead += r.dead;
            sum.calls += r.calls;
        }
        return sum;
    }

    // Every order the ShipStation simulator holds, by orderKey (a key twice fails the test).
    std::map<std::string, boost::json::object> shipstation_orders() {
        auto res = ss_sim->state().list_orders(sim::shipstation::query_params("pageSize=500"));
        std::map<std::string, boost::json::object> out;
        for (const auto& o : res.body.as_object().at("orders").as_array()) {
            std::string key(o.as_object().at("orderKey").as_string());
            EXPECT_FALSE(out.contains(key)) << "two ShipStation orders with orderKey " << key;
            out[key] = o.as_object();
        }
        return out;
    }

    std::uint64_t shipstation_calls(const std::string& endpoint) {
        auto c = ss_sim->state().counters();
        auto it = c.by_endpoint.find(endpoint);
        return it == c.by_endpoint.end() ? 0 : it->second;
    }

    template <class F>
    decltype(auto) sap_store(F&& f) {
        return sap_sim->state().with_store(
            [&](sim::sap::store& s, const sim::sap::sim_time& now) { return f(s, now); });
    }

    // What has been written anywhere so far: rows of the connector's tables, and the write requests each
    // simulator has answered (SAP's logins excluded), by name.
    std::map<std::string, std::uint64_t> write_counts() {
        std::map<std::string, std::uint64_t> out;
        for (const char* table : {"order_links", "shipment_links", "job_queue", "audit_log", "item_links"})
            out[table] = sql(std::string("SELECT count(*) FROM ") + table)[0][0].as<std::uint64_t>();
        auto is_write = [](const std::string& endpoint) {
            return !endpoint.starts_with("GET ") && endpoint.find("/Login") == std::string::npos &&
                   endpoint.find("/Logout") == std::string::npos;
        };
        for (const auto& [endpoint, n] : sap_sim->state().counters().requests)
            if (is_write(endpoint)) out["sap " + endpoint] = n;
        for (const auto& [endpoint, n] : ss_sim->state().counters().by_endpoint)
            if (is_write(endpoint)) out["shipstation " + endpoint] = n;
        return out;
    }

    // DocEntry -> DocNum of the SAP simulator's orders.
    std::map<int, int> sap_orders() {
        return sap_store([](sim::sap::store& s, const sim::sap::sim_time&) {
            std::map<int, int> out;
            for (const auto& [entry, o] : s.orders) out[entry] = static_cast<int>(o.at("DocNum").as_int64());
            return out;
        });
    }

    void patch_sap_order(int entry, const boost::json::object& patch) {
        auto error = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            return sim::sap::patch_order(s, entry, patch, false, now);
        });
        ASSERT_FALSE(error) << error->message;
    }

    // The link of the one order numbered `doc_num` (a test failure when several are).
    std::optional<db::order_links::order_link> link_of_doc_num(int doc_num) {
        auto found =
            run([&](pqxx::work& w) { return db::order_links::find_by_doc_num(w, "SBODEMOUS", doc_num); });
        EXPECT_LE(found.size(), 1u) << "several orders numbered " << doc_num;
        if (found.empty()) return std::nullopt;
        return found.front();
    }

    // The DocEntry of the SAP simulator's one order numbered `doc_num` (0 and a test failure when not one).
    int doc_entry_of(int doc_num) {
        std::vector<int> entries;
        for (const auto& [entry, num] : sap_orders())
            if (num == doc_num) entries.push_back(entry);
        EXPECT_EQ(entries.size(), 1u) << "orders numbered " << doc_num;
        return entries.size() == 1 ? entries.front() : 0;
    }

    // The orderKey the flow gives the SAP simulator's one order numbered `doc_num`.
    std::string key_of(int doc_num) {
        return clients::shipstation::make_order_key("SBODEMOUS", doc_num, doc_entry_of(doc_num));
    }

    virtual void on_page() {}

    boost::asio::io_context ioc;
    std::ostringstream sim_log;
    std::ostringstream log_text;
    logger log_{log_config{log_level::debug, log_format::json}, log_text};
    app_config cfg;
    settable_clock shipstation_clock;  // the ShipStation simulator's wall clock (the system's until set)
    flows::orders::orders_settings settings;
    flows::items::items_settings items_settings;
    std::unique_ptr<sim::sap::simulator> sap_sim;
    std::unique_ptr<sim::shipstation::simulator> ss_sim;
    std::unique_ptr<clients::sap::client> sap;
    std::unique_ptr<clients::shipstation::client> shipstation;
    std::unique_ptr<db::leader_lock> leadership;
    std::unique_ptr<flows::items::item_reader> item_reader;
    std::unique_ptr<flows::orders::order_poller> poller;
    std::unique_ptr<flows::orders::order_pusher> pusher;
};

}  // namespace mlc::test
