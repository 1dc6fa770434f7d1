// A DocNum repeated in another numbering series (issue 11, item 7), against PostgreSQL and both simulators:
// both documents reach ShipStation as two orders, the poll completes and later orders still go; an order
// ShipStation knows under the key of before keeps that key.
#include "db/watermarks.hpp"
#include "flows/orders/order_intake.hpp"
#include "flows/orders/order_status.hpp"
#include "tests/integration/orders_flow_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace mlc::test {
namespace {

class orders_repeated_docnum_test : public orders_flow_fixture {
protected:
    // Creates an order for a seeded customer and item in numbering series `series`, which numbers it
    // `doc_num` (as a new year's series does once it reaches a number the old one used). Returns DocEntry.
    int create_sap_order(int series, int doc_num) {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            EXPECT_FALSE(sim::sap::set_next_order_number(s, series, doc_num));
            const auto& first = s.orders.begin()->second;
            const auto& line = first.at("DocumentLines").as_array().at(0).as_object();
            boost::json::object body{
                {"CardCode", first.at("CardCode")},
                {"Series", series},
                {"DocumentLines", boost::json::array{boost::json::object{{"ItemCode", line.at("ItemCode")},
                                                                         {"Quantity", 1},
                                                                         {"WarehouseCode", "01"}}}}};
            auto entry = sim::sap::create_order(s, body, now);
            EXPECT_TRUE(entry) << (entry ? "" : entry.error().message);
            return entry ? *entry : 0;
        });
    }

    std::optional<std::string> watermark() {
        auto stored = run([&](pqxx::work& w) { return db::watermarks::get(w, poller->watermark_name()); });
        if (!stored) return std::nullopt;
        return boost::json::serialize(*stored);
    }

    std::vector<std::string> audit_actions(int doc_entry) {
        auto status = run(
            [&](pqxx::work& w) { return flows::orders::order_status_by_entry(w, "SBODEMOUS", doc_entry); });
        std::vector<std::string> actions;
        if (!status) return actions;
        for (const auto& row : status->at("audit").as_array())
            actions.emplace_back(row.at("action").as_string());
        return actions;
    }

    // The ShipStation orders numbered `order_number`, by orderKey.
    std::map<std::string, boost::json::object> shipstation_orders_numbered(const std::string& order_number) {
        std::map<std::string, boost::json::object> out;
        for (auto& [key, o] : shipstation_orders())
            if (o.at("orderNumber").as_string() == order_number) out.emplace(key, o);
        return out;
    }
};

TEST_F(orders_repeated_docnum_test,
       two_orders_sharing_a_docnum_in_two_series_both_reach_shipstation_and_the_poll_goes_on) {
    ASSERT_TRUE(poll().complete);
    ASSERT_EQ(push_all().sent, static_cast<std::size_t>(seeded_orders));
    const auto [first_entry, repeated_doc_num] = *sap_orders().begin();
    const auto watermark_before = watermark();

    // Series 21 starts numbering where series 8 once was: a second document with the same DocNum.
    const int second_entry = create_sap_order(21, repeated_doc_num);
    ASSERT_NE(second_entry, first_entry);
    auto p = poll();
    ASSERT_TRUE(p.complete) << p.error.value_or("") << log_text.str();
    EXPECT_EQ(p.queued, 1u);
    EXPECT_NE(watermark(), watermark_before);  // the watermark moved past it
    EXPECT_EQ(push_all().sent, 1u);

    auto same_number = shipstation_orders_numbered(std::to_string(repeated_doc_num));
    ASSERT_EQ(same_number.size(), 2u) << "two documents, two ShipStation orders with distinct orderKeys";
    std::set<std::int64_t> ids;
    for (const auto& [key, o] : same_number) ids.insert(o.at("orderId").to_number<std::int64_t>());
    EXPECT_EQ(ids.size(), 2u);
    auto links = sql("SELECT doc_entry, order_key, state FROM order_links WHERE doc_num = " +
                     std::to_string(repeated_doc_num) + " ORDER BY doc_entry");
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0][0].as<int>(), first_entry);
    EXPECT_EQ(links[1][0].as<int>(), second_entry);
    EXPECT_NE(links[0][1].as<std::string>(), links[1][1].as<std::string>());
    for (const auto& row : links) {
        EXPECT_EQ(row[2].as<std::string>(), "sent");
        EXPECT_TRUE(same_number.contains(row[1].as<std::string>())) << row[1].as<std::string>();
    }
    EXPECT_EQ(links[1][1].as<std::string>(),
              clients::shipstation::make_order_key("SBODEMOUS", repeated_doc_num, second_entry));

    // Each document has its own timeline; the DocNum names both, and a replay by it names neither silently.
    const std::vector<std::string> synced{"seen", "mapped", "sent"};
    EXPECT_EQ(audit_actions(first_entry), synced);
    EXPECT_EQ(audit_actions(second_entry), synced);
    EXPECT_EQ(run([&](pqxx::work& w) {
                  return flows::orders::doc_entries_with_doc_num(w, "SBODEMOUS", repeated_doc_num);
              }),
              (std::vector<int>{first_entry, second_entry}));
    EXPECT_EQ(
        run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", repeated_doc_num); }),
        flows::orders::replay_result::ambiguous);

    // An order created afterwards, in the primary series, still goes.
    const int later_entry = create_sap_order(sim::sap::default_order_series, 1000);
    auto later = poll();
    ASSERT_TRUE(later.complete) << later.error.value_or("");
    EXPECT_EQ(later.queued, 1u);
    EXPECT_EQ(push_all().sent, 1u);
    EXPECT_EQ(shipstation_orders().size(), static_cast<std::size_t>(seeded_orders + 2));
    EXPECT_EQ(sql("SELECT state FROM order_links WHERE doc_entry = " + std::to_string(later_entry))[0][0]
                  .as<std::string>(),
              "sent");
}

TEST_F(orders_repeated_docnum_test,
       an_order_shipstation_knows_by_the_key_of_before_keeps_it_on_its_next_update) {
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    const auto [entry, doc_num] = *sap_orders().begin();
    const std::string legacy_key = "mlc-SBODEMOUS-" + std::to_string(doc_num);
    const std::string where = " WHERE company_db = 'SBODEMOUS' AND doc_entry = " + std::to_string(entry);

    // As a database written before keys named the document holds it: the order went to ShipStation under
    // mlc-<COMPANYDB>-<DocNum>, its link and push job carry that key.
    auto queued_key = sql("SELECT order_key FROM order_links" + where)[0][0].as<std::string>();
    auto job = sql("SELECT payload::text FROM job_queue WHERE dedupe_key = '" + queued_key + "'");
    ASSERT_EQ(job.size(), 1u);
    auto body = boost::json::parse(job[0][0].as<std::string>()).at("body").as_object();
    body["orderKey"] = legacy_key;
    std::vector<sim::shipstation::webhook_delivery> hooks;
    auto created = ss_sim->state().create_order(body, hooks);
    ASSERT_EQ(created.status, 200u) << boost::json::serialize(created.body);
    const auto order_id = created.body.at("orderId").to_number<std::int64_t>();
    sql("UPDATE job_queue SET state = 'succeeded', dedupe_key = '" + legacy_key +
        "', payload = jsonb_set(jsonb_set(payload, '{order_key}', to_jsonb('" + legacy_key +
        "'::text)), '{body,orderKey}', to_jsonb('" + legacy_key + "'::text)) WHERE dedupe_key = '" +
        queued_key + "'");
    sql("UPDATE order_links SET order_key = '" + legacy_key + "', state = 'sent', shipstation_order_id = " +
        std::to_string(order_id) + ", shipstation_status = 'awaiting_shipment', sent_hash = queued_hash," +
        " sent_body = '" + boost::json::serialize(body) + "'::jsonb, sent_at = now()" + where);
    ASSERT_EQ(push_all().sent, static_cast<std::size_t>(seeded_orders - 1));

    patch_sap_order(entry, {{"Comments", "Ring twice"}});
    ASSERT_EQ(poll().queued, 1u);
    EXPECT_EQ(push_all().sent, 1u);

    auto orders = shipstation_orders();
    EXPECT_EQ(orders.size(), static_cast<std::size_t>(seeded_orders)) << "no second ShipStation order";
    ASSERT_TRUE(orders.contains(legacy_key));
    EXPECT_EQ(orders.at(legacy_key).at("orderId").to_number<std::int64_t>(), order_id);
    EXPECT_NE(boost::json::serialize(orders.at(legacy_key).at("internalNotes")).find("Ring twice"),
              std::string::npos);
    EXPECT_EQ(sql("SELECT order_key FROM order_links" + where)[0][0].as<std::string>(), legacy_key);
    EXPECT_EQ(
        sql("SELECT count(*) FROM job_queue WHERE kind = '" + std::string(flows::orders::push_job_kind) +
            "' AND payload->>'doc_entry' = '" + std::to_string(entry) + "'")[0][0]
            .as<int>(),
        1);
}

TEST_F(orders_repeated_docnum_test,
       rows_audited_under_the_docnum_before_show_with_the_order_that_keeps_the_key_of_before) {
    ASSERT_TRUE(poll().complete);
    ASSERT_EQ(push_all().sent, static_cast<std::size_t>(seeded_orders));
    const auto [entry, doc_num] = *sap_orders().begin();
    // The order's link and a row of its timeline as written before DocNum could repeat.
    sql("UPDATE order_links SET order_key = 'mlc-SBODEMOUS-" + std::to_string(doc_num) +
        "' WHERE doc_entry = " + std::to_string(entry));
    sql("INSERT INTO audit_log (direction, entity_type, entity_key, action, outcome) VALUES ('outbound', '" +
        std::string(flows::orders::audit_entity) + "', '" + std::to_string(doc_num) +
        "', 'legacy_row', 'ok')");
    const int second_entry = create_sap_order(21, doc_num);
    ASSERT_TRUE(poll().complete);
    ASSERT_EQ(push_all().sent, 1u);

    auto first = audit_actions(entry);
    EXPECT_NE(std::find(first.begin(), first.end(), "legacy_row"), first.end());
    EXPECT_EQ(first.size(), 4u);
    EXPECT_EQ(audit_actions(second_entry), (std::vector<std::string>{"seen", "mapped", "sent"}));
}

}  // namespace
}  // namespace mlc::test
