// The orders flow inside `ml-connector run`, as operators run it: orders arrive in ShipStation, the admin
// endpoints show them, and neither a restart nor a crash in the middle of a batch sends anything twice.
#include "db/order_links.hpp"
#include "tests/integration/sap_store_queries.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/test_env.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

namespace mlc::test {
namespace {

// The items flow's jobs (product alignments wait a minute for ShipStation to make the product) are not what
// these tests count.
const std::string not_item_jobs = " AND kind NOT IN ('align_shipstation_product', 'sync_shipstation_stock')";

using namespace std::chrono_literals;
namespace bhttp = boost::beast::http;

constexpr const char* admin_token = "adm-ORDERS-token-7-0123456789abcdef";
constexpr int seeded_orders = 12;

class orders_service_test : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        sim::sap::sim_config sap_cfg;
        sap_cfg.seed.orders = seeded_orders;
        sap_sim = std::make_unique<sim::sap::simulator>(sap_cfg, sim_log);
        sap_sim->start();
        sim::shipstation::sim_config ss_cfg;
        ss_cfg.rate_limit = 1000;
        ss_sim = std::make_unique<sim::shipstation::simulator>(ss_cfg);
    }

    void TearDown() override {
        stop();
        ss_sim.reset();
        sap_sim.reset();
        pg_schema_fixture::TearDown();
    }

    // The service's environment: both simulators, this test's schema, `extra` on top.
    std::map<std::string, std::string> service_env(const std::map<std::string, std::string>& extra = {}) {
        std::map<std::string, std::string> env{
            {"MLC_DATABASE_URL", test_database_url()},
            {"MLC_DB_SCHEMA", schema()},
            {"MLC_LISTEN", "127.0.0.1:0"},
            {"MLC_LOG_FORMAT", "json"},
            {"MLC_ADMIN_TOKEN", admin_token},
            {"MLC_SHUTDOWN_GRACE", "5s"},
            {"MLC_SAP_URL", sap_sim->service_root(sim::sap::api_version::v2)},
            {"MLC_SAP_COMPANY_DB", "SBODEMOUS"},
            {"MLC_SAP_USERNAME", "manager"},
            {"MLC_SAP_PASSWORD", "manager"},
            {"MLC_SHIPSTATION_URL", "http://127.0.0.1:" + std::to_string(ss_sim->port())},
            {"MLC_SHIPSTATION_API_KEY", "ShipStation"},
            {"MLC_SHIPSTATION_API_SECRET", "Rocks"},
            {"MLC_SHIPSTATION_RATE_LIMIT", "1000"},
            {"MLC_SYNC_SINCE", "2025-07-01"},
            {"MLC_POLL_INTERVAL", "1h"},  // one poll at start; tests ask for more through /admin/poll
            {"MLC_ORDER_RETRY_DELAY", "100ms"},
        };
        for (const auto& [k, v] : extra) env[k] = v;
        return env;
    }

    void start(const std::map<std::string, std::string>& extra = {}) {
        service_ = std::make_unique<child_process>(connector_binary(), std::vector<std::string>{"run"},
                                                   service_env(extra));
        port_ = wait_for_listen_port(*service_, 60s);
        ASSERT_NE(port_, 0) << service_->stderr_text();
    }

    void stop() {
        if (!service_) return;
        service_->send_signal(SIGTERM);
        auto code = service_->wait_for_exit(30s);
        EXPECT_EQ(code.value_or(-1), 0) << service_->stderr_text();
        service_.reset();
    }

    // Waits (polling the state another process changes) until `done` holds; false after `timeout`.
    static bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 30s) {
        auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            if (done()) return true;
            std::this_thread::sleep_for(20ms);
        }
        return done();
    }

    // How many times the service has logged `event` so far.
    std::size_t logged(std::string_view event) const {
        const std::string text = service_->stderr_text();
        const std::string needle = "\"" + std::string(event) + "\"";
        std::size_t n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
        return n;
    }

    std::size_t shipstation_order_count() {
        auto res = ss_sim->state().list_orders(sim::shipstation::query_params("pageSize=500"));
        return res.body.as_object().at("orders").as_array().size();
    }

    std::set<std::string> shipstation_keys() {
        auto res = ss_sim->state().list_orders(sim::shipstation::query_params("pageSize=500"));
        std::set<std::string> keys;
        for (const auto& o : res.body.as_object().at("orders").as_array()) {
            std::string key(o.as_object().at("orderKey").as_string());
            EXPECT_TRUE(keys.insert(key).second) << "two ShipStation orders with orderKey " << key;
        }
        return keys;
    }

    std::uint64_t createorders_calls() {
        auto c = ss_sim->state().counters();
        auto it = c.by_endpoint.find("POST /orders/createorders");
        return it == c.by_endpoint.end() ? 0 : it->second;
    }

    // DocEntry and DocNum of the SAP simulator's first order.
    std::pair<int, int> first_order() {
        return sap_sim->state().with_store([](sim::sap::store& s, const sim::sap::sim_time&) {
            return std::pair{s.orders.begin()->first,
                             static_cast<int>(s.orders.begin()->second.at("DocNum").as_int64())};
        });
    }

    template <class F>
    decltype(auto) sap_store(F&& f) {
        return sap_sim->state().with_store(
            [&](sim::sap::store& s, const sim::sap::sim_time&) { return f(s); });
    }

    // Rows of "table WHERE ...".
    int count_of(const std::string& rows) { return sql("SELECT count(*) FROM " + rows)[0][0].as<int>(); }

    int links_in_state(std::string_view state) {
        return sql("SELECT count(*) FROM order_links WHERE state = '" + std::string(state) + "'")[0][0]
            .as<int>();
    }

    http_test_client client() const { return http_test_client(port_, 10s); }
    std::string bearer() const { return std::string("Bearer ") + admin_token; }

    std::ostringstream sim_log;
    std::unique_ptr<sim::sap::simulator> sap_sim;
    std::unique_ptr<sim::shipstation::simulator> ss_sim;
    std::unique_ptr<child_process> service_;
    std::uint16_t port_ = 0;
};

TEST_F(orders_service_test, orders_arrive_and_the_admin_endpoints_show_them) {
    start();
    ASSERT_TRUE(eventually([&] { return shipstation_order_count() == seeded_orders; }))
        << service_->stderr_text();
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }));
    EXPECT_EQ(createorders_calls(), 1u) << service_->stderr_text();

    auto c = client();
    const auto [doc_entry, doc_num] = first_order();
    const std::string key = "mlc-SBODEMOUS-" + std::to_string(doc_num) + "-e" + std::to_string(doc_entry);
    const std::string target = "/admin/orders/" + std::to_string(doc_num);
    EXPECT_EQ(c.get(target).result(), bhttp::status::unauthorized);
    EXPECT_EQ(c.get(target, {{"Authorization", "Bearer wrong"}}).result(), bhttp::status::unauthorized);
    auto res = c.get(target, {{"Authorization", bearer()}});
    ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
    auto by_number = boost::json::parse(res.body()).as_object();
    EXPECT_EQ(by_number.at("doc_num").as_int64(), doc_num);
    ASSERT_EQ(by_number.at("orders").as_array().size(), 1u) << res.body();
    auto status = by_number.at("orders").at(0).as_object();
    auto by_entry = c.get("/admin/orders/entry/" + std::to_string(doc_entry), {{"Authorization", bearer()}});
    ASSERT_EQ(by_entry.result(), bhttp::status::ok) << by_entry.body();
    EXPECT_EQ(boost::json::parse(by_entry.body()), boost::json::value(status));
    EXPECT_EQ(status.at("doc_num").as_int64(), doc_num);
    EXPECT_EQ(status.at("doc_entry").as_int64(), doc_entry);
    EXPECT_EQ(status.at("state").as_string(), "sent");
    EXPECT_EQ(status.at("order_key").as_string(), key);
    EXPECT_TRUE(status.at("shipstation").at("order_id").is_int64());
    EXPECT_EQ(status.at("job").at("state").as_string(), "succeeded");
    EXPECT_EQ(status.at("job").at("attempts").as_int64(), 1);
    const auto& audit = status.at("audit").as_array();
    ASSERT_EQ(audit.size(), 3u) << res.body();
    EXPECT_EQ(audit[0].at("action").as_string(), "seen");
    EXPECT_EQ(audit[1].at("action").as_string(), "mapped");
    EXPECT_EQ(audit[1].at("request").at("body").at("orderKey").as_string(), key);
    EXPECT_EQ(audit[2].at("action").as_string(), "sent");
    EXPECT_EQ(audit[2].at("correlation_id"), audit[0].at("correlation_id"));
    // Never a credential in what an operator reads.
    EXPECT_EQ(res.body().find("Rocks"), std::string::npos);
    EXPECT_EQ(res.body().find("manager"), std::string::npos);

    auto metrics = c.get("/metrics").body();
    EXPECT_NE(metrics.find("mlc_orders_pushes_total{result=\"sent\"} 12"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("mlc_order_links{state=\"sent\"} 12"), std::string::npos);
    EXPECT_NE(metrics.find("mlc_orders_polls_total{result=\"complete\"} 1"), std::string::npos);
    // The only replica leads: its poller polled under the lock.
    EXPECT_NE(metrics.find("mlc_leader{lock=\"orders_poller:SBODEMOUS\"} 1"), std::string::npos);
    EXPECT_NE(metrics.find("mlc_shipstation_"), std::string::npos);  // the clients' metrics show too
    EXPECT_NE(metrics.find("mlc_sap_"), std::string::npos);

    for (auto bad : {"/admin/orders/abc", "/admin/orders/entry/", "/admin/orders/entry/x", "/admin/orders/0"})
        EXPECT_EQ(c.get(bad, {{"Authorization", bearer()}}).result(), bhttp::status::bad_request) << bad;
    EXPECT_EQ(c.get("/admin/orders/999999", {{"Authorization", bearer()}}).result(),
              bhttp::status::not_found);
    EXPECT_EQ(c.get("/admin/orders/entry/999999", {{"Authorization", bearer()}}).result(),
              bhttp::status::not_found);
    EXPECT_EQ(c.post(target + "/replay", "", {{"Authorization", bearer()}}).result(),
              bhttp::status::conflict);
    EXPECT_EQ(c.post("/admin/orders/entry/" + std::to_string(doc_entry) + "/replay", "",
                     {{"Authorization", bearer()}})
                  .result(),
              bhttp::status::conflict);

    // A change in SAP goes out on the next poll, which an operator can ask for.
    sap_sim->state().with_store([](sim::sap::store& s, const sim::sap::sim_time& now) {
        auto entry = s.orders.begin()->first;
        return sim::sap::patch_order(s, entry, {{"Comments", "Call before delivery"}}, false, now);
    });
    EXPECT_EQ(c.post("/admin/poll", "").result(), bhttp::status::unauthorized);
    auto poll = c.post("/admin/poll", "", {{"Authorization", bearer()}});
    EXPECT_EQ(poll.result(), bhttp::status::accepted) << poll.body();
    EXPECT_TRUE(eventually([&] { return createorders_calls() == 2; })) << service_->stderr_text();
    EXPECT_EQ(shipstation_order_count(), static_cast<std::size_t>(seeded_orders));
}

TEST_F(orders_service_test, previews_need_the_token_and_show_what_the_flow_then_sends_and_the_cli_agrees) {
    start();
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    auto c = client();
    const auto [doc_entry, doc_num] = first_order();
    const std::string key = "mlc-SBODEMOUS-" + std::to_string(doc_num) + "-e" + std::to_string(doc_entry);
    const std::string target = "/admin/preview/orders/" + std::to_string(doc_num);
    EXPECT_EQ(c.get(target).result(), bhttp::status::unauthorized);
    EXPECT_EQ(c.get(target, {{"Authorization", "Bearer wrong"}}).result(), bhttp::status::unauthorized);
    EXPECT_EQ(c.get("/admin/preview/shipments/1").result(), bhttp::status::unauthorized);

    // Sent: unchanged since, the body ShipStation has (with its orderId).
    const auto calls_before = createorders_calls();
    auto res = c.get(target, {{"Authorization", bearer()}});
    ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
    auto shown = boost::json::parse(res.body()).as_object();
    ASSERT_EQ(shown.at("orders").as_array().size(), 1u) << res.body();
    auto unchanged = shown.at("orders").at(0).as_object();
    EXPECT_EQ(unchanged.at("would_send"), false);
    EXPECT_EQ(unchanged.at("same_as_sent"), true);
    EXPECT_EQ(unchanged.at("link_state"), "sent");
    auto body = unchanged.at("body").as_object();
    EXPECT_TRUE(body.at("orderId").is_int64());
    body.erase("orderId");  // the first push was a create
    EXPECT_EQ(boost::json::value(body), boost::json::value(*ss_sim->state().received_order_body(key)));

    // The CLI prints the same preview.
    auto cli = run_process(connector_binary(), {"preview", "order", std::to_string(doc_num)}, service_env());
    EXPECT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(boost::json::parse(cli.out), boost::json::value(shown)) << cli.out;
    EXPECT_NE(cli.out.find("\n  \"orders\": [\n"), std::string::npos) << cli.out;  // indented for people
    auto missing = run_process(connector_binary(), {"preview", "delivery", "424242"}, service_env());
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("not recorded"), std::string::npos) << missing.err;
    EXPECT_EQ(run_process(connector_binary(), {"preview", "order", "x"}, service_env()).exit_code, 2);

    // Changed in SAP: the update the next poll sends, which ShipStation then receives as previewed.
    sap_sim->state().with_store([entry = doc_entry](sim::sap::store& s, const sim::sap::sim_time& now) {
        return sim::sap::patch_order(s, entry, {{"Comments", "Leave at the back door"}}, false, now);
    });
    auto changed = c.get(target + "?doc_entry=" + std::to_string(doc_entry), {{"Authorization", bearer()}});
    ASSERT_EQ(changed.result(), bhttp::status::ok) << changed.body();
    auto update = boost::json::parse(changed.body()).at("orders").at(0).as_object();
    EXPECT_EQ(update.at("would_send"), true) << changed.body();
    EXPECT_EQ(update.at("operation"), "update");
    EXPECT_EQ(createorders_calls(), calls_before);  // previews sent nothing
    ASSERT_EQ(c.post("/admin/poll", "", {{"Authorization", bearer()}}).result(), bhttp::status::accepted);
    ASSERT_TRUE(eventually([&] { return createorders_calls() == calls_before + 1; }))
        << service_->stderr_text();
    EXPECT_EQ(boost::json::value(*ss_sim->state().received_order_body(key)), update.at("body"));

    for (auto bad : {"/admin/preview/orders/abc", "/admin/preview/orders/0", "/admin/preview/shipments/x",
                     "/admin/preview/orders/1?doc_entry=-3"})
        EXPECT_EQ(c.get(bad, {{"Authorization", bearer()}}).result(), bhttp::status::bad_request) << bad;
    EXPECT_EQ(c.get("/admin/preview/orders/999999", {{"Authorization", bearer()}}).result(),
              bhttp::status::not_found);
    EXPECT_EQ(c.get("/admin/preview/shipments/424242", {{"Authorization", bearer()}}).result(),
              bhttp::status::not_found);
}

TEST_F(orders_service_test, orders_sharing_a_docnum_are_listed_together_and_replayed_only_by_docentry) {
    // A second numbering series reached the first order's DocNum.
    const auto [first_entry, doc_num] = first_order();
    const int second_entry = sap_store([&, doc_num = doc_num](sim::sap::store& s) {
        EXPECT_FALSE(sim::sap::set_next_order_number(s, 21, doc_num));
        boost::json::object body = s.orders.begin()->second;
        boost::json::object order{
            {"CardCode", body.at("CardCode")},
            {"Series", 21},
            {"DocumentLines",
             boost::json::array{boost::json::object{
                 {"ItemCode", body.at("DocumentLines").at(0).at("ItemCode")}, {"Quantity", 1}}}}};
        auto entry =
            sim::sap::create_order(s, order, sim::sap::to_sim_time(std::chrono::system_clock::now()));
        EXPECT_TRUE(entry);
        return entry ? *entry : 0;
    });
    start();
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders + 1; }))
        << service_->stderr_text();
    EXPECT_EQ(shipstation_keys().size(), static_cast<std::size_t>(seeded_orders + 1));

    auto c = client();
    auto res = c.get("/admin/orders/" + std::to_string(doc_num), {{"Authorization", bearer()}});
    ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
    const auto listed = boost::json::parse(res.body()).at("orders").as_array();
    ASSERT_EQ(listed.size(), 2u) << res.body();
    EXPECT_EQ(listed[0].at("doc_entry").as_int64(), first_entry);
    EXPECT_EQ(listed[1].at("doc_entry").as_int64(), second_entry);
    EXPECT_NE(listed[0].at("order_key"), listed[1].at("order_key"));
    for (const auto& order : listed) EXPECT_EQ(order.at("audit").as_array().size(), 3u) << res.body();

    auto replay =
        c.post("/admin/orders/" + std::to_string(doc_num) + "/replay", "", {{"Authorization", bearer()}});
    ASSERT_EQ(replay.result(), bhttp::status::conflict) << replay.body();
    const auto named = boost::json::parse(replay.body());
    EXPECT_EQ(named.at("doc_entries"), (boost::json::array{first_entry, second_entry})) << replay.body();
    EXPECT_EQ(named.at("replay").at(1).as_string(),
              "/admin/orders/entry/" + std::to_string(second_entry) + "/replay");
    auto one =
        c.post(std::string_view(named.at("replay").at(1).as_string()), "", {{"Authorization", bearer()}});
    EXPECT_EQ(one.result(), bhttp::status::conflict) << one.body();  // sent: nothing to replay
    EXPECT_NE(one.body().find("no failed or dead push"), std::string::npos) << one.body();
    EXPECT_EQ(c.post("/admin/orders/entry/999999/replay", "", {{"Authorization", bearer()}}).result(),
              bhttp::status::not_found);
}

TEST_F(orders_service_test, the_item_admin_endpoints_show_an_item_and_take_requests) {
    start();
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    const auto code = sap_sim->state().with_store([](sim::sap::store& s, const sim::sap::sim_time&) {
        return std::string(s.orders.begin()->second.at("DocumentLines").at(0).at("ItemCode").as_string());
    });
    auto c = client();
    const std::string target = "/admin/items/" + code;
    EXPECT_EQ(c.get(target).result(), bhttp::status::unauthorized);
    auto res = c.get(target, {{"Authorization", bearer()}});
    ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
    auto item = boost::json::parse(res.body()).as_object();
    EXPECT_EQ(item.at("item_code").as_string(), code);
    EXPECT_EQ(item.at("product").at("sku").as_string(), code) << "the order sent it under its ItemCode";
    // Its product is aligned a minute after the order: the job waits.
    EXPECT_EQ(item.at("jobs").at("align_product").at("state").as_string(), "queued") << res.body();
    EXPECT_TRUE(item.at("stock").as_array().empty()) << "no V2 key: no stock";

    EXPECT_EQ(c.get("/admin/items/NO-SUCH-ITEM", {{"Authorization", bearer()}}).result(),
              bhttp::status::not_found);
    EXPECT_EQ(c.get("/admin/items/%ZZ", {{"Authorization", bearer()}}).result(), bhttp::status::bad_request);
    EXPECT_EQ(c.post(target + "/align", "", {{"Authorization", bearer()}}).result(), bhttp::status::accepted);
    auto after = boost::json::parse(c.get(target, {{"Authorization", bearer()}}).body()).as_object();
    EXPECT_EQ(after.at("audit").as_array().back().at("action").as_string(), "align_requested");
    EXPECT_EQ(c.post(target + "/stock", "", {{"Authorization", bearer()}}).result(),
              bhttp::status::service_unavailable);
    EXPECT_EQ(c.post("/admin/inventory/resync", "", {{"Authorization", bearer()}}).result(),
              bhttp::status::service_unavailable);
    EXPECT_EQ(c.get(target + "/align", {{"Authorization", bearer()}}).result(),
              bhttp::status::method_not_allowed);
    EXPECT_NE(c.get("/metrics").body().find("mlc_items_polls_total"), std::string::npos);
}

TEST_F(orders_service_test, a_restart_sends_nothing_twice) {
    start();
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    stop();
    start({{"MLC_LOG_LEVEL", "debug"}});
    // The flow settles into its wait after each poll: once after the one at start, once after the operator's.
    ASSERT_TRUE(eventually([&] { return logged("orders.poll_waiting") == 1; })) << service_->stderr_text();
    auto c = client();
    EXPECT_EQ(c.post("/admin/poll", "", {{"Authorization", bearer()}}).result(), bhttp::status::accepted);
    ASSERT_TRUE(eventually([&] { return logged("orders.poll_waiting") == 2; })) << service_->stderr_text();
    EXPECT_EQ(logged("orders.polled"), 2u);
    // A wrong second push would have been queued by one of those polls, in its transaction: once the queue is
    // idle it has been sent.
    ASSERT_TRUE(eventually(
        [&] { return count_of("job_queue WHERE state IN ('queued', 'running')" + not_item_jobs) == 0; }));
    EXPECT_EQ(createorders_calls(), 1u);
    EXPECT_EQ(shipstation_keys().size(), static_cast<std::size_t>(seeded_orders));
}

TEST_F(orders_service_test, a_crash_in_the_middle_of_a_batch_sends_nothing_twice) {
    // ShipStation applies createorders and never answers: the process is killed while it waits (its
    // attempt timeout, 30 s, is far off), as a crash with the request in flight would leave things.
    sim::shipstation::fault_settings unanswered;
    unanswered.hang_after_write = 1;
    ss_sim->state().set_faults(unanswered);
    start({{"MLC_ORDER_LEASE", "1s"}});
    ASSERT_TRUE(eventually([&] { return shipstation_order_count() == seeded_orders; }))
        << service_->stderr_text();
    service_->send_signal(SIGKILL);
    service_->wait_for_exit(10s);
    service_.reset();
    EXPECT_EQ(createorders_calls(), 1u);
    EXPECT_EQ(links_in_state("sent"), 0);

    ss_sim->state().set_faults({});
    start({{"MLC_ORDER_LEASE", "1s"}});
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    EXPECT_EQ(createorders_calls(), 1u);  // looked up after the crash, not sent again
    EXPECT_EQ(ss_sim->state().counters().by_endpoint["GET /orders"], 1u);  // one listing for the batch
    EXPECT_EQ(shipstation_keys().size(), static_cast<std::size_t>(seeded_orders));
    auto confirmed = sql("SELECT count(*) FROM audit_log WHERE action = 'confirmed'")[0][0].as<int>();
    EXPECT_EQ(confirmed, seeded_orders);
}

TEST_F(orders_service_test,
       a_second_signal_during_shutdown_exits_at_once_and_the_next_run_finishes_the_work) {
    // ShipStation answers slowly: the backlog's push is in flight (database work around it on the pool's
    // threads) when SIGTERM, then a second SIGTERM, arrive.
    sim::shipstation::fault_settings slow;
    slow.latency = 3s;
    ss_sim->state().set_faults(slow);
    const std::map<std::string, std::string> env{{"MLC_ORDER_LEASE", "1s"}, {"MLC_SHUTDOWN_GRACE", "10s"}};
    start(env);
    ASSERT_TRUE(eventually([&] { return count_of("job_queue WHERE state = 'running'" + not_item_jobs) > 0; }))
        << service_->stderr_text();
    const auto signalled = std::chrono::steady_clock::now();
    service_->send_signal(SIGTERM);
    ASSERT_TRUE(service_->wait_for_stderr("service.stopping", 5s)) << service_->stderr_text();
    service_->send_signal(SIGTERM);
    auto code = service_->wait_for_exit(15s);
    const auto took = std::chrono::steady_clock::now() - signalled;
    const std::string err = service_->stderr_text();
    service_.reset();
    EXPECT_EQ(code.value_or(-1), 0) << err;  // sanitizers make a finding exit non-zero
    EXPECT_EQ(err.find("Sanitizer"), std::string::npos) << err;
    EXPECT_NE(err.find("service.forced_stop"), std::string::npos) << err;
    EXPECT_LT(took, 10s) << "the second signal did not cut the 10 s grace short";

    // Nothing is lost: the next run takes the abandoned push over once its lease ran out, and sends each
    // order once.
    ss_sim->state().set_faults({});
    start(env);
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    EXPECT_EQ(shipstation_keys().size(), static_cast<std::size_t>(seeded_orders));
}

TEST_F(orders_service_test, with_a_schedule_the_first_poll_waits_for_its_slot_or_an_operator) {
    // New Year's midnight in Auckland: not during this test.
    start({{"MLC_POLL_SCHEDULE", "0 0 1 1 *"},
           {"MLC_POLL_TIME_ZONE", "Pacific/Auckland"},
           {"MLC_LOG_LEVEL", "debug"}});
    // Once the flow waits, its first poll is behind it if it made one at start.
    ASSERT_TRUE(service_->wait_for_stderr("orders.poll_waiting", 30s)) << service_->stderr_text();
    EXPECT_EQ(logged("orders.polled"), 0u) << service_->stderr_text();
    EXPECT_EQ(shipstation_order_count(), 0u);
    // Midnight of January 1st in Auckland (NZDT, UTC+13).
    EXPECT_NE(service_->stderr_text().find("-12-31T11:00:00.000Z"), std::string::npos)
        << service_->stderr_text();

    auto c = client();
    EXPECT_EQ(c.post("/admin/poll", "", {{"Authorization", bearer()}}).result(), bhttp::status::accepted);
    EXPECT_TRUE(eventually([&] { return shipstation_order_count() == seeded_orders; }))
        << service_->stderr_text();
}

TEST_F(orders_service_test, a_label_bought_in_shipstation_arrives_by_webhook_and_is_recorded_within_seconds) {
    start({{"MLC_WEBHOOK_TOKEN", "hook-secret-0123456789abcdef"}});
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    auto sub = ss_sim->state().subscribe_webhook(
        boost::json::object{{"target_url", "http://127.0.0.1:" + std::to_string(port_) +
                                               "/webhooks/shipstation?token=hook-secret-0123456789abcdef"},
                            {"event", "SHIP_NOTIFY"},
                            {"friendly_name", "ml-connector"}});
    ASSERT_EQ(sub.status, 200u) << boost::json::serialize(sub.body);

    // A label is bought through the simulator's HTTP control interface, which sends SHIP_NOTIFY as V1 does.
    auto order_id =
        sql("SELECT shipstation_order_id FROM order_links ORDER BY doc_num LIMIT 1")[0][0].as<std::int64_t>();
    http_test_client sim_client(ss_sim->port(), 10s);
    auto shipped = sim_client.post("/_control/shipments",
                                   boost::json::serialize(boost::json::object{{"orderId", order_id}}),
                                   {{"Content-Type", "application/json"}});
    ASSERT_EQ(shipped.result(), bhttp::status::ok) << shipped.body();
    ASSERT_TRUE(eventually([&] {
        return sql("SELECT count(*) FROM shipment_links WHERE shipstation_order_id = " +
                   std::to_string(order_id))[0][0]
                   .as<int>() == 1;
    })) << service_->stderr_text();
    EXPECT_EQ(sql("SELECT count(*) FROM webhook_inbox WHERE state = 'processed'")[0][0].as<int>(), 1);
    // And its delivery reaches SAP (delivered, or dead when the order holds batch items that need batches).
    ASSERT_TRUE(eventually([&] {
        return sql("SELECT count(*) FROM shipment_links WHERE state IN ('delivered', 'dead')")[0][0]
                   .as<int>() == 1;
    })) << service_->stderr_text();
    auto state = sql("SELECT state, coalesce(last_error, '') FROM shipment_links")[0];
    if (state[0].as<std::string>() == "dead") {
        EXPECT_NE(state[1].as<std::string>().find("-5002"), std::string::npos) << state[1].as<std::string>();
    } else {
        auto entry = sql("SELECT delivery_doc_entry FROM shipment_links")[0][0].as<int>();
        EXPECT_TRUE(sap_sim->state().with_store(
            [&](sim::sap::store& s, const sim::sap::sim_time&) { return s.deliveries.contains(entry); }));
    }
    const std::string outcome = state[0].as<std::string>() == "dead" ? "dead" : "delivered";
    auto metrics = client().get("/metrics").body();
    EXPECT_NE(metrics.find("mlc_shipments_fetches_total{result=\"done\"} 1"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("mlc_shipments_found_total{by=\"webhook\",what=\"new\"} 1"), std::string::npos);
    EXPECT_NE(metrics.find("mlc_shipments_deliveries_total{result=\"" + outcome + "\"} 1"),
              std::string::npos);
    EXPECT_NE(metrics.find("mlc_shipment_links{state=\"" + outcome + "\"} 1"), std::string::npos);
    // The admin view of the order shows the shipment and its delivery.
    auto doc_entry = sql("SELECT doc_entry FROM order_links WHERE shipstation_order_id = " +
                         std::to_string(order_id))[0][0]
                         .as<int>();
    auto view =
        client().get("/admin/orders/entry/" + std::to_string(doc_entry), {{"Authorization", bearer()}});
    ASSERT_EQ(view.result(), bhttp::status::ok);
    const auto shipments = boost::json::parse(view.body()).at("shipments").as_array();
    ASSERT_EQ(shipments.size(), 1u) << view.body();
    EXPECT_EQ(shipments[0].at("kind").as_string(), "shipment");
    EXPECT_TRUE(shipments[0].at("label_created_at").is_string()) << view.body();  // createDate in UTC
    EXPECT_TRUE(shipments[0].at("ship_date").is_string());
    EXPECT_TRUE(shipments[0].at("voided_at").is_null());
    EXPECT_EQ(shipments[0].at("state").as_string(), state[0].as<std::string>());
    EXPECT_EQ(shipments[0].at("delivery").is_null(), state[0].as<std::string>() == "dead");
}

// ShipStation's resource_urls may name ssapiN.shipstation.com: the default allow-list takes them and the
// connector fetches their path from MLC_SHIPSTATION_URL (never from the host named); another host is refused
// and recorded. FULFILLMENT_SHIPPED (a fulfillment provider shipped) is followed like SHIP_NOTIFY.
TEST_F(orders_service_test,
       webhooks_naming_an_ssapi_host_are_fetched_from_the_configured_url_and_others_refused) {
    sim::shipstation::sim_config ss_cfg;
    ss_cfg.rate_limit = 1000;
    ss_cfg.public_url = "https://ssapi6.shipstation.com";
    ss_sim = std::make_unique<sim::shipstation::simulator>(ss_cfg);
    start({{"MLC_WEBHOOK_TOKEN", "hook-secret-0123456789abcdef"}, {"MLC_RECONCILE_INTERVAL", "1h"}});
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    for (const char* event : {"SHIP_NOTIFY", "FULFILLMENT_SHIPPED"}) {
        auto sub = ss_sim->state().subscribe_webhook(boost::json::object{
            {"target_url", "http://127.0.0.1:" + std::to_string(port_) +
                               "/webhooks/shipstation?token=hook-secret-0123456789abcdef"},
            {"event", event},
            {"friendly_name", "ml-connector"}});
        ASSERT_EQ(sub.status, 200u) << boost::json::serialize(sub.body);
    }
    auto orders = sql("SELECT shipstation_order_id FROM order_links ORDER BY doc_num LIMIT 3");
    auto order_id = [&](int i) { return orders[i][0].as<std::int64_t>(); };
    auto links_of = [&](const std::string& kind, std::int64_t order) {
        return count_of("shipment_links WHERE kind = '" + kind +
                        "' AND shipstation_order_id = " + std::to_string(order));
    };
    http_test_client sim_client(ss_sim->port(), 10s);
    auto control = [&](std::string_view path, const boost::json::object& body) {
        auto res =
            sim_client.post(path, boost::json::serialize(body), {{"Content-Type", "application/json"}});
        ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
    };

    control("/_control/shipments", {{"orderId", order_id(0)}});
    ASSERT_TRUE(eventually([&] { return links_of("shipment", order_id(0)) == 1; }))
        << service_->stderr_text();
    control("/_control/fulfillments",
            {{"orderId", order_id(1)}, {"carrierCode", "usps"}, {"fulfillmentProviderCode", "fba"}});
    ASSERT_TRUE(eventually([&] { return links_of("fulfillment", order_id(1)) == 1; }))
        << service_->stderr_text();
    EXPECT_EQ(count_of("webhook_inbox WHERE state = 'processed'"), 2);
    EXPECT_EQ(count_of("webhook_inbox WHERE resource_url LIKE 'https://ssapi6.shipstation.com/%'"), 2);

    control("/_control/webhooks", {{"resource_origin", "https://ssapi6.shipstation.com.evil.example"}});
    control("/_control/shipments", {{"orderId", order_id(2)}});
    ASSERT_TRUE(eventually([&] { return count_of("webhook_inbox WHERE state = 'rejected'") == 1; }))
        << service_->stderr_text();
    EXPECT_EQ(count_of("audit_log WHERE action = 'webhook_rejected'"), 1);
    EXPECT_EQ(links_of("shipment", order_id(2)), 0);
    EXPECT_TRUE(eventually([&] { return ss_sim->state().counters().webhooks_failed == 1; }))
        << "the service answers 400";
}

TEST_F(orders_service_test, a_crash_while_deliveries_are_written_leaves_exactly_one_delivery_per_shipment) {
    // A lease far longer than the test: the dead process's work must be taken over by noticing it is gone.
    const std::map<std::string, std::string> env{{"MLC_WEBHOOK_TOKEN", "hook-secret-0123456789abcdef"},
                                                 {"MLC_DELIVERY_LEASE", "10m"}};
    start(env);
    ASSERT_TRUE(eventually([&] { return links_in_state("sent") == seeded_orders; }))
        << service_->stderr_text();
    auto sub = ss_sim->state().subscribe_webhook(
        boost::json::object{{"target_url", "http://127.0.0.1:" + std::to_string(port_) +
                                               "/webhooks/shipstation?token=hook-secret-0123456789abcdef"},
                            {"event", "SHIP_NOTIFY"}});
    ASSERT_EQ(sub.status, 200u) << boost::json::serialize(sub.body);

    // SAP commits the first delivery, then holds its answer far longer than the test waits: the service is
    // killed with that POST in doubt and the other shipments not written yet.
    sim::sap::fault_plan hold;
    hold.commit_then_hold_count = 1;
    hold.commit_then_hold = std::chrono::minutes(5);
    hold.commit_then_hold_path = "DeliveryNotes";
    sap_sim->state().set_faults(hold);
    auto entries = sap_store([](sim::sap::store& s) { return orders_with_batches(s, false); });
    ASSERT_GE(entries.size(), 3u);
    entries.resize(3);
    http_test_client sim_client(ss_sim->port(), 10s);
    for (int entry : entries) {
        auto order_id = sql("SELECT shipstation_order_id FROM order_links WHERE doc_entry = " +
                            std::to_string(entry))[0][0]
                            .as<std::int64_t>();
        auto shipped = sim_client.post("/_control/shipments",
                                       boost::json::serialize(boost::json::object{{"orderId", order_id}}),
                                       {{"Content-Type", "application/json"}});
        ASSERT_EQ(shipped.result(), bhttp::status::ok) << shipped.body();
    }
    auto deliveries = [&] { return sap_store([](sim::sap::store& s) { return s.deliveries.size(); }); };
    ASSERT_TRUE(eventually([&] {
        return deliveries() == 1 && count_of("webhook_inbox WHERE state = 'processed'") == 3;
    })) << service_->stderr_text();
    service_->send_signal(SIGKILL);
    service_->wait_for_exit(10s);
    service_.reset();
    EXPECT_EQ(deliveries(), 1u);  // committed, and its answer never arrived
    EXPECT_EQ(count_of("shipment_links WHERE state = 'delivered'"), 0);

    sap_sim->state().set_faults({});
    // Restarted at once: the dead process's job is taken over without waiting for its lease (its liveness
    // lock went with its session), and the POST in doubt is searched for once SAP has had its request time.
    auto restart_env = env;
    restart_env["MLC_SAP_REQUEST_TIMEOUT"] = "2s";
    const auto restarted = std::chrono::steady_clock::now();
    start(restart_env);
    ASSERT_TRUE(eventually([&] { return count_of("shipment_links WHERE state = 'delivered'") == 3; }, 2min))
        << service_->stderr_text();
    for (int entry : entries) {
        auto [delivered, tracking] = sap_store([&](sim::sap::store& s) {
            return std::pair{deliveries_based_on(s, entry).size(),
                             sim::sap::string_or(s.orders.at(entry), "TrackingNumber")};
        });
        EXPECT_EQ(delivered, 1u) << "order " << entry;
        auto link =
            sql("SELECT s.tracking_number FROM shipment_links s JOIN order_links o"
                " ON o.shipstation_order_id = s.shipstation_order_id WHERE o.doc_entry = " +
                std::to_string(entry));
        ASSERT_EQ(link.size(), 1u);
        EXPECT_EQ(tracking, link[0][0].as<std::string>()) << "order " << entry;
    }
    EXPECT_EQ(deliveries(), 3u);
    // The in-doubt one was found, not posted again.
    EXPECT_EQ(sap_sim->state().counters().requests["POST /b1s/v2/DeliveryNotes"], 3u);
    EXPECT_EQ(count_of("audit_log WHERE action = 'delivery_found'"), 1);
    EXPECT_EQ(count_of("job_queue WHERE kind = 'deliver_shipment' AND state = 'succeeded'"), 3);
    EXPECT_TRUE(eventually([&] {
        return count_of("job_queue WHERE state IN ('queued', 'running')" + not_item_jobs) == 0;
    })) << service_->stderr_text();  // nothing left leased
    EXPECT_EQ(count_of("job_queue WHERE state IN ('failed', 'dead')" + not_item_jobs), 0);
    // Half the lease: any slower and it waited for the lease to run out.
    EXPECT_LT(std::chrono::steady_clock::now() - restarted, 5min);
}

TEST_F(orders_service_test, with_a_public_url_the_ship_notify_subscription_is_made_once) {
    // Port 9 on loopback: nothing is ever delivered there in this test.
    const std::map<std::string, std::string> env{{"MLC_PUBLIC_URL", "http://127.0.0.1:9/connector/"},
                                                 {"MLC_WEBHOOK_TOKEN", "hook/secret-0123456789abcdef"}};
    const std::string target =
        "http://127.0.0.1:9/connector/webhooks/shipstation?token=hook%2Fsecret-0123456789abcdef";
    auto subscriptions = [&] {
        int n = 0;
        const auto listed = ss_sim->state().list_webhooks();
        for (const auto& w : listed.body.at("webhooks").as_array())
            if (w.at("Url").as_string() == target && w.at("HookType").as_string() == "SHIP_NOTIFY") ++n;
        return n;
    };
    start(env);
    ASSERT_TRUE(service_->wait_for_stderr("webhooks.subscribed", 30s)) << service_->stderr_text();
    EXPECT_EQ(subscriptions(), 1);
    EXPECT_EQ(service_->stderr_text().find("hook/secret-0123456789abcdef"),
              std::string::npos);  // the token is not logged
    EXPECT_EQ(service_->stderr_text().find("hook%2Fsecret-0123456789abcdef"), std::string::npos);
    stop();
    start(env);
    ASSERT_TRUE(service_->wait_for_stderr("webhooks.subscribed", 30s)) << service_->stderr_text();
    EXPECT_NE(service_->stderr_text().find("\"created\":false"), std::string::npos);
    EXPECT_EQ(subscriptions(), 1);
}

// Issue 15: a changed MLC_WEBHOOK_TOKEN leaves no subscription with the old token (ShipStation would keep
// sending there, to be refused); others' subscriptions and other events stay.
TEST_F(orders_service_test, a_changed_webhook_token_replaces_the_old_subscription) {
    const std::string endpoint = "http://127.0.0.1:9/connector/webhooks/shipstation?token=";
    auto add = [&](const std::string& url, const char* event) {
        auto sub = ss_sim->state().subscribe_webhook(
            boost::json::object{{"target_url", url}, {"event", event}, {"friendly_name", "earlier"}});
        ASSERT_EQ(sub.status, 200u) << boost::json::serialize(sub.body);
    };
    add(endpoint + "old-secret-0123456789abcdef", "SHIP_NOTIFY");
    add(endpoint + "old-secret-0123456789abcdef", "ORDER_NOTIFY");  // not SHIP_NOTIFY: kept
    add("http://127.0.0.1:9/elsewhere/webhooks/shipstation?token=x",
        "SHIP_NOTIFY");  // another endpoint: kept
    start({{"MLC_PUBLIC_URL", "http://127.0.0.1:9/connector"},
           {"MLC_WEBHOOK_TOKEN", "new-secret-0123456789abcdef"}});
    ASSERT_TRUE(service_->wait_for_stderr("webhooks.subscribed", 30s)) << service_->stderr_text();
    std::multiset<std::string> hooks;
    const auto listed = ss_sim->state().list_webhooks();  // named: the loop must not outlive the answer
    for (const auto& w : listed.body.at("webhooks").as_array())
        hooks.insert(std::string(w.at("HookType").as_string()) + " " + std::string(w.at("Url").as_string()));
    std::multiset<std::string> want{"SHIP_NOTIFY " + endpoint + "new-secret-0123456789abcdef",
                                    "ORDER_NOTIFY " + endpoint + "old-secret-0123456789abcdef",
                                    "SHIP_NOTIFY http://127.0.0.1:9/elsewhere/webhooks/shipstation?token=x"};
    EXPECT_EQ(hooks, want);
    const auto logged = service_->stderr_text();
    EXPECT_NE(logged.find("webhooks.unsubscribed_old_token"), std::string::npos) << logged;
    EXPECT_EQ(logged.find("old-secret-0123456789abcdef"), std::string::npos);  // neither token is logged
    EXPECT_EQ(logged.find("new-secret-0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace mlc::test
