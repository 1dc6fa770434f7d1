// The orders flow's fixture plus the items flow's parts (item reader, product aligner, stock sync and watch,
// items poller) wired as the service wires them, with stock going to the ShipStation simulator's V2 inventory
// (warehouse 01 -> se-4567, 02 -> se-4568), for tests that drive one step at a time.
#pragma once

#include "clients/sap/units.hpp"
#include "clients/shipstation/inventory.hpp"
#include "clients/shipstation/inventory_client.hpp"
#include "db/item_links.hpp"
#include "db/item_stock.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_poller.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/items/product_aligner.hpp"
#include "flows/items/stock_sync.hpp"
#include "flows/items/stock_watch.hpp"
#include "tests/integration/orders_flow_fixture.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace mlc::test {

class items_flow_fixture : public orders_flow_fixture {
protected:
    void SetUp() override {
        orders_flow_fixture::SetUp();
        cfg.inventory.v2_api_key = secret("ShipStationV2");
        cfg.inventory.v2_url = "http://127.0.0.1:" + std::to_string(ss_sim->port());
        cfg.inventory.v2_rate_limit = 1000;
        cfg.inventory.location_map = {{"01", "se-4567"}, {"02", "se-4568"}};
        build();
        build_items();
    }

    void TearDown() override {
        drop_items();
        orders_flow_fixture::TearDown();
    }

    void drop_items() {
        items_poller.reset();
        watch.reset();
        sync.reset();
        aligner.reset();
        reader.reset();
        items_lock.reset();
        if (v2) v2->shutdown();
        v2.reset();
    }

    // (Re)builds the items flow's parts from `cfg` (after build() or a change of cfg).
    void build_items() {
        drop_items();
        items_settings.first_alignment_delay = {};  // the orders poller's: alignments are ready at once
        flow = flows::items::make_items_settings(cfg, std::chrono::sys_days(std::chrono::year(2025) / 7 / 1));
        flow.first_alignment_delay = {};
        flow.retry_delay = flow.retry_max_delay = std::chrono::milliseconds(1);
        flow.scan_interval = std::chrono::milliseconds(1);
        clients::shipstation::client_options opts;
        opts.retry.base_delay = std::chrono::milliseconds(10);
        opts.retry.max_delay = std::chrono::milliseconds(50);
        v2 = std::make_unique<clients::shipstation::inventory_client>(cfg.inventory, ioc.get_executor(), log_,
                                                                      nullptr, opts);
        reader = std::make_unique<flows::items::item_reader>(db(), *sap, flow);
        aligner = std::make_unique<flows::items::product_aligner>(db(), *shipstation, *reader, flow, log_,
                                                                  "test-aligner");
        sync = std::make_unique<flows::items::stock_sync>(db(), *sap, *v2, *reader, flow, log_, "test-stock");
        watch = std::make_unique<flows::items::stock_watch>(db(), *sap, *sync, flow, log_, [] {});
        items_lock = std::make_unique<db::leader_lock>(cfg.database, "items_poller:SBODEMOUS", log_);
        items_poller =
            std::make_unique<flows::items::items_poller>(db(), *sap, *items_lock, *reader, flow, log_);
    }

    // Aligns until nothing is ready; returns the sum of the runs.
    flows::items::align_report align_all() {
        flows::items::align_report sum;
        for (int i = 0; i < 50; ++i) {
            auto r = run_coro(ioc, aligner->align_once());
            if (r.claimed == 0) break;
            sum.claimed += r.claimed;
            sum.updated += r.updated;
            sum.unchanged += r.unchanged;
            sum.waiting += r.waiting;
            sum.failed += r.failed;
            sum.dead += r.dead;
        }
        return sum;
    }

    // Syncs queued stock until nothing is queued; returns the sum of the runs.
    flows::items::stock_report sync_all() {
        flows::items::stock_report sum;
        for (int i = 0; i < 50; ++i) {
            auto r = run_coro(ioc, sync->sync_once());
            if (r.items == 0 && !r.error) break;
            sum.items += r.items;
            sum.changed += r.changed;
            sum.sent += r.sent;
            sum.failed += r.failed;
            sum.v2_calls += r.v2_calls;
        }
        return sum;
    }

    // ShipStation's products by SKU (the simulator's view; a SKU twice fails the test).
    std::map<std::string, boost::json::object> products() {
        auto res = ss_sim->state().list_products(sim::shipstation::query_params("pageSize=500"));
        std::map<std::string, boost::json::object> out;
        for (const auto& p : res.body.as_object().at("products").as_array()) {
            std::string sku(p.as_object().at("sku").as_string());
            EXPECT_FALSE(out.contains(sku)) << "two products with SKU " << sku;
            out[sku] = p.as_object();
        }
        return out;
    }

    // ShipStation's V2 levels, zeros included: (location, SKU) -> on_hand.
    std::map<std::pair<std::string, std::string>, std::int64_t> levels() {
        auto res = ss_sim->state().control_inventory();
        std::map<std::pair<std::string, std::string>, std::int64_t> out;
        for (const auto& l : res.body.as_object().at("inventory").as_array()) {
            const auto& o = l.as_object();
            out[{std::string(o.at("inventory_location_id").as_string()),
                 std::string(o.at("sku").as_string())}] = o.at("on_hand").to_number<std::int64_t>();
        }
        return out;
    }

    // ShipStation's V2 level of `sku` at `location` (0 when it has none).
    std::int64_t level(const std::string& location, const std::string& sku) {
        auto all = levels();
        auto it = all.find({location, sku});
        return it == all.end() ? 0 : it->second;
    }

    // The SAP simulator's item `code` (a copy).
    boost::json::object sap_item(const std::string& code) {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) { return s.items.at(code); });
    }

    // Changes fields of SAP item `code` as a user saving the item does: UpdateDate and UpdateTime move.
    void change_sap_item(const std::string& code, const boost::json::object& fields) {
        sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            auto& item = s.items.at(code);
            for (const auto& [k, v] : fields) item[k] = v;
            item["UpdateDate"] = now.date;
            item["UpdateTime"] = now.time;
            return 0;
        });
    }

    // A goods receipt or issue booked by hand in SAP ({"ItemCode","WarehouseCode","delta"|"in_stock"}).
    void book_stock(const boost::json::object& body) {
        auto error = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            return sim::sap::book_stock_by_hand(s, body, now);
        });
        ASSERT_FALSE(error) << error->message;
    }

    // SAP's InStock and Committed of `code` in `warehouse`.
    std::pair<double, double> sap_stock(const std::string& code, const std::string& warehouse) {
        auto item = sap_item(code);
        for (const auto& w : item.at("ItemWarehouseInfoCollection").as_array())
            if (w.as_object().at("WarehouseCode").as_string() == warehouse)
                return {w.as_object().at("InStock").to_number<double>(),
                        w.as_object().at("Committed").to_number<double>()};
        return {0, 0};
    }

    // The UnitCode the SAP simulator's company gives the weight (or length) unit displayed as `display`
    // ("kg", "cm"): read from SAP, never assumed (-1 and a test failure when there is none).
    int unit_code(bool weight, const std::string& display) {
        if (weight) {
            auto units = run_coro(ioc, clients::sap::weight_measures(*sap));
            if (units)
                for (const auto& u : *units)
                    if (u.display == display) return u.code;
        } else {
            auto units = run_coro(ioc, clients::sap::length_measures(*sap));
            if (units)
                for (const auto& u : *units)
                    if (u.display == display) return u.code;
        }
        ADD_FAILURE() << "no unit displayed as " << display;
        return -1;
    }

    flows::items::items_settings flow;
    std::unique_ptr<clients::shipstation::inventory_client> v2;
    std::unique_ptr<flows::items::item_reader> reader;
    std::unique_ptr<flows::items::product_aligner> aligner;
    std::unique_ptr<flows::items::stock_sync> sync;
    std::unique_ptr<flows::items::stock_watch> watch;
    std::unique_ptr<db::leader_lock> items_lock;
    std::unique_ptr<flows::items::items_poller> items_poller;
};

}  // namespace mlc::test
