// The orders flow's fixture with every seeded order already in ShipStation, plus the shipments flow's parts:
// buy a label in the simulator, receive its webhook as the receiver would, fetch it (header-only: only
// integration_tests links the simulators).
#pragma once

#include "db/webhook_inbox.hpp"
#include "flows/shipments/resource_fetcher.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "tests/integration/orders_flow_fixture.hpp"
#include "tests/integration/sap_store_queries.hpp"

#include <boost/json/serialize.hpp>

#include <memory>
#include <string>

namespace mlc::test {

class shipments_fixture : public orders_flow_fixture {
protected:
    void SetUp() override {
        orders_flow_fixture::SetUp();
        ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
        ASSERT_EQ(push_all().sent, static_cast<std::size_t>(seeded_orders));
        flows::shipments::fetch_settings fs;
        fs.retry_delay = std::chrono::milliseconds(1);
        fetcher = std::make_unique<flows::shipments::resource_fetcher>(db(), *shipstation, fs, log_,
                                                                       "test-fetcher");
    }
    void TearDown() override {
        fetcher.reset();
        orders_flow_fixture::TearDown();
    }

    // Buys a label in the simulator for order `doc_num` (whole, or `items`) and returns the shipment.
    boost::json::object ship(int doc_num, boost::json::array items = {}) {
        boost::json::object body{{"orderId", *link_of_doc_num(doc_num)->shipstation_order_id},
                                 {"carrierCode", "ups"},
                                 {"serviceCode", "ups_ground"}};
        if (!items.empty()) body["items"] = std::move(items);
        std::vector<sim::shipstation::webhook_delivery> hooks;
        auto r = ss_sim->state().control_ship(body, hooks);
        EXPECT_EQ(r.status, 200u) << boost::json::serialize(r.body);
        return r.body.as_object();
    }

    // Marks an order shipped in the simulator without a label (`body`: orderId, carrierCode, ...; a
    // fulfillmentProviderCode makes it a provider's) and returns the answer; webhooks are not sent.
    sim::shipstation::api_result fulfill(const boost::json::object& body) {
        std::vector<sim::shipstation::webhook_delivery> hooks;
        return ss_sim->state().control_fulfill(body, hooks);
    }

    // The resource_url SHIP_NOTIFY names for the shipment's batch.
    std::string resource_url_of(const boost::json::object& shipment) {
        return ss_sim->base_url() +
               "/shipments?batchId=" + std::string(shipment.at("batchNumber").as_string()) +
               "&includeShipmentItems=False";
    }

    // What the webhook receiver does: the payload into the inbox and its fetch queued, in one transaction.
    std::int64_t receive(const std::string& url, const std::string& type = "SHIP_NOTIFY") {
        auto payload =
            boost::json::serialize(boost::json::object{{"resource_url", url}, {"resource_type", type}});
        return run([&](pqxx::work& w) {
            auto r = db::webhook_inbox::store(w, "shipstation", type, url, payload, std::string("req-1"));
            flows::shipments::queue_resource_fetch(w, r.id, "req-1");
            return r.id;
        });
    }

    flows::shipments::fetch_report fetch() { return run_coro(ioc, fetcher->fetch_once(8)); }

    // DocNum of a seeded order whose items need (`with_batches`) or need no batch numbers, and no serial
    // numbers; -1 if none does.
    int order_with(bool with_batches) {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
            auto entries = orders_with_batches(s, with_batches);
            return entries.empty() ? -1
                                   : static_cast<int>(s.orders.at(entries.front()).at("DocNum").as_int64());
        });
    }

    boost::json::object sap_order(int doc_num) {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
            for (const auto& [entry, order] : s.orders)
                if (order.at("DocNum").as_int64() == doc_num) return order;
            return boost::json::object{};
        });
    }

    std::vector<boost::json::object> deliveries_of(int doc_entry) {
        return sap_store(
            [&](sim::sap::store& s, const sim::sap::sim_time&) { return deliveries_based_on(s, doc_entry); });
    }

    std::unique_ptr<flows::shipments::resource_fetcher> fetcher;
};

}  // namespace mlc::test
