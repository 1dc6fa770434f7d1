// One SAP delivery per shipment where operations get messy, against PostgreSQL and both simulators: an
// operator's replay after a refused order update or of a partly shipped order, stamps that are prefixes of
// one another, a void after a lost POST, leases under slow SAP calls, two writers on one order, approval
// procedures, a shipment that disagrees with its order, and a settle transaction that runs twice.
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "flows/orders/order_status.hpp"
#include "flows/shipments/delivery_writer.hpp"
#include "tests/integration/delivery_fixture.hpp"
#include "tests/simulators/sap_b1/deliveries.hpp"
#include "tests/simulators/sap_b1/drafts.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace asio = boost::asio;
namespace links = db::shipment_links;
using flows::shipments::delivery_report;
using namespace std::chrono_literals;

class shipments_exactly_once_test : public delivery_fixture {
protected:
    void TearDown() override {
        other.reset();
        delivery_fixture::TearDown();
    }

    std::uint64_t delivery_posts() {
        return sap_sim->state().counters().requests["POST /b1s/v1/DeliveryNotes"];
    }

    void set_company(boost::json::object rules) {
        sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
            if (const auto* v = rules.if_contains("closed_documents_read_only"))
                s.rules.closed_documents_read_only = v->as_bool();
            if (const auto* v = rules.if_contains("deliveries_need_approval"))
                s.rules.deliveries_need_approval = v->as_bool();
            if (const auto* v = rules.if_contains("approval_status"))
                s.rules.approval_status = static_cast<int>(v->as_int64());
        });
    }

    flows::orders::replay_result replay(int doc_num) {
        return run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", doc_num); });
    }

    // The fixture writer's settings with `lease`.
    flows::shipments::delivery_settings settings_with(std::chrono::milliseconds lease) {
        auto ds = flows::shipments::make_delivery_settings(cfg);
        ds.now = [] { return std::chrono::system_clock::time_point(writer_today) + std::chrono::hours(12); };
        ds.retry_delay = 0ms;
        ds.retry_max_delay = 0ms;
        ds.doubt_settle = 0ms;
        ds.busy_order_delay = 0ms;
        ds.lease = lease;
        ds.carrier_map = {{"ups/ups_ground", 1}, {"fedex", 2}};
        return ds;
    }

    // A second writer (another replica's) with its own owner, lease and lock session.
    flows::shipments::delivery_writer& second_writer(std::chrono::milliseconds lease) {
        other = std::make_unique<flows::shipments::delivery_writer>(db(), *sap, settings_with(lease), log_,
                                                                    "other-writer", cfg.database);
        return *other;
    }

    void make_writer_with_lease(std::chrono::milliseconds lease) {
        writer = std::make_unique<flows::shipments::delivery_writer>(db(), *sap, settings_with(lease), log_,
                                                                     "test-writer", cfg.database);
    }

    // Runs the first writer at once and the second after `delay`, concurrently, until both are done.
    std::pair<delivery_report, delivery_report> both(flows::shipments::delivery_writer& first,
                                                     flows::shipments::delivery_writer& second,
                                                     std::chrono::milliseconds delay) {
        auto a = asio::co_spawn(ioc, first.deliver_once(), asio::use_future);
        auto b = asio::co_spawn(
            ioc,
            [&second, delay]() -> asio::awaitable<delivery_report> {
                asio::steady_timer t(co_await asio::this_coro::executor, delay);
                co_await t.async_wait(asio::use_awaitable);
                co_return co_await second.deliver_once();
            },
            asio::use_future);
        ioc.restart();
        ioc.run();
        ioc.restart();
        return {a.get(), b.get()};
    }

    // A line of `doc_num`'s order and half its quantity (at least 1): a partial shipment's items.
    boost::json::array one_unit_of(int doc_num) {
        const auto order = sap_order(doc_num);
        const auto& line = order.at("DocumentLines").as_array()[0].as_object();
        return {boost::json::object{{"lineItemKey", std::to_string(line.at("LineNum").as_int64())},
                                    {"quantity", 1}}};
    }

    // A delivery written by someone else onto order `doc_entry` line 0, `quantity` of it, with `comments`.
    int foreign_delivery(int doc_entry, const std::string& comments, double quantity = 1) {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            const auto& order = s.orders.at(doc_entry);
            boost::json::object body{
                {"CardCode", order.at("CardCode")},
                {"Comments", comments},
                {"DocumentLines",
                 boost::json::array{boost::json::object{
                     {"BaseType", 17}, {"BaseEntry", doc_entry}, {"BaseLine", 0}, {"Quantity", quantity}}}}};
            return sim::sap::create_delivery(s, body, now).value();
        });
    }

    // Delivery POSTs wait `by` before SAP handles them: nothing is there to find meanwhile.
    void slow_posts(std::chrono::milliseconds by) {
        sim::sap::fault_plan plan;
        plan.latency = by;
        plan.latency_method = "POST";
        plan.latency_path = "DeliveryNotes";
        sap_sim->state().set_faults(plan);
    }

    std::size_t drafts() {
        return sap_store([](sim::sap::store& s, const sim::sap::sim_time&) { return s.drafts.size(); });
    }

    std::unique_ptr<flows::shipments::delivery_writer> other;
};

// Holes 1 and 6: the delivery closes the order, SAP refuses to change the closed order; the refusal is kept
// and shown (not a loop, not a dead letter hiding the delivery), and once fixed the operator's replay only
// patches.
TEST_F(shipments_exactly_once_test, a_refused_order_update_is_kept_and_a_replay_only_patches) {
    set_company({{"closed_documents_read_only", true}});
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);

    auto r = deliver();
    EXPECT_EQ(r.delivered, 1u) << log_text.str();
    EXPECT_EQ(r.order_updates_refused, 1u);
    EXPECT_EQ(r.failed + r.dead, 0u);
    auto link = link_of(shipment_id);
    EXPECT_EQ(link.state, links::link_state::delivered);
    EXPECT_EQ(link.order_update_state, links::order_update::refused);
    EXPECT_NE(link.order_update_error.value_or("").find("cannot be changed"), std::string::npos)
        << link.order_update_error.value_or("");
    EXPECT_EQ(sql("SELECT state FROM job_queue WHERE kind = 'deliver_shipment'")[0][0].as<std::string>(),
              "succeeded");
    auto refused = sql("SELECT outcome, error FROM audit_log WHERE action = 'order_update_refused'");
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0][0].as<std::string>(), "failed");
    EXPECT_NE(refused[0][1].as<std::string>().find("-5002"), std::string::npos)
        << refused[0][1].as<std::string>();
    // The admin view shows it beside the delivery.
    auto view = run([&](pqxx::work& w) {
        return flows::orders::order_status_by_entry(w, "SBODEMOUS", link_of_doc_num(doc_num)->doc_entry);
    });
    ASSERT_TRUE(view);
    const auto& shown = view->at("shipments").as_array().at(0).as_object();
    EXPECT_EQ(shown.at("order_update").at("state").as_string(), "refused");
    EXPECT_FALSE(shown.at("delivery").is_null());

    // Fixed in SAP; the operator replays the order: the update is written, nothing is posted or searched.
    set_company({{"closed_documents_read_only", false}});
    sap_sim->state().reset_counters();
    EXPECT_EQ(replay(doc_num), flows::orders::replay_result::replayed);
    auto again = deliver();
    EXPECT_EQ(again.orders_updated, 1u) << log_text.str();
    EXPECT_EQ(again.delivered + again.found + again.dead, 0u);
    EXPECT_EQ(delivery_posts(), 0u);
    EXPECT_EQ(sap_sim->state().counters().requests["GET /b1s/v1/DeliveryNotes"], 0u);
    EXPECT_EQ(deliveries_of(doc_entry).size(), 1u);
    EXPECT_EQ(sap_order(doc_num).at("TrackingNumber").as_string(), link.tracking_number);
    EXPECT_EQ(link_of(shipment_id).order_update_state, links::order_update::done);
}

// Hole 1: a partly shipped order whose update failed is replayed; the order is still open, and the replay
// must not post the shipment a second time.
TEST_F(shipments_exactly_once_test, replaying_a_partly_shipped_order_never_posts_its_delivery_again) {
    const int doc_num = new_order({{"A00001", 3}, {"A00002", 2}});
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    sim::sap::fault_plan plan;
    plan.fail_count = 1000;
    plan.fail_status = 503;
    plan.fail_method = "PATCH";
    plan.fail_path = "/Orders(";
    sap_sim->state().set_faults(plan);
    auto shipment_id = ship_and_fetch(doc_num, one_unit_of(doc_num));
    auto first = run_coro(ioc, writer->deliver_once());
    EXPECT_EQ(first.delivered, 1u) << log_text.str();
    EXPECT_EQ(first.order_updates_failed, 1u);
    EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Open");

    sap_sim->state().set_faults({});
    EXPECT_EQ(replay(doc_num), flows::orders::replay_result::replayed);
    auto r = deliver();
    EXPECT_EQ(r.orders_updated, 1u) << log_text.str();
    EXPECT_EQ(r.delivered, 0u);
    EXPECT_EQ(deliveries_of(doc_entry).size(), 1u);
    EXPECT_EQ(delivery_posts(), 1u);
    EXPECT_EQ(sap_order(doc_num).at("TrackingNumber").as_string(), link_of(shipment_id).tracking_number);
}

// Hole 2: the delivery of shipment <id>3 carries a stamp that starts with this shipment's; after a lost POST,
// the search must not take it for this shipment's.
TEST_F(shipments_exactly_once_test, a_stamp_that_extends_this_shipments_is_not_taken_for_it) {
    const int doc_num = new_order({{"A00001", 3}});
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment = ship(doc_num, one_unit_of(doc_num));
    const auto shipment_id = shipment.at("shipmentId").to_number<std::int64_t>();
    const std::string longer = "SS-SHIP-" + std::to_string(shipment_id) + "3";
    foreign_delivery(doc_entry, "ShipStation shipment " + std::to_string(shipment_id) + "3 [" + longer + "]");
    receive(resource_url_of(shipment));
    ASSERT_EQ(fetch().new_records, 1u);
    lose_the_next_post();

    auto r = deliver();
    EXPECT_EQ(r.delivered, 1u) << log_text.str();
    EXPECT_EQ(r.found, 0u);
    auto link = link_of(shipment_id);
    ASSERT_TRUE(link.delivery_doc_entry);
    const auto deliveries = deliveries_of(doc_entry);
    ASSERT_EQ(deliveries.size(), 2u);  // the other shipment's, and this one's
    for (const auto& d : deliveries) {
        if (d.at("DocEntry").as_int64() == *link.delivery_doc_entry) {
            EXPECT_NE(std::string(d.at("Comments").as_string())
                          .find("[SS-SHIP-" + std::to_string(shipment_id) + "]"),
                      std::string::npos);
        }
    }
}

// Hole 2: a delivery with exactly this stamp, but based on another sales order, is not this shipment's.
TEST_F(shipments_exactly_once_test, a_stamped_delivery_of_another_order_is_not_taken_for_this_shipments) {
    const int doc_num = new_order({{"A00001", 2}});
    const int elsewhere = new_order({{"A00002", 2}});
    auto shipment = ship(doc_num);
    const auto shipment_id = shipment.at("shipmentId").to_number<std::int64_t>();
    foreign_delivery(link_of_doc_num(elsewhere)->doc_entry, "[SS-SHIP-" + std::to_string(shipment_id) + "]");
    receive(resource_url_of(shipment));
    ASSERT_EQ(fetch().new_records, 1u);
    lose_the_next_post();

    auto r = deliver();
    EXPECT_EQ(r.delivered, 1u) << log_text.str();
    EXPECT_EQ(r.found, 0u);
    EXPECT_EQ(deliveries_of(link_of_doc_num(doc_num)->doc_entry).size(), 1u);
    EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Close");
}

class shipments_void_in_doubt_test : public shipments_exactly_once_test,
                                     public ::testing::WithParamInterface<bool> {};

// Hole 3: SAP committed the delivery but its answer was lost, then the label is voided: the void's handling
// searches first and cancels (or keeps and notes) the delivery that exists.
TEST_P(shipments_void_in_doubt_test, a_void_after_a_lost_post_handles_the_delivery_that_was_committed) {
    const bool cancel = GetParam();
    make_writer(cancel);
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    commit_then_lose_the_answer();
    EXPECT_EQ(run_coro(ioc, writer->deliver_once()).failed, 1u) << log_text.str();
    ASSERT_EQ(deliveries_of(doc_entry).size(), 1u);  // committed
    EXPECT_TRUE(link_of(shipment_id).delivery_in_doubt_at);

    ASSERT_EQ(ss_sim->state().control_void(boost::json::object{{"shipmentId", shipment_id}}).status, 200u);
    receive(ss_sim->base_url() + "/shipments?includeShipmentItems=true");  // lists the void too
    EXPECT_EQ(fetch().new_voids, 1u);
    auto r = deliver();
    auto link = link_of(shipment_id);
    ASSERT_TRUE(link.delivery_doc_entry) << log_text.str();
    EXPECT_FALSE(link.delivery_in_doubt_at);
    bool cancelled = false;
    for (const auto& d : deliveries_of(doc_entry))
        if (d.at("DocEntry").as_int64() == *link.delivery_doc_entry)
            cancelled = d.at("Cancelled").as_string() == "tYES";
    if (cancel) {
        EXPECT_EQ(r.cancelled, 1u) << log_text.str();
        EXPECT_EQ(link.state, links::link_state::cancelled);
        EXPECT_TRUE(cancelled);
        EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Open");
    } else {
        EXPECT_EQ(link.state, links::link_state::delivered);
        EXPECT_FALSE(cancelled);
        EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'void_noted'")[0][0].as<int>(), 1);
    }
    EXPECT_EQ(delivery_posts(), 1u);
}

INSTANTIATE_TEST_SUITE_P(policies, shipments_void_in_doubt_test, ::testing::Values(false, true),
                         [](const auto& param) { return param.param ? "cancel" : "flag"; });

// Hole 4: a POST slower than the lease; the writer keeps its lease, so another replica's writer never takes
// the job and posts it a second time.
TEST_F(shipments_exactly_once_test, a_writer_keeps_its_lease_through_a_slow_post) {
    make_writer_with_lease(300ms);
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    ship_and_fetch(doc_num);
    slow_posts(1500ms);
    auto& replica = second_writer(300ms);

    auto [first, second] = both(*writer, replica, 700ms);
    EXPECT_EQ(first.delivered, 1u) << log_text.str();
    EXPECT_EQ(second.claimed, 0u) << log_text.str();
    EXPECT_EQ(deliveries_of(doc_entry).size(), 1u);
    EXPECT_EQ(delivery_posts(), 1u);
}

// Hole 4: two partial shipments of one order on two replicas: the second waits for the first (the order's
// lock) instead of reading the order and allocating beside it.
TEST_F(shipments_exactly_once_test, two_writers_never_work_on_one_order_at_once) {
    const int doc_num = new_order({{"A00001", 3}});
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    ship_and_fetch(doc_num, one_unit_of(doc_num));
    ship_and_fetch(doc_num, one_unit_of(doc_num));
    slow_posts(1500ms);
    auto& replica = second_writer(60s);

    auto [first, second] = both(*writer, replica, 500ms);
    EXPECT_EQ(first.delivered, 1u) << log_text.str();
    EXPECT_EQ(second.postponed, 1u) << log_text.str();
    EXPECT_EQ(second.delivered, 0u);
    sap_sim->state().set_faults({});
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    EXPECT_EQ(deliveries_of(doc_entry).size(), 2u);
}

class shipments_approval_test : public shipments_exactly_once_test,
                                public ::testing::WithParamInterface<int> {};

// Hole 5: an approval procedure turns the POST into a draft and answers -2028. The shipment waits for the
// approval as a dead letter, a replay makes no second draft, and after the approval the replay finds the
// delivery.
TEST_P(shipments_approval_test, a_delivery_held_for_approval_is_a_dead_letter_that_makes_one_draft) {
    set_company({{"deliveries_need_approval", true}, {"approval_status", GetParam()}});
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);

    auto r = deliver();
    EXPECT_EQ(r.dead, 1u) << log_text.str();
    EXPECT_EQ(drafts(), 1u);
    auto link = link_of(shipment_id);
    EXPECT_EQ(link.state, links::link_state::dead);
    EXPECT_NE(link.last_error.value_or("").find("waiting for approval in SAP"), std::string::npos)
        << link.last_error.value_or("");
    EXPECT_TRUE(link.delivery_in_doubt_at);  // the draft may become the delivery

    // Replayed before anyone approved: still waiting, and no second draft.
    EXPECT_EQ(replay(doc_num), flows::orders::replay_result::replayed);
    EXPECT_EQ(deliver().dead, 1u) << log_text.str();
    EXPECT_EQ(drafts(), 1u);
    EXPECT_EQ(delivery_posts(), 1u);

    // Approved in SAP: the delivery exists with the stamp; the replay finds it and updates the order.
    const int draft =
        sap_store([](sim::sap::store& s, const sim::sap::sim_time&) { return s.drafts.begin()->first; });
    ASSERT_TRUE(sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
        return sim::sap::approve_draft(s, draft, now).has_value();
    }));
    EXPECT_EQ(replay(doc_num), flows::orders::replay_result::replayed);
    auto after = deliver();
    EXPECT_EQ(after.found, 1u) << log_text.str();
    EXPECT_EQ(deliveries_of(doc_entry).size(), 1u);
    EXPECT_EQ(link_of(shipment_id).state, links::link_state::delivered);
    EXPECT_EQ(sap_order(doc_num).at("TrackingNumber").as_string(), link.tracking_number);
}

INSTANTIATE_TEST_SUITE_P(statuses, shipments_approval_test, ::testing::Values(400, 404),
                         [](const auto& param) { return "http_" + std::to_string(param.param); });

// Hole 5: -2028 without a draft is an invalid referenced code (a wrong MLC_CARRIER_MAP code): SAP's message
// is the dead letter's reason, at once.
TEST_F(shipments_exactly_once_test, a_2028_without_a_draft_is_a_dead_letter_with_saps_message) {
    const int doc_num = order_with(false);
    auto shipment_id = ship_and_fetch(doc_num);
    sim::sap::fault_plan plan;
    plan.refuse_count = 1;
    plan.refuse_code = -2028;
    plan.refuse_message = "No matching records found (ODBC -2028)";
    plan.refuse_path = "DeliveryNotes";
    sap_sim->state().set_faults(plan);
    auto r = deliver();
    EXPECT_EQ(r.dead, 1u) << log_text.str();
    EXPECT_EQ(r.failed, 0u);
    auto link = link_of(shipment_id);
    EXPECT_NE(link.last_error.value_or("").find("SAP refused the delivery"), std::string::npos);
    EXPECT_NE(link.last_error.value_or("").find("-2028"), std::string::npos);
    EXPECT_FALSE(link.delivery_in_doubt_at);
    EXPECT_EQ(drafts(), 0u);
    EXPECT_EQ(delivery_posts(), 1u);
}

// The same refusal made by the simulator itself: MLC_CARRIER_MAP names a ShippingTypes code the company does
// not have, and an approval procedure covers deliveries. SAP checks the code before it would save a draft, so
// its -2028 means the code: a dead letter with SAP's answer, no draft, nothing in doubt.
TEST_F(shipments_exactly_once_test,
       an_unknown_shipping_type_under_an_approval_procedure_is_refused_not_a_draft) {
    set_company({{"deliveries_need_approval", true}});
    const int doc_num = order_with(false);
    auto shipment_id = ship_and_fetch(doc_num);
    sap_store([](sim::sap::store& s, const sim::sap::sim_time&) { return s.shipping_types.erase(1); });
    EXPECT_EQ(deliver().dead, 1u) << log_text.str();
    auto link = link_of(shipment_id);
    EXPECT_NE(link.last_error.value_or("").find("SAP refused the delivery"), std::string::npos)
        << link.last_error.value_or("");
    EXPECT_NE(link.last_error.value_or("").find("-2028"), std::string::npos);
    EXPECT_FALSE(link.delivery_in_doubt_at);
    EXPECT_EQ(drafts(), 0u);
}

// Item 7: the shipment names the order's orderKey but another ShipStation orderId than the connector's order
// got: it is not delivered against that order.
TEST_F(shipments_exactly_once_test, a_shipment_that_disagrees_with_its_orders_link_is_a_dead_letter) {
    const int doc_num = order_with(false);
    auto shipment_id = ship_and_fetch(doc_num);
    sql("UPDATE shipment_links SET shipstation_order_id = 987654 WHERE shipstation_id = " +
        std::to_string(shipment_id));
    auto r = deliver();
    EXPECT_EQ(r.dead, 1u) << log_text.str();
    EXPECT_NE(link_of(shipment_id).last_error.value_or("").find("987654"), std::string::npos);
    EXPECT_EQ(delivery_posts(), 0u);
}

// Item 8: the settle transaction fails once with a serialization failure and runs again: one delivery
// counted, the audit rows written once and whole.
TEST_F(shipments_exactly_once_test, a_settle_transaction_that_runs_twice_counts_and_audits_once) {
    sql("CREATE SEQUENCE force_retry");
    sql("CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.state = 'delivered' AND OLD.state <> 'delivered' THEN"
        "   IF nextval('force_retry') = 1 THEN RAISE EXCEPTION 'forced' USING ERRCODE = '40001'; END IF;"
        " END IF; RETURN NEW; END $$");
    sql("CREATE TRIGGER fail_once BEFORE UPDATE ON shipment_links FOR EACH ROW EXECUTE FUNCTION fail_once()");
    const int doc_num = order_with(false);
    ship_and_fetch(doc_num);
    auto r = deliver();
    EXPECT_EQ(r.delivered, 1u) << log_text.str();
    EXPECT_EQ(r.orders_updated, 1u);
    EXPECT_EQ(sql("SELECT last_value FROM force_retry")[0][0].as<int>(), 2);  // it did run twice
    auto rows =
        sql("SELECT action, request_summary::text FROM audit_log WHERE entity_type = 'shipstation_shipment'"
            " AND action IN ('shipment_mapped', 'delivery_created', 'order_patched') ORDER BY id");
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& row : rows) EXPECT_NE(row[1].as<std::string>(), "{}") << row[0].as<std::string>();
    EXPECT_NE(rows[0][1].as<std::string>().find("BaseEntry"), std::string::npos);
}

}  // namespace
}  // namespace mlc::test
