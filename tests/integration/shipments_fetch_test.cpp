// The shipments flow's first step against PostgreSQL and the ShipStation simulator: a stored webhook's
// resource_url is followed, its shipments are recorded with their items, and each new one queues its
// delivery.
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/shipments/resource_fetcher.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "tests/integration/shipments_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace links = db::shipment_links;
namespace inbox = db::webhook_inbox;

class shipments_fetch_test : public shipments_fixture {
protected:
    std::string inbox_state(std::int64_t id) {
        return sql("SELECT state FROM webhook_inbox WHERE id = " + std::to_string(id))[0][0]
            .as<std::string>();
    }

    int deliver_jobs() {
        return sql("SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND priority > 0")[0][0]
            .as<int>();
    }
};

TEST_F(shipments_fetch_test, a_shipment_is_recorded_with_its_items_and_its_delivery_is_queued_once) {
    const int doc_num = sap_orders().begin()->second;
    auto shipment = ship(doc_num);
    const auto shipment_id = shipment.at("shipmentId").to_number<std::int64_t>();
    auto id = receive(resource_url_of(shipment));

    auto r = fetch();
    EXPECT_EQ(r.claimed, 1u);
    EXPECT_EQ(r.records, 1u);
    EXPECT_EQ(r.new_records, 1u);
    EXPECT_EQ(inbox_state(id), "processed");
    EXPECT_EQ(deliver_jobs(), 1);
    // Read with items although the webhook's URL said includeShipmentItems=False.
    EXPECT_EQ(shipstation_calls("GET resource_url") + shipstation_calls("GET /shipments"), 1u);

    auto link = run([&](pqxx::work& w) { return links::find(w, links::link_kind::shipment, shipment_id); });
    ASSERT_TRUE(link);
    EXPECT_EQ(link->state, links::link_state::received);
    EXPECT_EQ(link->order_key, key_of(doc_num));
    EXPECT_EQ(link->shipstation_order_id, link_of_doc_num(doc_num)->shipstation_order_id);
    EXPECT_FALSE(link->tracking_number.empty());
    EXPECT_EQ(link->carrier_code, "ups");
    EXPECT_TRUE(link->ship_date);
    EXPECT_FALSE(link->voided);
    const auto& items = link->payload.at("shipmentItems").as_array();
    ASSERT_FALSE(items.empty());
    EXPECT_FALSE(items[0].at("lineItemKey").as_string().empty());

    // The second webhook for the same batch (ITEM_SHIP_NOTIFY) finds nothing new.
    auto again = receive(resource_url_of(shipment) + "&pageSize=100", "ITEM_SHIP_NOTIFY");
    auto r2 = fetch();
    EXPECT_EQ(r2.records, 1u);
    EXPECT_EQ(r2.new_records, 0u);
    EXPECT_EQ(inbox_state(again), "processed");
    EXPECT_EQ(deliver_jobs(), 1);
    EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE entity_type = 'shipstation_shipment' AND action = "
                  "'received'")[0][0]
                  .as<int>(),
              1);
}

TEST_F(shipments_fetch_test, a_void_found_later_is_recorded_and_queued_for_handling) {
    const int doc_num = sap_orders().begin()->second;
    auto shipment = ship(doc_num);
    const auto shipment_id = shipment.at("shipmentId").to_number<std::int64_t>();
    receive(resource_url_of(shipment));
    fetch();
    run([&](pqxx::work& w) {
        sql("UPDATE job_queue SET state = 'succeeded' WHERE kind = 'deliver_shipment'");  // as if delivered
        (void)w;
    });
    auto voided = ss_sim->state().control_void(boost::json::object{{"shipmentId", shipment_id}});
    ASSERT_EQ(voided.status, 200u);
    receive(resource_url_of(shipment) + "&page=1");
    auto r = fetch();
    EXPECT_EQ(r.new_voids, 1u);
    auto link = run([&](pqxx::work& w) { return links::find(w, links::link_kind::shipment, shipment_id); });
    EXPECT_TRUE(link->voided);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND state = 'queued'")[0][0]
                  .as<int>(),
              1);
}

TEST_F(shipments_fetch_test, events_the_connector_does_not_use_are_closed_without_a_request) {
    auto id = receive(ss_sim->base_url() + "/orders?importBatch=abc", "ORDER_NOTIFY");
    auto r = fetch();
    EXPECT_EQ(r.not_used, 1u);
    EXPECT_EQ(inbox_state(id), "processed");
    EXPECT_EQ(shipstation_calls("GET resource_url"), 0u);
}

TEST_F(shipments_fetch_test, a_resource_url_off_the_allowed_origins_is_never_fetched_even_from_the_inbox) {
    auto id = receive("https://evil.example/shipments?batchId=1");
    auto r = fetch();
    EXPECT_EQ(r.rejected, 1u);
    EXPECT_EQ(inbox_state(id), "rejected");
    EXPECT_EQ(ss_sim->state().counters().requests, shipstation_calls("POST /orders/createorders"));
}

TEST_F(shipments_fetch_test,
       an_unreachable_shipstation_fails_the_fetch_for_a_retry_and_an_expired_resource_is_empty) {
    const int doc_num = sap_orders().begin()->second;
    auto shipment = ship(doc_num);
    auto id = receive(resource_url_of(shipment));
    sim::shipstation::fault_settings f;
    f.fail_reads = 10;  // more than the client's own retries
    ss_sim->state().set_faults(f);
    auto r = fetch();
    EXPECT_EQ(r.failed, 1u);
    EXPECT_EQ(inbox_state(id), "failed");
    ss_sim->state().set_faults({});
    auto r2 = fetch();
    EXPECT_EQ(r2.new_records, 1u);
    EXPECT_EQ(inbox_state(id), "processed");

    auto gone = receive(ss_sim->base_url() + "/shipments?batchId=999999&includeShipmentItems=False");
    auto r3 = fetch();
    EXPECT_EQ(r3.records, 0u);
    EXPECT_EQ(inbox_state(gone), "processed");
}

// A resource_url of more pages than MLC_WEBHOOK_MAX_PAGES: what was read is recorded, the row says the rest
// is left to reconciliation, and a warning names the path and the pages read.
TEST_F(shipments_fetch_test, a_resource_larger_than_the_page_cap_is_left_to_reconciliation) {
    auto orders = sap_orders();
    auto it = orders.begin();
    for (int i = 0; i < 3; ++i) ship((it++)->second);
    flows::shipments::fetch_settings fs;
    fs.page_size = 1;
    fs.max_pages = 2;
    flows::shipments::resource_fetcher capped(db(), *shipstation, fs, log_, "capped-fetcher");
    auto id = receive(ss_sim->base_url() + "/shipments?includeShipmentItems=False");
    auto r = run_coro(ioc, capped.fetch_once());
    EXPECT_EQ(r.capped, 1u);
    EXPECT_EQ(r.records, 2u);
    EXPECT_EQ(r.new_records, 2u);
    EXPECT_EQ(r.failed, 0u);
    EXPECT_EQ(inbox_state(id), "processed");
    auto error = sql("SELECT error FROM webhook_inbox WHERE id = " + std::to_string(id))[0][0];
    EXPECT_NE(error.as<std::string>("").find("left to reconciliation"), std::string::npos);
    EXPECT_EQ(shipstation_calls("GET resource_url") + shipstation_calls("GET /shipments"), 2u);
    const auto logged = log_text.str();
    auto warning = logged.find("shipments.fetch_capped");
    ASSERT_NE(warning, std::string::npos) << logged;
    EXPECT_NE(logged.find("/shipments", warning), std::string::npos);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue WHERE kind = 'fetch_shipstation_resource' AND state = "
                  "'succeeded'")[0][0]
                  .as<int>(),
              1)
        << "not failed, not retried";
}

// Issue 11, hole 4: a read slower than the fetcher's lease (ShipStation at its rate limit, many pages) keeps
// the lease, so a second fetcher (another replica's) never takes the job and reads it again.
TEST_F(shipments_fetch_test, a_fetch_slower_than_its_lease_keeps_it) {
    const int doc_num = sap_orders().begin()->second;
    auto shipment = ship(doc_num);
    receive(resource_url_of(shipment));
    flows::shipments::fetch_settings fs;
    fs.lease = std::chrono::milliseconds(200);
    flows::shipments::resource_fetcher slow_one(db(), *shipstation, fs, log_, "fetcher-a");
    flows::shipments::resource_fetcher other(db(), *shipstation, fs, log_, "fetcher-b");
    sim::shipstation::fault_settings f;
    f.latency = std::chrono::milliseconds(900);
    ss_sim->state().set_faults(f);

    auto a = boost::asio::co_spawn(ioc, slow_one.fetch_once(), boost::asio::use_future);
    auto b = boost::asio::co_spawn(
        ioc,
        [&other]() -> boost::asio::awaitable<flows::shipments::fetch_report> {
            boost::asio::steady_timer t(co_await boost::asio::this_coro::executor,
                                        std::chrono::milliseconds(500));
            co_await t.async_wait(boost::asio::use_awaitable);
            co_return co_await other.fetch_once();
        },
        boost::asio::use_future);
    ioc.restart();
    ioc.run();
    ioc.restart();
    EXPECT_EQ(a.get().new_records, 1u) << log_text.str();
    EXPECT_EQ(b.get().claimed, 0u) << log_text.str();
    EXPECT_EQ(shipstation_calls("GET resource_url") + shipstation_calls("GET /shipments"), 1u);
}

}  // namespace
}  // namespace mlc::test
