// The orders flow against PostgreSQL and both simulators: new, changed and cancelled orders reach ShipStation
// exactly once; in-doubt pushes, 429s, refusals and locked orders are handled and audited.
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/watermarks.hpp"
#include "flows/orders/order_intake.hpp"
#include "flows/orders/order_status.hpp"
#include "tests/integration/orders_flow_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace mlc::test {
namespace {

namespace links = db::order_links;
namespace audit = db::audit_log;
using namespace std::chrono_literals;

std::vector<std::string> actions_of(const std::vector<audit::record>& rows) {
    std::vector<std::string> out;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) out.push_back(it->action);
    return out;
}

class orders_flow_test : public orders_flow_fixture {
protected:
    // The audit rows of the SAP simulator's one order numbered `doc_num`, newest first.
    std::vector<audit::record> audit_of(int doc_num) {
        const auto key = flows::orders::audit_key(doc_entry_of(doc_num));
        return run(
            [&](pqxx::work& w) { return audit::find_by_entity(w, flows::orders::audit_entity, key, 100); });
    }
    // Pushes everything queued while ShipStation applies the first createorders call, then answers it with a
    // 500 (the outcome unknown to the pusher).
    flows::orders::push_report push_all_losing_the_first_answer() {
        sim::shipstation::fault_settings f;
        f.fail_after_write = 1;
        ss_sim->state().set_faults(f);
        return push_all();
    }
    // Polls and pushes every seeded order once.
    void sync_everything() {
        auto p = poll();
        ASSERT_TRUE(p.complete) << p.error.value_or("");
        ASSERT_EQ(p.queued, static_cast<std::size_t>(seeded_orders));
        auto r = push_all();
        ASSERT_EQ(r.sent, static_cast<std::size_t>(seeded_orders));
    }
    // Polls, then takes the orderNumber out of the first order's queued push (a body ShipStation refuses, as
    // a corrupted or hand-edited job would carry); its DocEntry and DocNum.
    std::pair<int, int> queue_one_invalid_order() {
        EXPECT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
        auto [entry, doc_num] = *sap_orders().begin();
        run([&](pqxx::work& w) {
            auto job = db::job_queue::find_by_key(w, flows::orders::push_job_kind, key_of(doc_num));
            auto payload = job->payload.as_object();
            payload["body"].as_object().erase("orderNumber");
            db::job_queue::job_spec spec;
            spec.kind = job->kind;
            spec.dedupe_key = job->dedupe_key;
            spec.payload = payload;
            spec.max_attempts = 2;
            db::job_queue::enqueue(w, spec);
        });
        return {entry, doc_num};
    }
};

TEST_F(orders_flow_test, new_orders_reach_shipstation_once_in_one_call) {
    auto p = poll();
    ASSERT_TRUE(p.leader);
    ASSERT_TRUE(p.complete) << p.error.value_or("");
    EXPECT_EQ(p.orders, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(p.queued, static_cast<std::size_t>(seeded_orders));
    EXPECT_GE(p.pages, 3u);  // page size 5

    auto r = push_all();
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(r.calls, 1u);
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 1u);

    auto orders = shipstation_orders();
    ASSERT_EQ(orders.size(), static_cast<std::size_t>(seeded_orders));
    for (const auto& [entry, doc_num] : sap_orders()) {
        ASSERT_TRUE(orders.contains(key_of(doc_num))) << doc_num;
        const auto& o = orders.at(key_of(doc_num));
        EXPECT_EQ(o.at("orderNumber").as_string(), std::to_string(doc_num));
        EXPECT_EQ(o.at("orderStatus").as_string(), "awaiting_shipment");
        auto link = link_of_doc_num(doc_num);
        ASSERT_TRUE(link);
        EXPECT_EQ(link->doc_entry, entry);
        EXPECT_EQ(link->state, links::link_state::sent);
        EXPECT_EQ(link->shipstation_order_id, o.at("orderId").to_number<std::int64_t>());
        EXPECT_FALSE(link->in_doubt_hash);
        EXPECT_EQ(actions_of(audit_of(doc_num)), (std::vector<std::string>{"seen", "mapped", "sent"}));
    }

    // The overlapping window reads the same versions again: nothing is queued, nothing sent.
    auto again = poll();
    ASSERT_TRUE(again.complete) << again.error.value_or("") << log_text.str();
    EXPECT_GT(again.orders, 0u);
    EXPECT_EQ(again.already_seen, again.orders);
    EXPECT_EQ(again.queued, 0u);
    EXPECT_EQ(push_all().claimed, 0u);
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 1u);
}

TEST_F(orders_flow_test, a_v2_service_layer_taking_only_unquoted_iso_dates_is_polled_with_that_form) {
    sap_sim->state().with_store([](sim::sap::store& s, const sim::sap::sim_time&) {
        s.rules.v2_iso_date_literal = true;
        return 0;
    });
    cfg.sap.url = sap_sim->service_root(sim::sap::api_version::v2);
    build();
    auto p = poll();
    ASSERT_TRUE(p.complete) << p.error.value_or("");
    EXPECT_EQ(p.queued, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(sap->learned_date_form(), clients::sap::date_form::iso);
    // The probe ran once; the second poll reuses the form.
    auto again = poll();
    ASSERT_TRUE(again.complete) << again.error.value_or("");
    const std::string text = log_text.str();
    const auto first = text.find("sap.date_form_chosen");
    ASSERT_NE(first, std::string::npos);
    EXPECT_EQ(text.find("sap.date_form_chosen", first + 1), std::string::npos);
}

TEST_F(orders_flow_test, a_changed_order_is_sent_again_whole_and_a_change_outside_the_mapping_is_skipped) {
    sync_everything();
    auto [entry, doc_num] = *sap_orders().begin();
    auto order_id = link_of_doc_num(doc_num)->shipstation_order_id;

    patch_sap_order(entry, {{"Comments", "Leave at the back door"}});
    auto p = poll();
    EXPECT_EQ(p.queued, 1u);
    auto r = push_all();
    EXPECT_EQ(r.sent, 1u);
    EXPECT_EQ(shipstation_calls("GET /orders/{id}"), 1u);  // still open there? checked before the update
    auto orders = shipstation_orders();
    EXPECT_EQ(orders.size(), static_cast<std::size_t>(seeded_orders));
    const auto& o = orders.at(key_of(doc_num));
    EXPECT_EQ(o.at("orderId").to_number<std::int64_t>(), *order_id);
    EXPECT_NE(boost::json::serialize(o.at("internalNotes")).find("Leave at the back door"),
              std::string::npos);
    // Sent whole: the lines are still there.
    EXPECT_FALSE(o.at("items").as_array().empty());

    patch_sap_order(entry, {{"U_WEBORDID", "changed-elsewhere"}});
    p = poll();
    EXPECT_EQ(p.unchanged, 1u);
    EXPECT_EQ(p.queued, 0u);
    EXPECT_EQ(push_all().claimed, 0u);
    auto rows = audit_of(doc_num);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().action, "skipped");
    EXPECT_NE(rows.front().error.value_or("").find("not in what is sent"), std::string::npos);
}

TEST_F(orders_flow_test, an_order_cancelled_in_sap_is_cancelled_in_shipstation) {
    sync_everything();
    auto [entry, doc_num] = *sap_orders().begin();
    auto error = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
        return sim::sap::apply_order_action(s, entry, sim::sap::order_action::cancel, now);
    });
    ASSERT_FALSE(error);
    auto p = poll();
    EXPECT_EQ(p.queued, 1u);
    EXPECT_EQ(push_all().sent, 1u);
    EXPECT_EQ(shipstation_orders().at(key_of(doc_num)).at("orderStatus").as_string(), "cancelled");
    EXPECT_EQ(link_of_doc_num(doc_num)->state, links::link_state::cancelled);
    EXPECT_EQ(audit_of(doc_num).front().action, "cancelled");
}

TEST_F(orders_flow_test, an_order_cancelled_before_its_push_went_out_never_reaches_shipstation) {
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    auto [entry, doc_num] = *sap_orders().begin();
    auto error = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
        return sim::sap::apply_order_action(s, entry, sim::sap::order_action::cancel, now);
    });
    ASSERT_FALSE(error);
    EXPECT_EQ(poll().queued, 1u);  // the cancel replaces the queued create
    auto r = push_all();
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders - 1));
    EXPECT_EQ(r.dropped, 1u);
    EXPECT_FALSE(shipstation_orders().contains(key_of(doc_num)));
    EXPECT_EQ(link_of_doc_num(doc_num)->state, links::link_state::ignored);
    EXPECT_NE(audit_of(doc_num).front().error.value_or("").find("nothing to cancel"), std::string::npos);
}

TEST_F(orders_flow_test, a_change_to_an_order_shipped_in_shipstation_is_skipped_with_the_reason) {
    sync_everything();
    auto [entry, doc_num] = *sap_orders().begin();
    std::vector<sim::shipstation::webhook_delivery> hooks;
    auto shipped = ss_sim->state().control_ship(
        boost::json::object{{"orderId", *link_of_doc_num(doc_num)->shipstation_order_id}}, hooks);
    ASSERT_EQ(shipped.status, 200u) << boost::json::serialize(shipped.body);

    patch_sap_order(entry, {{"Comments", "too late"}});
    EXPECT_EQ(poll().queued, 1u);
    auto r = push_all();
    EXPECT_EQ(r.locked, 1u);
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 1u);  // only the first sync
    EXPECT_EQ(link_of_doc_num(doc_num)->state, links::link_state::shipped);
    auto rows = audit_of(doc_num);
    EXPECT_EQ(rows.front().action, "skipped");
    EXPECT_NE(rows.front().error.value_or("").find("already shipped in ShipStation"), std::string::npos);

    // Known to be shipped: later changes are skipped without asking ShipStation.
    patch_sap_order(entry, {{"Comments", "later still"}});
    auto p = poll();
    EXPECT_EQ(p.locked, 1u);
    EXPECT_EQ(p.queued, 0u);
    EXPECT_NE(audit_of(doc_num).front().error.value_or("").find("already shipped"), std::string::npos);
}

TEST_F(orders_flow_test, a_label_bought_between_the_look_up_and_the_push_skips_the_change_without_a_retry) {
    sync_everything();
    auto [entry, doc_num] = *sap_orders().begin();
    patch_sap_order(entry, {{"Comments", "changed while the packer buys the label"}});
    EXPECT_EQ(poll().queued, 1u);
    sim::shipstation::fault_settings f;
    f.ship_before_write = 1;
    ss_sim->state().set_faults(f);

    auto r = push_all();
    EXPECT_EQ(r.locked, 1u);
    EXPECT_EQ(r.failed, 0u);
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 2u);  // the first sync and the refused change
    EXPECT_EQ(shipstation_calls("GET /orders/{id}"), 2u);           // before the push, and after its refusal
    EXPECT_EQ(link_of_doc_num(doc_num)->state, links::link_state::shipped);
    auto rows = audit_of(doc_num);
    EXPECT_EQ(rows.front().action, "skipped");
    EXPECT_NE(rows.front().error.value_or("").find("already shipped in ShipStation"), std::string::npos);
    EXPECT_EQ(run([&](pqxx::work& w) {
                  return db::job_queue::find_by_key(w, flows::orders::push_job_kind, key_of(doc_num))->state;
              }),
              db::job_queue::job_state::succeeded);
}

TEST_F(orders_flow_test, data_shipstation_would_refuse_is_not_sent_and_goes_once_corrected) {
    auto [entry, doc_num] = *sap_orders().begin();
    patch_sap_order(entry, {{"AddressExtension", boost::json::object{{"ShipToCountry", "Germany"}}}});
    auto p = poll();
    EXPECT_EQ(p.refused, 1u);
    EXPECT_EQ(p.queued, static_cast<std::size_t>(seeded_orders - 1));
    push_all();
    EXPECT_FALSE(shipstation_orders().contains(key_of(doc_num)));
    auto link = link_of_doc_num(doc_num);
    EXPECT_EQ(link->state, links::link_state::refused);
    EXPECT_NE(link->last_error.value_or("").find("Germany"), std::string::npos)
        << link->last_error.value_or("");
    auto rows = audit_of(doc_num);
    EXPECT_EQ(rows.front().result, audit::outcome::failed);

    patch_sap_order(entry, {{"AddressExtension", boost::json::object{{"ShipToCountry", "DE"}}}});
    EXPECT_EQ(poll().queued, 1u);
    EXPECT_EQ(push_all().sent, 1u);
    EXPECT_EQ(shipstation_orders().at(key_of(doc_num)).at("shipTo").at("country").as_string(), "DE");
}

TEST_F(orders_flow_test, an_in_doubt_createorders_is_looked_up_and_not_sent_twice) {
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    auto first = push_all_losing_the_first_answer();
    EXPECT_EQ(first.failed, static_cast<std::size_t>(seeded_orders));     // the 500: outcome unknown
    EXPECT_EQ(first.confirmed, static_cast<std::size_t>(seeded_orders));  // the retry found them: not resent
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 1u);
    EXPECT_EQ(shipstation_calls("GET /orders"),
              1u);  // one listing of recently modified orders found them all
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
    for (const auto& [entry, doc_num] : sap_orders()) {
        auto link = link_of_doc_num(doc_num);
        EXPECT_EQ(link->state, links::link_state::sent);
        EXPECT_TRUE(link->shipstation_order_id);
        EXPECT_FALSE(link->in_doubt_hash);
        EXPECT_EQ(actions_of(audit_of(doc_num)),
                  (std::vector<std::string>{"seen", "mapped", "failed", "confirmed"}));
    }
}

TEST_F(orders_flow_test, a_few_in_doubt_creates_are_looked_up_one_by_one) {
    cfg.orders.batch_size = 2;
    build();
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    auto r = push_all_losing_the_first_answer();
    EXPECT_EQ(r.failed, 2u);
    EXPECT_EQ(r.confirmed, 2u);
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders - 2));
    EXPECT_EQ(shipstation_calls("GET /orders"), 2u);  // orderNumber look-ups, exact orderKey match
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), static_cast<std::size_t>(seeded_orders / 2));
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
}

TEST_F(orders_flow_test, with_the_series_in_the_order_number_a_create_in_doubt_is_found_by_the_number_sent) {
    cfg.orders.batch_size = 2;
    cfg.orders.number_series_prefix = true;
    build();
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    auto r = push_all_losing_the_first_answer();
    EXPECT_EQ(r.failed, 2u);
    EXPECT_EQ(r.confirmed, 2u);  // looked up by orderNumber "8-<DocNum>", exact orderKey: not sent twice
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), static_cast<std::size_t>(seeded_orders / 2));
    auto orders = shipstation_orders();
    ASSERT_EQ(orders.size(), static_cast<std::size_t>(seeded_orders));
    for (const auto& [entry, doc_num] : sap_orders())
        EXPECT_EQ(orders.at(key_of(doc_num)).at("orderNumber").as_string(), "8-" + std::to_string(doc_num));
}

TEST_F(orders_flow_test, a_push_refused_before_writing_is_retried_and_sent) {
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    sim::shipstation::fault_settings f;
    f.fail_before_write = 1;
    ss_sim->state().set_faults(f);
    auto r = push_all();
    EXPECT_EQ(r.sent + r.confirmed, static_cast<std::size_t>(seeded_orders));
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
}

TEST_F(orders_flow_test, one_invalid_order_does_not_hold_up_the_batch_and_ends_as_a_replayable_dead_letter) {
    // ModelState names the field without the order's index ("apiOrders.orderNumber", as the reference shows):
    // the batch is halved until the invalid order is alone.
    auto [entry, doc_num] = queue_one_invalid_order();
    auto r = push_all();
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders - 1));
    EXPECT_GT(shipstation_calls("POST /orders/createorders"), 3u);
    EXPECT_EQ(r.dead, 1u);
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders - 1));
    auto link = link_of_doc_num(doc_num);
    EXPECT_EQ(link->state, links::link_state::dead);
    EXPECT_NE(link->last_error.value_or("").find("orderNumber"), std::string::npos)
        << link->last_error.value_or("");
    EXPECT_EQ(audit_of(doc_num).front().result, audit::outcome::dead_letter);

    auto status =
        run([&](pqxx::work& w) { return flows::orders::order_status_by_entry(w, "sbodemous", entry); });
    ASSERT_TRUE(status);
    EXPECT_EQ(status->at("state").as_string(), "dead");
    EXPECT_EQ(status->at("job").at("state").as_string(), "dead");
    EXPECT_EQ(status->at("job").at("attempts").as_int64(), 2);

    EXPECT_EQ(run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", doc_num); }),
              flows::orders::replay_result::replayed);
    EXPECT_EQ(run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", doc_num); }),
              flows::orders::replay_result::nothing_to_replay);
    EXPECT_EQ(link_of_doc_num(doc_num)->state, links::link_state::queued);
    EXPECT_EQ(audit_of(doc_num).front().action, "replay_requested");
    EXPECT_EQ(run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", 999999); }),
              flows::orders::replay_result::not_found);
    EXPECT_EQ(run([&](pqxx::work& w) { return flows::orders::replay_order_by_entry(w, "SBODEMOUS", entry); }),
              flows::orders::replay_result::nothing_to_replay);
    EXPECT_EQ(
        run([&](pqxx::work& w) { return flows::orders::replay_order_by_entry(w, "SBODEMOUS", 999999); }),
        flows::orders::replay_result::not_found);
}

TEST_F(orders_flow_test, an_invalid_order_named_with_its_index_is_set_aside_at_once) {
    ss_sim->state().set_answers({.model_state_indexes = true, .zero_pages = false});
    auto [entry, doc_num] = queue_one_invalid_order();
    auto r = push_all();
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders - 1));
    EXPECT_EQ(r.dead, 1u);
    EXPECT_EQ(link_of_doc_num(doc_num)->state, links::link_state::dead);
    // The refused call, the rest in one ("apiOrders[i]" named the invalid order), its retry alone.
    EXPECT_EQ(shipstation_calls("POST /orders/createorders"), 3u);
}

class orders_flow_429_test : public orders_flow_test {
protected:
    sim::shipstation::sim_config shipstation_sim_config() override {
        sim::shipstation::sim_config c;
        c.rate_limit = 40;
        c.rate_window = 1s;
        return c;
    }
};

TEST_F(orders_flow_429_test, throttled_pushes_wait_and_nothing_is_sent_twice) {
    cfg.orders.batch_size = 2;  // six calls through a window of two
    build();
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    // Another application on the same key has used up the window: the first pushes meet 429s.
    for (int i = 0; i < 40; ++i) ss_sim->state().admit_request("GET /orders");
    auto r = push_all();
    EXPECT_EQ(r.sent, static_cast<std::size_t>(seeded_orders));
    EXPECT_GT(ss_sim->state().counters().throttled, 0u);
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
}

class orders_flow_concurrent_change_test : public orders_flow_test {
protected:
    void on_page() override {
        // While the poll is between pages, an order it already read changes in SAP.
        if (changed_entry || !changing) return;
        changed_entry = sap_orders().begin()->first;
        patch_sap_order(*changed_entry, {{"Comments", "changed during the poll"}});
    }
    bool changing = false;
    std::optional<int> changed_entry;
};

TEST_F(orders_flow_concurrent_change_test,
       an_order_changed_while_a_poll_runs_is_not_lost_behind_the_watermark) {
    changing = true;
    auto p = poll();
    ASSERT_TRUE(p.complete);
    ASSERT_TRUE(changed_entry);
    push_all();
    auto doc_num = sap_orders().at(*changed_entry);
    auto next = poll();
    EXPECT_EQ(next.queued, 1u);
    push_all();
    EXPECT_NE(boost::json::serialize(shipstation_orders().at(key_of(doc_num)).at("internalNotes"))
                  .find("changed during the poll"),
              std::string::npos);
}

TEST_F(orders_flow_test, only_the_lock_holder_polls) {
    db::leader_lock other(cfg.database, "orders_poller:SBODEMOUS", log_);
    ASSERT_TRUE(run_coro(ioc, other.try_hold()));
    auto p = poll();
    EXPECT_FALSE(p.leader);
    EXPECT_EQ(p.orders, 0u);
    run_coro(ioc, other.release());
    EXPECT_TRUE(poll().leader);
}

class orders_flow_sap_failure_test : public orders_flow_test {
protected:
    void on_page() override {
        // After the first page is recorded, SAP stops answering.
        if (failed) return;
        failed = true;
        sim::sap::fault_plan plan;
        plan.fail_count = 10;
        plan.fail_status = 503;
        plan.fail_path = "/Orders";
        sap_sim->state().set_faults(plan);
    }
    bool failed = false;
};

TEST_F(orders_flow_sap_failure_test,
       the_watermark_moves_only_after_a_whole_poll_and_recorded_pages_are_not_redone) {
    auto p = poll();
    EXPECT_FALSE(p.complete);
    ASSERT_TRUE(p.error);
    EXPECT_NE(p.error->find("503"), std::string::npos) << *p.error;
    EXPECT_EQ(p.pages, 1u);
    EXPECT_EQ(p.queued, 5u);
    auto stored = run([&](pqxx::work& w) { return db::watermarks::get(w, poller->watermark_name()); });
    EXPECT_FALSE(stored);
    auto failures =
        run([&](pqxx::work& w) { return audit::find_by_entity(w, "sap_orders_poll", "SBODEMOUS", 10); });
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].result, audit::outcome::failed);
    EXPECT_NE(failures[0].error.value_or("").find("503"), std::string::npos);

    sap_sim->state().set_faults({});
    auto again = poll();
    EXPECT_TRUE(again.complete);
    EXPECT_EQ(again.already_seen, 5u);
    EXPECT_EQ(again.queued, static_cast<std::size_t>(seeded_orders - 5));
    EXPECT_TRUE(run([&](pqxx::work& w) { return db::watermarks::get(w, poller->watermark_name()); }));
    push_all();
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders));
}

}  // namespace
}  // namespace mlc::test
