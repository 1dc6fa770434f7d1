// Integration tests of the SAP client's typed operations against the Service Layer simulator over loopback.
#include "clients/sap/batch_stock.hpp"
#include "clients/sap/client.hpp"
#include "clients/sap/deliveries.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/sap/odata_query.hpp"
#include "clients/sap/orders.hpp"
#include "tests/simulators/sap_b1/batches.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace mlc::test {
namespace {

namespace sap = clients::sap;
namespace sim = mlc::sim::sap;
using namespace std::chrono;

struct sap_client_fixture : ::testing::TestWithParam<sim::api_version> {
    sap_client_fixture() : simulator(sim_config(), sim_log) {
        simulator.start();
        cfg.url = simulator.service_root(GetParam());
        cfg.company_db = "SBODEMOUS";
        cfg.username = "manager";
        cfg.password = secret("manager");
        opts.page_size = 7;
        c = std::make_unique<sap::client>(cfg, opts, log, ioc.get_executor(), &registry);
    }
    static sim::sim_config sim_config() {
        sim::sim_config s;
        s.seed.orders = 30;
        return s;
    }
    template <class F>
    decltype(auto) store(F&& f) {
        return simulator.state().with_store([&](sim::store& s, const sim::sim_time&) { return f(s); });
    }
    // An open order whose items need no batch or serial allocation.
    int plain_open_order() {
        return store([](sim::store& s) {
            for (const auto& [entry, order] : s.orders) {
                bool plain = sim::string_or(order, "DocumentStatus") == "bost_Open";
                for (const auto& l : order.at("DocumentLines").as_array()) {
                    const auto& item = s.items.at(sim::string_or(l.as_object(), "ItemCode"));
                    if (sim::string_or(item, "ManageBatchNumbers") == "tYES" ||
                        sim::string_or(item, "ManageSerialNumbers") == "tYES")
                        plain = false;
                }
                if (plain) return entry;
            }
            return -1;
        });
    }
    // A delivery of every open quantity of `order`, stamped with U_ShipmentId `stamp`.
    sap::delivery_request deliver_all(const sap::document& order, const std::string& stamp) {
        sap::delivery_request r;
        r.card_code = order.card_code;
        r.transportation_code = 2;
        r.tracking_number = "1Z" + stamp;
        r.comments = "Shipment " + stamp;
        r.user_fields["U_ShipmentId"] = stamp;
        for (const auto& l : order.lines)
            r.lines.push_back({order.doc_entry, l.line_num, l.remaining_open_quantity, std::nullopt, {}, {}});
        return r;
    }
    // SAP applies the next POST /DeliveryNotes, then answers `status` (502: the proxy's page; 500: empty).
    void commit_then_answer(int status) {
        sim::fault_plan plan;
        plan.commit_then_fail_count = 1;
        plan.commit_then_fail_status = status;
        plan.commit_then_fail_path = "DeliveryNotes";
        simulator.state().set_faults(plan);
    }
    // POST /DeliveryNotes requests the simulator received.
    std::uint64_t delivery_posts() {
        return simulator.state()
            .counters()
            .requests["POST " + std::string(GetParam() == sim::api_version::v1 ? "/b1s/v1" : "/b1s/v2") +
                      "/DeliveryNotes"];
    }
    sap::document order(int entry) {
        auto o = run_coro(ioc, sap::get_order(*c, entry));
        if (!o) throw std::runtime_error(o.error().describe());
        return *o;
    }
    double metric(const std::string& name, const std::map<std::string, std::string>& labels = {}) {
        for (const auto& family : registry.Collect()) {
            if (family.name != name) continue;
            for (const auto& m : family.metric) {
                bool match = true;
                for (const auto& [k, v] : labels) {
                    bool found = false;
                    for (const auto& l : m.label) found = found || (l.name == k && l.value == v);
                    match = match && found;
                }
                if (match) return m.counter.value;
            }
        }
        return -1;
    }

    std::ostringstream sim_log, log_out;
    sim::simulator simulator;
    boost::asio::io_context ioc;
    logger log{{log_level::debug, log_format::json}, log_out};
    prometheus::Registry registry;
    sap_config cfg;
    sap::options opts;
    std::unique_ptr<sap::client> c;
};

TEST_P(sap_client_fixture, orders_changed_since_a_watermark_come_back_whole_and_paged) {
    // The watermark: the middle order's last change. Everything changed on that day or later must come back.
    auto [mark, expected] = store([](sim::store& s) {
        std::vector<std::pair<std::string, int>> days;
        for (const auto& [entry, o] : s.orders) days.emplace_back(sim::string_or(o, "UpdateDate"), entry);
        std::sort(days.begin(), days.end());
        std::string day = days[days.size() / 2].first;
        std::set<int> want;
        for (const auto& [d, entry] : days)
            if (d >= day) want.insert(entry);
        return std::pair{day, want};
    });
    auto day = sap::parse_date(mark);
    ASSERT_TRUE(day);
    auto orders = run_coro(ioc, sap::orders_changed_since(*c, {*day, hours(12)}, minutes(10)));
    ASSERT_TRUE(orders) << orders.error().describe();
    std::set<int> got;
    for (const auto& o : *orders) {
        got.insert(o.doc_entry);
        EXPECT_FALSE(o.lines.empty());
        EXPECT_TRUE(o.raw.contains("U_WEBORDID"));  // whole documents: UDFs included
        ASSERT_TRUE(o.update_date);
        EXPECT_GE(*o.update_date, *day);
    }
    EXPECT_EQ(got, expected);
    EXPECT_GT(expected.size(), opts.page_size);  // more than one page was read
    EXPECT_EQ(metric("mlc_sap_requests_total", {{"operation", "orders_changed"}, {"outcome", "ok"}}), 1);
    EXPECT_EQ(metric("mlc_sap_logins_total"), 1);
}

TEST_P(sap_client_fixture, an_order_by_doc_entry_and_not_found) {
    int entry = plain_open_order();
    auto o = order(entry);
    EXPECT_EQ(o.doc_entry, entry);
    EXPECT_GT(o.doc_num, 0);
    EXPECT_FALSE(o.card_code.empty());
    EXPECT_TRUE(o.is_open());
    ASSERT_FALSE(o.lines.empty());
    EXPECT_EQ(o.lines[0].remaining_open_quantity, o.lines[0].quantity);
    EXPECT_EQ(o.lines[0].warehouse_code, "01");
    EXPECT_TRUE(o.doc_date && o.update_date && o.update_time);

    auto missing = run_coro(ioc, sap::get_order(*c, 999999));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, clients::error_kind::not_found);
    EXPECT_EQ(metric("mlc_sap_requests_total", {{"operation", "get_order"}, {"outcome", "not_found"}}), 1);
}

TEST_P(sap_client_fixture, patch_changes_only_the_given_fields_and_keeps_the_lines) {
    int entry = plain_open_order();
    auto before = order(entry);
    sap::order_update u;
    u.tracking_number = "1Z999AA1";
    u.transportation_code = 3;
    u.user_fields["U_ShipStationId"] = "ss-77";
    auto patched = run_coro(ioc, sap::patch_order(*c, entry, u));
    ASSERT_TRUE(patched) << patched.error().describe();
    auto after = order(entry);
    EXPECT_EQ(after.tracking_number, "1Z999AA1");
    EXPECT_EQ(after.transportation_code, 3);
    EXPECT_EQ(after.raw.at("U_ShipStationId").as_string(), "ss-77");
    EXPECT_EQ(after.comments, before.comments);
    EXPECT_EQ(after.lines.size(), before.lines.size());
    EXPECT_THROW(run_coro(ioc, sap::patch_order(*c, entry, {})), std::invalid_argument);
}

TEST_P(sap_client_fixture, a_delivery_of_every_open_line_closes_the_order_and_a_second_one_is_refused) {
    int entry = plain_open_order();
    auto o = order(entry);
    auto created = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-1")));
    ASSERT_TRUE(created) << created.error().describe();
    EXPECT_GT(created->doc_entry, 0);
    EXPECT_GT(created->doc_num, 0);
    EXPECT_EQ(created->delivery.tracking_number, "1ZS-1");
    EXPECT_EQ(created->delivery.transportation_code, 2);
    ASSERT_EQ(created->delivery.lines.size(), o.lines.size());
    EXPECT_EQ(created->delivery.lines[0].base_type, 17);
    EXPECT_EQ(created->delivery.lines[0].base_entry, entry);

    auto closed = order(entry);
    EXPECT_EQ(closed.document_status, "bost_Close");
    for (const auto& l : closed.lines) EXPECT_EQ(l.remaining_open_quantity, 0);

    // The base document is closed now: SAP's -10, returned as a business error with its message.
    auto again = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-2")));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, clients::error_kind::refused);
    EXPECT_EQ(again.error().code, "-10");
    EXPECT_NE(again.error().message.find("already been closed"), std::string::npos) << again.error().message;
}

TEST_P(sap_client_fixture, too_much_quantity_is_a_5002_business_error_with_saps_message) {
    auto o = order(plain_open_order());
    auto r = deliver_all(o, "S-3");
    r.lines[0].quantity += 1;
    auto res = run_coro(ioc, sap::create_delivery(*c, r));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::refused);
    EXPECT_EQ(res.error().code, "-5002");
    EXPECT_NE(res.error().message.find("exceeds the remaining open quantity"), std::string::npos);
    EXPECT_EQ(c->stats().renewed_on_5002.load(), 0u);  // the session check found the session alive
    EXPECT_EQ(c->stats().logins.load(), 1u);
    EXPECT_TRUE(order(o.doc_entry).is_open());
    EXPECT_EQ(metric("mlc_sap_requests_total", {{"operation", "create_delivery"}, {"outcome", "business"}}),
              1);
}

TEST_P(sap_client_fixture, a_post_committed_then_answered_502_is_in_doubt_and_found_by_its_stamp) {
    auto o = order(plain_open_order());
    commit_then_answer(502);
    auto res = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-4")));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::in_doubt);
    EXPECT_EQ(delivery_posts(), 1u);  // never sent again blindly

    auto found = run_coro(ioc, sap::find_deliveries_by_stamp(*c, {"U_ShipmentId", "S-4"}));
    ASSERT_TRUE(found) << found.error().describe();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->at(0).raw.at("U_ShipmentId").as_string(), "S-4");
    EXPECT_EQ(found->at(0).lines.at(0).base_entry, o.doc_entry);
    auto by_comment = run_coro(ioc, sap::find_deliveries_by_stamp(*c, {"Comments", "Shipment S-4"}));
    ASSERT_TRUE(by_comment);
    EXPECT_EQ(by_comment->size(), 1u);
    auto none = run_coro(ioc, sap::find_deliveries_by_stamp(*c, {"U_ShipmentId", "S-404"}));
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    EXPECT_THROW(run_coro(ioc, sap::find_deliveries_by_stamp(*c, {"DocNum", "1"})), std::invalid_argument);
}

// Apache's balancer answers a bare 500 (no body) for requests it may have passed on: not SAP refusing.
TEST_P(sap_client_fixture,
       a_post_committed_then_answered_with_an_empty_500_is_in_doubt_not_a_business_error) {
    auto o = order(plain_open_order());
    commit_then_answer(500);
    auto res = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-6")));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::in_doubt) << res.error().describe();
    EXPECT_EQ(res.error().http_status, 500u);
    EXPECT_EQ(delivery_posts(), 1u);  // never sent again blindly
    auto found = run_coro(ioc, sap::find_deliveries_by_stamp(*c, {"U_ShipmentId", "S-6"}));
    ASSERT_TRUE(found) << found.error().describe();
    EXPECT_EQ(found->size(), 1u);
    EXPECT_EQ(metric("mlc_sap_requests_total", {{"operation", "create_delivery"}, {"outcome", "in_doubt"}}),
              1);
}

TEST_P(sap_client_fixture, a_post_whose_answer_comes_after_the_attempt_timeout_is_in_doubt_and_not_resent) {
    auto o = order(plain_open_order());
    sim::fault_plan plan;
    plan.commit_then_hold_count = 1;
    plan.commit_then_hold = seconds(30);  // far beyond the attempt: the answer is lost, not late
    plan.commit_then_hold_path = "DeliveryNotes";
    simulator.state().set_faults(plan);
    auto short_opts = opts;
    short_opts.attempt_timeout = milliseconds(300);
    sap::client impatient(cfg, short_opts, log, ioc.get_executor());
    auto res = run_coro(ioc, sap::create_delivery(impatient, deliver_all(o, "S-7")));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::in_doubt) << res.error().describe();
    EXPECT_EQ(delivery_posts(), 1u);
    auto found = run_coro(ioc, sap::find_deliveries_by_stamp(impatient, {"U_ShipmentId", "S-7"}));
    ASSERT_TRUE(found) << found.error().describe();
    EXPECT_EQ(found->size(), 1u);
    run_coro(ioc, impatient.shutdown());
}

TEST_P(sap_client_fixture, cancelling_a_delivery_reopens_the_order_and_hides_the_cancellation_document) {
    auto o = order(plain_open_order());
    auto created = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-5")));
    ASSERT_TRUE(created) << created.error().describe();
    auto cancelled = run_coro(ioc, sap::cancel_delivery(*c, created->doc_entry));
    ASSERT_TRUE(cancelled) << cancelled.error().describe();
    EXPECT_TRUE(order(o.doc_entry).is_open());

    // The cancellation document carries the same stamp; only the cancelled original is found.
    auto found = run_coro(ioc, sap::find_deliveries_by_stamp(*c, {"U_ShipmentId", "S-5"}));
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->at(0).doc_entry, created->doc_entry);
    EXPECT_TRUE(found->at(0).cancelled);
    EXPECT_EQ(store([](sim::store& s) { return s.deliveries.size(); }), 2u);

    auto twice = run_coro(ioc, sap::cancel_delivery(*c, created->doc_entry));
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().kind, clients::error_kind::refused);
}

TEST_P(sap_client_fixture, minus_5002_for_a_dead_session_logs_in_again_and_posts_once) {
    auto o = order(plain_open_order());
    sim::sim_quirks q;
    q.session_error_as_5002 = true;
    simulator.state().set_quirks(q);
    simulator.state().expire_sessions();
    auto created = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-6")));
    ASSERT_TRUE(created) << created.error().describe();
    EXPECT_EQ(c->stats().renewed_on_5002.load(), 1u);
    EXPECT_EQ(c->stats().logins.load(), 2u);
    EXPECT_EQ(store([](sim::store& s) { return s.deliveries.size(); }), 1u);
    EXPECT_EQ(metric("mlc_sap_session_renewals_total", {{"cause", "-5002"}}), 1);
}

TEST_P(sap_client_fixture, a_post_meeting_an_expired_session_is_sent_again_after_login) {
    auto o = order(plain_open_order());
    simulator.state().expire_sessions();
    auto created = run_coro(ioc, sap::create_delivery(*c, deliver_all(o, "S-7")));
    ASSERT_TRUE(created) << created.error().describe();
    EXPECT_EQ(c->stats().logins.load(), 2u);
    EXPECT_EQ(store([](sim::store& s) { return s.deliveries.size(); }), 1u);
}

TEST_P(sap_client_fixture, master_data_changed_since_and_shipping_types) {
    auto [items, partners, types] = store([](sim::store& s) {
        return std::tuple{s.items.size(), s.partners.size(), s.shipping_types.size()};
    });
    auto all_items = run_coro(ioc, sap::items_changed_since(*c, sys_days(2000y / January / 1)));
    ASSERT_TRUE(all_items) << all_items.error().describe();
    EXPECT_EQ(all_items->size(), items);
    EXPECT_FALSE(all_items->at(0).warehouses.empty());
    EXPECT_TRUE(all_items->at(3).manage_batch_numbers);  // A00004
    auto no_items = run_coro(ioc, sap::items_changed_since(*c, sys_days(2100y / January / 1)));
    ASSERT_TRUE(no_items);
    EXPECT_TRUE(no_items->empty());

    auto bps = run_coro(ioc, sap::business_partners_changed_since(*c, sys_days(2000y / January / 1)));
    ASSERT_TRUE(bps) << bps.error().describe();
    EXPECT_EQ(bps->size(), partners);
    EXPECT_FALSE(bps->at(0).card_code.empty());

    auto st = run_coro(ioc, sap::shipping_types(*c));
    ASSERT_TRUE(st) << st.error().describe();
    EXPECT_EQ(st->size(), types);
    EXPECT_FALSE(st->at(0).name.empty());
}

TEST_P(sap_client_fixture, partners_by_code_are_read_twenty_to_a_request_and_unknown_ones_are_left_out) {
    auto known = store([](sim::store& s) {
        std::vector<std::string> codes;
        for (const auto& [code, p] : s.partners) codes.push_back(code);
        return codes;
    });
    ASSERT_EQ(known.size(), 10u);
    std::vector<std::string> asked = known;
    for (int i = 0; i < 15; ++i) asked.push_back("NOPE" + std::to_string(i));
    asked.push_back("O'Brien & Söhne");  // quoted and encoded, never a broken filter
    auto found = run_coro(ioc, sap::business_partners_by_code(*c, asked));
    ASSERT_TRUE(found) << found.error().describe();
    std::set<std::string> got;
    for (const auto& p : *found) got.insert(p.card_code);
    EXPECT_EQ(got, std::set<std::string>(known.begin(), known.end()));
    EXPECT_EQ(metric("mlc_sap_requests_total", {{"operation", "partners_by_code"}, {"outcome", "ok"}}), 2);

    auto one = run_coro(ioc, sap::get_business_partner(*c, known.front()));
    ASSERT_TRUE(one) << one.error().describe();
    EXPECT_EQ(one->card_code, known.front());
    auto missing = run_coro(ioc, sap::get_business_partner(*c, "NOPE"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, clients::error_kind::not_found);
}

TEST_P(sap_client_fixture, released_batches_of_a_batch_item_serve_a_batch_delivery) {
    auto batches = run_coro(ioc, sap::released_batches(*c, "A00004", sys_days(2025y / January / 1)));
    ASSERT_TRUE(batches) << batches.error().describe();
    ASSERT_EQ(batches->size(), 4u);  // two batches in each of two warehouses
    for (const auto& b : *batches) EXPECT_EQ(b.item_code, "A00004");
    auto far_future = run_coro(ioc, sap::released_batches(*c, "A00004", sys_days(2100y / January / 1)));
    ASSERT_TRUE(far_future);
    EXPECT_TRUE(far_future->empty());  // all expired by then

    int entry = simulator.state().with_store([](sim::store& s, const sim::sim_time& now) {
        boost::json::object body{
            {"CardCode", s.partners.begin()->first},
            {"DocDueDate", now.date},
            {"DocumentLines",
             boost::json::array{{{"ItemCode", "A00004"}, {"Quantity", 2}, {"WarehouseCode", "01"}}}}};
        return sim::create_order(s, body, now).value();
    });
    auto o = order(entry);
    auto r = deliver_all(o, "S-8");
    auto without = run_coro(ioc, sap::create_delivery(*c, r));
    ASSERT_FALSE(without);
    EXPECT_EQ(without.error().code, "-10");  // batch numbers are required
    // The simulator names batches "B<item>-<warehouse><letter>"; the first in warehouse 01 has stock.
    auto in_01 = std::find_if(batches->begin(), batches->end(), [](const sap::batch& b) {
        return b.batch_number.find("-01") != std::string::npos;
    });
    ASSERT_NE(in_01, batches->end());
    r.lines[0].batch_numbers.push_back({in_01->batch_number, 2});
    auto with = run_coro(ioc, sap::create_delivery(*c, r));
    ASSERT_TRUE(with) << with.error().describe();
    ASSERT_EQ(with->delivery.lines.at(0).batch_numbers.size(), 1u);
    EXPECT_EQ(with->delivery.lines[0].batch_numbers[0].batch_number, in_01->batch_number);
    EXPECT_EQ(order(entry).document_status, "bost_Close");
}

TEST_P(sap_client_fixture, available_batches_come_from_a_stored_query_created_once_and_read_page_by_page) {
    // Ten more batches of A00004 in warehouse 01, so that its List takes two pages of 7.
    simulator.state().with_store([](sim::store& s, const sim::sim_time& now) {
        for (int i = 0; i < 10; ++i)
            ASSERT_FALSE(sim::put_batch(
                s,
                {{"ItemCode", "A00004"},
                 {"Batch", "X-" + std::to_string(i)},
                 {"WarehouseCode", "01"},
                 {"Quantity", i + 1},
                 {"ExpirationDate", i == 0 ? boost::json::value(nullptr) : boost::json::value("2031-01-15")},
                 {"Status", i == 1 ? "bdsStatus_Locked" : "bdsStatus_Released"}},
                now));
    });
    const auto [seeded_batch, seeded_stock, seeded_expiry] = store([](sim::store& s) {
        std::string batch = "B00004-01A";
        for (const auto& [entry, d] : s.batch_details)
            if (d.at("Batch").as_string() == batch)
                return std::tuple(batch, s.batch_stock.at({"A00004", batch, "01"}),
                                  std::string(d.at("ExpirationDate").as_string()));
        return std::tuple(batch, -1.0, std::string());
    });
    auto first = run_coro(ioc, sap::available_batches(*c, "A00004", "01"));
    ASSERT_TRUE(first) << first.error().describe();
    ASSERT_EQ(first->size(), 12u);
    auto named = [&](const std::vector<sap::available_batch>& all, const std::string& number) {
        auto it =
            std::find_if(all.begin(), all.end(), [&](const auto& b) { return b.batch_number == number; });
        return it == all.end() ? sap::available_batch{} : *it;
    };
    auto seeded = named(*first, seeded_batch);
    EXPECT_EQ(seeded.available, seeded_stock);
    EXPECT_EQ(seeded.status, sap::batch_status::released);
    EXPECT_EQ(seeded.expiration_date, sap::parse_date(seeded_expiry));
    EXPECT_TRUE(seeded.admission_date);
    EXPECT_EQ(named(*first, "X-0").expiration_date, std::nullopt);
    EXPECT_EQ(named(*first, "X-1").status, sap::batch_status::locked);
    EXPECT_EQ(named(*first, "X-9").available, 10);

    auto second = run_coro(ioc, sap::available_batches(*c, "A00004", "02"));
    ASSERT_TRUE(second) << second.error().describe();
    EXPECT_EQ(second->size(), 2u);  // the seeded two in warehouse 02

    const std::string root = GetParam() == sim::api_version::v1 ? "/b1s/v1" : "/b1s/v2";
    auto requests = simulator.state().counters().requests;
    EXPECT_EQ(requests["POST " + root + "/SQLQueries"], 1u);  // created once, when its first List was refused
    EXPECT_EQ(requests["GET " + root + "/SQLQueries('MLC_BATCH_STOCK')"], 1u);
    EXPECT_EQ(requests["GET " + root + "/SQLQueries('MLC_BATCH_STOCK')/List"],
              4u);  // refused, 2 pages, 1 page
    auto sql = store([](sim::store& s) {
        return std::string(s.sql_queries.at("MLC_BATCH_STOCK").at("SqlText").as_string());
    });
    for (const char* part :
         {"FROM OBTQ T0 INNER JOIN OBTN T1", ":ItemCode", ":WhsCode", "\"ExpDate\"", "\"InDate\""})
        EXPECT_NE(sql.find(part), std::string::npos) << part;
}

TEST_P(sap_client_fixture, available_batches_quote_the_item_code_and_the_warehouse) {
    simulator.state().with_store([](sim::store& s, const sim::sim_time& now) {
        auto item = s.items.at("A00004");
        item["ItemCode"] = "O'Neil & Co";
        s.items["O'Neil & Co"] = item;
        ASSERT_FALSE(sim::put_batch(
            s, {{"ItemCode", "O'Neil & Co"}, {"Batch", "ON-1"}, {"WarehouseCode", "0'1"}, {"Quantity", 3}},
            now));
    });
    auto quoted = run_coro(ioc, sap::available_batches(*c, "O'Neil & Co", "0'1"));
    ASSERT_TRUE(quoted) << quoted.error().describe();
    ASSERT_EQ(quoted->size(), 1u);
    EXPECT_EQ(quoted->at(0).batch_number, "ON-1");
    EXPECT_EQ(quoted->at(0).available, 3);
    auto none = run_coro(ioc, sap::available_batches(*c, "O'Neil & Co", "01"));
    ASSERT_TRUE(none) << none.error().describe();
    EXPECT_TRUE(none->empty());
}

TEST_P(sap_client_fixture, items_by_code_read_their_management_flags) {
    std::vector<std::string> codes{"A00001", "A00004", "A00006", "NOPE'1"};
    auto items = run_coro(
        ioc, sap::items_by_code(*c, codes, {"ItemCode", "ManageBatchNumbers", "ManageSerialNumbers"}));
    ASSERT_TRUE(items) << items.error().describe();
    std::map<std::string, std::pair<bool, bool>> flags;
    for (const auto& i : *items) flags[i.item_code] = {i.manage_batch_numbers, i.manage_serial_numbers};
    EXPECT_EQ(flags, (std::map<std::string, std::pair<bool, bool>>{
                         {"A00001", {false, false}}, {"A00004", {true, false}}, {"A00006", {false, true}}}));
}

INSTANTIATE_TEST_SUITE_P(versions, sap_client_fixture,
                         ::testing::Values(sim::api_version::v1, sim::api_version::v2),
                         [](const auto& p) { return p.param == sim::api_version::v1 ? "v1" : "v2"; });

}  // namespace
}  // namespace mlc::test
