// Integration tests of the SAP B1 Service Layer simulator over loopback: sessions, OData, deliveries, faults.
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/settable_clock.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

namespace mlc::sim::sap {
namespace {

using namespace std::chrono_literals;
using test::http_response;
namespace bhttp = boost::beast::http;

class sap_sim : public ::testing::Test {
protected:
    sap_sim() : sim(config(), log_) { sim.start(); }

    static sim_config config() {
        sim_config cfg;
        cfg.seed = {3, 45, 12, 5};
        return cfg;
    }

    test::http_test_client client() { return test::http_test_client(sim.port()); }

    static boost::json::value body(const http_response& r) { return boost::json::parse(r.body()); }

    std::string login(test::http_test_client& c, std::string_view version = "v1") {
        auto r = c.post("/b1s/" + std::string(version) + "/Login",
                        R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
        EXPECT_EQ(r.result_int(), 200) << r.body();
        std::string id(body(r).at("SessionId").as_string());
        return "B1SESSION=" + id + "; ROUTEID=.node1";
    }

    http_response get(test::http_test_client& c, const std::string& cookie, std::string_view target,
                      std::string_view prefer = {}) {
        if (prefer.empty()) return c.get(target, {{"Cookie", cookie}});
        return c.get(target, {{"Cookie", cookie}, {"Prefer", prefer}});
    }

    http_response send(test::http_test_client& c, bhttp::verb method, const std::string& cookie,
                       std::string_view target, std::string payload = {}, test::header_list extra = {}) {
        test::http_request req{method, std::string(target), 11};
        req.set(bhttp::field::cookie, cookie);
        req.set(bhttp::field::content_type, "application/json");
        for (const auto& [k, v] : extra) req.set(k, v);
        req.body() = std::move(payload);
        return c.request(std::move(req));
    }

    http_response control(std::string_view target, std::string payload = "{}") {
        auto c = client();
        auto r = c.post(target, std::move(payload));
        EXPECT_EQ(r.result_int(), 200) << target << ": " << r.body();
        return r;
    }

    double in_stock(test::http_test_client& c, const std::string& cookie, std::string_view item) {
        auto r =
            get(c, cookie, "/b1s/v1/Items('" + std::string(item) + "')?$select=ItemWarehouseInfoCollection");
        auto item_body = body(r);
        for (const auto& w : item_body.at("ItemWarehouseInfoCollection").as_array())
            if (w.at("WarehouseCode") == "01") return w.at("InStock").to_number<double>();
        return -1;
    }

    std::ostringstream log_;
    simulator sim;
};

TEST_F(sap_sim, login_answers_with_both_cookies_exactly_as_service_layer) {
    auto c = client();
    auto r =
        c.post("/b1s/v2/Login", R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
    ASSERT_EQ(r.result_int(), 200);
    auto b = body(r).as_object();
    std::string id(b.at("SessionId").as_string());
    EXPECT_EQ(b.at("Version"), "1000191");
    EXPECT_EQ(b.at("SessionTimeout"), 30);
    EXPECT_NE(std::string(b.at("@odata.context").as_string()).find("$metadata#B1Sessions/$entity"),
              std::string::npos);
    std::vector<std::string> cookies;
    for (auto [it, end] = r.equal_range(bhttp::field::set_cookie); it != end; ++it)
        cookies.emplace_back(it->value());
    EXPECT_EQ(cookies,
              (std::vector<std::string>{"B1SESSION=" + id + ";HttpOnly;", "ROUTEID=.node1; path=/b1s"}));

    auto v1 =
        c.post("/b1s/v1/Login", R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
    EXPECT_TRUE(body(v1).as_object().contains("odata.metadata"));
}

TEST_F(sap_sim, wrong_credentials_and_lowercase_login_are_refused) {
    auto c = client();
    auto wrong =
        c.post("/b1s/v1/Login", R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"nope"})");
    EXPECT_EQ(wrong.result_int(), 401);
    EXPECT_EQ(body(wrong).at("error").at("code"), -304);
    auto lower =
        c.post("/b1s/v1/login", R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
    EXPECT_EQ(lower.result_int(), 401);
    EXPECT_EQ(body(lower).at("error").at("code"), 301);
    auto counters = body(client().get("/_control/counters"));
    EXPECT_EQ(counters.at("logins"), 0u);
    EXPECT_EQ(counters.at("failed_logins"), 1u);
}

TEST_F(sap_sim, missing_or_expired_session_is_401_with_301_in_each_versions_shape) {
    auto c = client();
    auto none = c.get("/b1s/v1/Orders");
    EXPECT_EQ(none.result_int(), 401);
    EXPECT_EQ(
        none.body(),
        R"({"error":{"code":301,"message":{"lang":"en-us","value":"Invalid session or session already timeout."}}})");
    std::string cookie = login(c, "v2");
    EXPECT_EQ(get(c, cookie, "/b1s/v2/Orders(1)").result_int(), 200);
    control("/_control/sessions/expire");
    auto expired = get(c, cookie, "/b1s/v2/Orders(1)");
    EXPECT_EQ(expired.result_int(), 401);
    EXPECT_EQ(expired.body(),
              R"({"error":{"code":"301","message":"Invalid session or session already timeout."}})");
}

TEST_F(sap_sim, the_idle_timeout_restarts_on_every_request) {
    test::manual_steady_clock clock;
    sim.state().set_session_clock(clock.fn());
    control("/_control/sessions/timeout", R"({"milliseconds":600})");
    auto c = client();
    std::string cookie = login(c);
    for (int i = 0; i < 3; ++i) {
        clock.advance(350ms);  // 1050 ms in all: alive only because each request restarts the clock
        EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)?$select=DocEntry").result_int(), 200) << i;
    }
    clock.advance(599ms);
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)?$select=DocEntry").result_int(), 200);
    clock.advance(600ms);
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)?$select=DocEntry").result_int(), 401);
}

TEST_F(sap_sim, quirks_give_the_string_shaped_v1_error_and_5002_for_a_dead_session) {
    control("/_control/quirks", R"({"v1_string_session_error":true,"session_error_as_5002":true})");
    auto c = client();
    auto get_v1 = c.get("/b1s/v1/Orders(1)", {{"Cookie", "B1SESSION=dead"}});
    EXPECT_EQ(get_v1.result_int(), 401);
    EXPECT_EQ(get_v1.body(),
              R"({"error":{"code":"301","message":"Invalid session or session already timeout."}})");
    auto post = c.post("/b1s/v1/DeliveryNotes", "{}", {{"Cookie", "B1SESSION=dead"}});
    EXPECT_EQ(post.result_int(), 400);
    EXPECT_EQ(body(post).at("error").at("code"), -5002);
    control("/_control/quirks", "{}");
    EXPECT_EQ(c.post("/b1s/v1/DeliveryNotes", "{}", {{"Cookie", "B1SESSION=dead"}}).result_int(), 401);
}

TEST_F(sap_sim, ping_needs_no_session) {
    auto r = client().get("/ping/");
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(body(r).at("message"), "pong");
    EXPECT_EQ(client().get("/ping/nope").result_int(), 404);
}

TEST_F(sap_sim, pages_through_orders_with_v1_next_links) {
    auto c = client();
    std::string cookie = login(c);
    auto first = get(c, cookie, "/b1s/v1/Orders?$select=DocEntry");
    EXPECT_EQ(body(first).at("value").as_array().size(), 20u);  // the default page size
    std::set<std::int64_t> seen;
    std::string next = "/b1s/v1/Orders?$select=DocEntry&$orderby=DocEntry";
    int pages = 0;
    while (!next.empty()) {
        auto r = get(c, cookie, next, "odata.maxpagesize=10");
        ASSERT_EQ(r.result_int(), 200) << r.body();
        EXPECT_EQ(r["Preference-Applied"], "odata.maxpagesize=10");
        auto b = body(r).as_object();
        for (const auto& o : b.at("value").as_array()) seen.insert(o.at("DocEntry").as_int64());
        next.clear();
        if (const auto* link = b.if_contains("odata.nextLink")) {
            next = std::string(link->as_string());
            EXPECT_TRUE(next.starts_with("/b1s/v1/Orders?$select=DocEntry&$orderby=DocEntry&$skip=")) << next;
        }
        ++pages;
    }
    EXPECT_EQ(pages, 5);
    EXPECT_EQ(seen.size(), 45u);
}

TEST_F(sap_sim, pages_through_orders_with_v2_relative_next_links) {
    auto c = client();
    std::string cookie = login(c, "v2");
    std::set<std::int64_t> seen;
    std::string next = "Orders?$select=DocEntry,UpdateDate&$filter=DocEntry%20gt%205";
    int pages = 0;
    while (!next.empty()) {
        auto r = get(c, cookie, "/b1s/v2/" + next, "odata.maxpagesize=7");
        ASSERT_EQ(r.result_int(), 200) << r.body();
        auto b = body(r).as_object();
        EXPECT_FALSE(b.contains("odata.nextLink"));
        for (const auto& o : b.at("value").as_array()) {
            seen.insert(o.at("DocEntry").as_int64());
            EXPECT_TRUE(std::string(o.at("UpdateDate").as_string()).ends_with("T00:00:00Z"));
        }
        next = b.contains("@odata.nextLink") ? std::string(b.at("@odata.nextLink").as_string()) : "";
        ++pages;
    }
    EXPECT_EQ(seen.size(), 40u);
    EXPECT_EQ(pages, 6);
}

TEST_F(sap_sim, filters_orders_changed_since_a_date) {
    control("/_control/clock", R"({"set":"2030-01-02T10:00:42Z"})");
    control("/_control/orders/change", R"({"DocEntry":3,"changes":{"Comments":"changed"}})");
    auto c = client();
    std::string cookie = login(c);
    auto r =
        get(c, cookie,
            "/b1s/v1/"
            "Orders?$filter=UpdateDate%20ge%20'2030-01-02'&$select=DocEntry,Comments,UpdateDate,UpdateTime");
    ASSERT_EQ(r.result_int(), 200) << r.body();
    EXPECT_EQ(
        body(r).at("value"),
        boost::json::parse(
            R"([{"DocEntry":3,"Comments":"changed","UpdateDate":"2030-01-02","UpdateTime":"10:00:42"}])"));
    // The seconds of the time do not count in a filter.
    auto same_minute = get(
        c, cookie,
        "/b1s/v1/Orders/$count?$filter=UpdateDate%20eq%20'2030-01-02'%20and%20UpdateTime%20ge%20'10:00:59'");
    EXPECT_EQ(same_minute.body(), "1");
    auto bad = get(c, cookie, "/b1s/v1/Orders?$filter=UpdateDat%20ge%20'2030-01-02'");
    EXPECT_EQ(bad.result_int(), 400);
    EXPECT_EQ(body(bad).at("error").at("code"), -1000);
}

TEST_F(sap_sim, a_delivery_reduces_stock_closes_the_order_and_its_cancellation_undoes_that) {
    auto created = body(control(
        "/_control/orders", R"({"CardCode":"C40010","DocumentLines":[{"ItemCode":"A00001","Quantity":4}]})"));
    std::string order = std::to_string(created.at("DocEntry").as_int64());
    auto c = client();
    std::string cookie = login(c, "v2");
    double before = in_stock(c, cookie, "A00001");
    auto posted =
        send(c, bhttp::verb::post, cookie, "/b1s/v2/DeliveryNotes",
             R"({"CardCode":"C40010","TrackingNumber":"1Z1","TransportationCode":3,"U_ShipmentId":"SHP-9",
                           "DocumentLines":[{"BaseType":17,"BaseEntry":)" +
                 order + R"(,"BaseLine":0,"Quantity":4}]})");
    ASSERT_EQ(posted.result_int(), 201) << posted.body();
    auto delivery = body(posted).as_object();
    std::string entry = std::to_string(delivery.at("DocEntry").as_int64());
    EXPECT_EQ(posted[bhttp::field::location].ends_with("/b1s/v2/DeliveryNotes(" + entry + ")"), true);
    EXPECT_EQ(in_stock(c, cookie, "A00001"), before - 4);
    auto o = body(get(c, cookie, "/b1s/v2/Orders(" + order + ")"));
    EXPECT_EQ(o.at("DocumentStatus"), "bost_Close");
    EXPECT_EQ(o.at("DocumentLines").at(0).at("RemainingOpenQuantity"), 0.0);
    auto found =
        get(c, cookie,
            "/b1s/v2/DeliveryNotes?$filter=U_ShipmentId%20eq%20'SHP-9'&$select=DocEntry,TrackingNumber");
    EXPECT_EQ(body(found).at("value").as_array().size(), 1u);

    auto cancel = send(c, bhttp::verb::post, cookie, "/b1s/v2/DeliveryNotes(" + entry + ")/Cancel");
    EXPECT_EQ(cancel.result_int(), 204);
    EXPECT_EQ(in_stock(c, cookie, "A00001"), before);
    EXPECT_EQ(body(get(c, cookie, "/b1s/v2/Orders(" + order + ")")).at("DocumentStatus"), "bost_Open");
}

TEST_F(sap_sim, each_numbering_series_counts_on_its_own_so_a_docnum_repeats_across_series) {
    auto c = client();
    std::string cookie = login(c, "v2");
    auto order_in = [&](std::string series_field) {
        auto r = send(c, bhttp::verb::post, cookie, "/b1s/v2/Orders",
                      R"({"CardCode":"C40010",)" + series_field +
                          R"("DocumentLines":[{"ItemCode":"A00001","Quantity":1}]})");
        EXPECT_EQ(r.result_int(), 201) << r.body();
        return body(r).as_object();
    };
    auto primary = order_in("");
    EXPECT_EQ(primary.at("Series"), 8);
    EXPECT_EQ(primary.at("DocNum"), 46);  // after the 45 seeded orders

    // A new year's series starts again at 1, and one an administrator set up continues where told to.
    auto next_year = order_in(R"("Series":21,)");
    EXPECT_EQ(next_year.at("Series"), 21);
    EXPECT_EQ(next_year.at("DocNum"), 1);
    control("/_control/series", R"({"Series":22,"NextNumber":46})");
    auto repeated = order_in(R"("Series":22,)");
    EXPECT_EQ(repeated.at("DocNum"), 46);
    EXPECT_EQ(order_in(R"("Series":22,)").at("DocNum"), 47);
    EXPECT_EQ(order_in("").at("DocNum"), 47);

    std::set<std::int64_t> entries;
    for (const auto* o : {&primary, &next_year, &repeated}) entries.insert(o->at("DocEntry").as_int64());
    EXPECT_EQ(entries.size(), 3u);  // DocEntry stays the key
    auto both =
        body(get(c, cookie, "/b1s/v2/Orders?$filter=DocNum%20eq%2046&$select=DocEntry,DocNum,Series"));
    EXPECT_EQ(both.at("value").as_array().size(), 2u);

    auto refused = client().post("/_control/series", R"({"Series":0,"NextNumber":5})");
    EXPECT_EQ(refused.result_int(), 400);
}

TEST_F(sap_sim, delivery_validations_answer_sap_errors) {
    auto created = body(control("/_control/orders", R"({"CardCode":"C40010","DocumentLines":[
        {"ItemCode":"A00001","Quantity":2},{"ItemCode":"A00004","Quantity":1}]})"));
    std::string base = R"({"BaseType":17,"BaseEntry":)" + std::to_string(created.at("DocEntry").as_int64());
    auto c = client();
    std::string cookie = login(c);
    auto post = [&](std::string card, std::string lines) {
        return send(c, bhttp::verb::post, cookie, "/b1s/v1/DeliveryNotes",
                    R"({"CardCode":")" + card + R"(","DocumentLines":[)" + lines + "]}");
    };
    auto mismatch = post("C40000", base + R"(,"BaseLine":0,"Quantity":1})");
    EXPECT_EQ(mismatch.result_int(), 400);
    EXPECT_EQ(body(mismatch).at("error").at("code"), -10);
    EXPECT_EQ(body(mismatch).at("error").at("message").at("value"),
              "Base document card and target document card do not match");
    auto too_much = post("C40010", base + R"(,"BaseLine":0,"Quantity":3})");
    EXPECT_EQ(body(too_much).at("error").at("code"), -5002);
    auto no_batch = post("C40010", base + R"(,"BaseLine":1,"Quantity":1})");
    EXPECT_EQ(body(no_batch).at("error").at("code"), -10);
    ASSERT_EQ(post("C40010", base + R"(,"BaseLine":0,"Quantity":2})").result_int(), 201);
    auto closed = post("C40010", base + R"(,"BaseLine":0,"Quantity":1})");
    EXPECT_EQ(body(closed).at("error").at("code"), -10);
    auto del = send(c, bhttp::verb::delete_, cookie, "/b1s/v1/Orders(1)");
    EXPECT_EQ(body(del).at("error").at("code"), -5006);
}

TEST_F(sap_sim, patch_is_a_differential_update_answered_with_204) {
    auto c = client();
    std::string cookie = login(c, "v2");
    auto before = body(get(c, cookie, "/b1s/v2/Orders(2)")).as_object();
    auto r = send(c, bhttp::verb::patch, cookie, "/b1s/v2/Orders(2)",
                  R"({"TrackingNumber":"1Z5","U_ShipStatus":"x"})");
    EXPECT_EQ(r.result_int(), 204) << r.body();
    auto over = send(c, bhttp::verb::post, cookie, "/b1s/v2/Orders(2)", R"({"Comments":"via override"})",
                     {{"X-HTTP-Method-Override", "PATCH"}});
    EXPECT_EQ(over.result_int(), 204) << over.body();
    auto after = body(get(c, cookie, "/b1s/v2/Orders(2)")).as_object();
    EXPECT_EQ(after.at("TrackingNumber"), "1Z5");
    EXPECT_EQ(after.at("Comments"), "via override");
    EXPECT_EQ(after.at("DocumentLines"), before.at("DocumentLines"));
    EXPECT_EQ(after.at("CardCode"), before.at("CardCode"));
    auto typo = send(c, bhttp::verb::patch, cookie, "/b1s/v2/Orders(2)", R"({"TrackingNo":"1"})");
    EXPECT_EQ(body(typo).at("error").at("code"), "-1000");
}

TEST_F(sap_sim, injected_failures_latency_and_commit_then_502_or_an_empty_500) {
    auto c = client();
    std::string cookie = login(c);
    control("/_control/faults", R"({"fail_count":2,"fail_status":503,"fail_path":"/Orders"})");
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Items('A00001')").result_int(), 200);
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)").result_int(), 503);
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)").result_int(), 503);
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)").result_int(), 200);

    control("/_control/faults", R"({"latency_ms":150})");
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(get(c, cookie, "/b1s/v1/Orders(1)").result_int(), 200);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);

    // A delivery of a new order's line, stamped in Comments; then how many deliveries carry the stamp.
    auto deliver_new_order = [&](const std::string& stamp) {
        auto created =
            body(control("/_control/orders",
                         R"({"CardCode":"C40000","DocumentLines":[{"ItemCode":"A00002","Quantity":1}]})"));
        return send(c, bhttp::verb::post, cookie, "/b1s/v1/DeliveryNotes",
                    R"({"CardCode":"C40000","Comments":")" + stamp +
                        R"(","DocumentLines":[{"BaseType":17,"BaseEntry":)" +
                        std::to_string(created.at("DocEntry").as_int64()) + R"(,"BaseLine":0}]})");
    };
    auto stamped = [&](const std::string& stamp) {
        auto found = get(c, cookie,
                         "/b1s/v1/DeliveryNotes?$filter=contains(Comments,'" + stamp + "')&$select=DocEntry");
        return body(found).at("value").as_array().size();
    };
    control("/_control/faults", R"({"commit_then_fail_count":1,"commit_then_fail_path":"DeliveryNotes"})");
    auto r = deliver_new_order("stamp-77");
    EXPECT_EQ(r.result_int(), 502);
    EXPECT_NE(r.body().find("Proxy Error"), std::string::npos);
    EXPECT_EQ(stamped("stamp-77"), 1u);  // it was committed all the same

    // The balancer's 500 has no body at all.
    control(
        "/_control/faults",
        R"({"commit_then_fail_count":1,"commit_then_fail_status":500,"commit_then_fail_path":"DeliveryNotes"})");
    auto empty = deliver_new_order("stamp-78");
    EXPECT_EQ(empty.result_int(), 500);
    EXPECT_TRUE(empty.body().empty()) << empty.body();
    EXPECT_EQ(empty[bhttp::field::content_length], "0");
    EXPECT_EQ(stamped("stamp-78"), 1u);

    auto counters = body(client().get("/_control/counters"));
    EXPECT_EQ(counters.at("logins"), 1u);
    EXPECT_EQ(counters.at("requests").at("GET /b1s/v1/Orders(1)"), 4u);  // 503, 503, 200, slow 200
}

TEST_F(sap_sim, sql_queries_are_stored_and_list_runs_the_batch_stock_query_page_by_page) {
    auto c = client();
    std::string cookie = login(c);
    auto missing = get(c, cookie, "/b1s/v1/SQLQueries('STOCK')");
    EXPECT_EQ(missing.result_int(), 404);
    EXPECT_EQ(body(missing).at("error").at("code"), -2028);
    auto no_text = send(c, bhttp::verb::post, cookie, "/b1s/v1/SQLQueries", R"({"SqlCode":"STOCK"})");
    EXPECT_EQ(no_text.result_int(), 400);
    EXPECT_EQ(body(no_text).at("error").at("code"), -1000);
    auto typo = send(c, bhttp::verb::post, cookie, "/b1s/v1/SQLQueries", R"({"SqlCode":"S","SqlTxt":"x"})");
    EXPECT_EQ(body(typo).at("error").at("code"), -1000);

    const std::string stock =
        R"({"SqlCode":"STOCK","SqlName":"stock","SqlText":"SELECT T0.\"ItemCode\" FROM OBTQ T0 INNER JOIN OBTN T1 ON T0.\"MdAbsEntry\" = T1.\"AbsEntry\" WHERE T0.\"ItemCode\" = :ItemCode AND T0.\"WhsCode\" = :WhsCode"})";
    auto created = send(c, bhttp::verb::post, cookie, "/b1s/v1/SQLQueries", stock);
    ASSERT_EQ(created.result_int(), 201) << created.body();
    EXPECT_NE(std::string(created[bhttp::field::location]).find("/b1s/v1/SQLQueries('STOCK')"),
              std::string::npos);
    auto twice = send(c, bhttp::verb::post, cookie, "/b1s/v1/SQLQueries", stock);
    EXPECT_EQ(twice.result_int(), 400);
    EXPECT_EQ(body(twice).at("error").at("code"), -10);
    auto stored = body(get(c, cookie, "/b1s/v2/SQLQueries('STOCK')"));
    EXPECT_NE(std::string(stored.at("SqlText").as_string()).find(":WhsCode"), std::string::npos);

    // The seed gave A00004 two batches in warehouse 01; two more with stock, one empty (not listed).
    control(
        "/_control/batches",
        R"({"ItemCode":"A00004","Batch":"N-1","WarehouseCode":"01","Quantity":4,"ExpirationDate":"2026-03-01"})");
    control(
        "/_control/batches",
        R"({"ItemCode":"A00004","Batch":"N-2","WarehouseCode":"01","Quantity":1,"Status":"bdsStatus_Locked"})");
    control("/_control/batches", R"({"ItemCode":"A00004","Batch":"N-3","WarehouseCode":"01","Quantity":0})");
    auto first = get(c, cookie, "/b1s/v1/SQLQueries('STOCK')/List?ItemCode='A00004'&WhsCode='01'",
                     "odata.maxpagesize=3");
    ASSERT_EQ(first.result_int(), 200) << first.body();
    auto page = body(first).as_object();
    EXPECT_NE(std::string(page.at("SqlText").as_string()).find("OBTQ"), std::string::npos);
    ASSERT_EQ(page.at("value").as_array().size(), 3u);
    std::string next(page.at("odata.nextLink").as_string());
    EXPECT_EQ(next, "/b1s/v1/SQLQueries('STOCK')/List?ItemCode='A00004'&WhsCode='01'&$skip=3");
    auto rest = body(get(c, cookie, next, "odata.maxpagesize=3")).as_object();
    ASSERT_EQ(rest.at("value").as_array().size(), 1u);
    EXPECT_FALSE(rest.contains("odata.nextLink"));
    std::map<std::string, boost::json::object> rows;
    for (const auto* p : {&page, &rest})
        for (const auto& r : p->at("value").as_array())
            rows[std::string(r.at("BatchNumber").as_string())] = r.as_object();
    ASSERT_TRUE(rows.contains("N-1") && rows.contains("N-2") && !rows.contains("N-3"));
    EXPECT_EQ(rows["N-1"].at("Available"), 4.0);
    EXPECT_EQ(rows["N-1"].at("ExpirationDate"), "2026-03-01");
    EXPECT_EQ(rows["N-1"].at("Status"), "0");
    EXPECT_EQ(rows["N-1"].at("WhsCode"), "01");
    EXPECT_EQ(rows["N-2"].at("Status"), "2");

    auto posted = send(c, bhttp::verb::post, cookie, "/b1s/v2/SQLQueries('STOCK')/List",
                       R"({"ParamList":"ItemCode='A00004'&WhsCode='01'"})");
    ASSERT_EQ(posted.result_int(), 200) << posted.body();
    auto v2 = body(posted).as_object();
    EXPECT_EQ(v2.at("value").as_array().size(), 4u);
    EXPECT_NE(std::string(v2.at("@odata.context").as_string()).find("SQLQueryResult"), std::string::npos);
    for (const auto& r : v2.at("value").as_array()) {
        if (r.at("BatchNumber") == "N-1") {
            EXPECT_EQ(r.at("ExpirationDate"), "2026-03-01T00:00:00Z");
        }
    }

    auto no_warehouse = get(c, cookie, "/b1s/v1/SQLQueries('STOCK')/List?ItemCode='A00004'");
    EXPECT_EQ(no_warehouse.result_int(), 400);
    EXPECT_NE(no_warehouse.body().find("WhsCode"), std::string::npos) << no_warehouse.body();
    EXPECT_EQ(get(c, cookie, "/b1s/v1/SQLQueries('NOPE')/List?ItemCode='A'&WhsCode='01'").result_int(), 404);
    send(c, bhttp::verb::post, cookie, "/b1s/v1/SQLQueries",
         R"({"SqlCode":"ITEMS","SqlText":"SELECT ItemCode FROM OITM"})");
    auto other = get(c, cookie, "/b1s/v1/SQLQueries('ITEMS')/List");
    EXPECT_EQ(other.result_int(), 400);
    EXPECT_NE(other.body().find("simulator runs only four query shapes"), std::string::npos) << other.body();
}

// An approval procedure on deliveries (reference §3.3, §7.1): the POST saves a draft and answers -2028 (or
// 204 with the draft's Location when no content is asked for); the draft is found by its stamp; approved, it
// becomes the delivery.
TEST_F(sap_sim, an_approval_procedure_turns_a_delivery_post_into_a_draft) {
    auto created = body(control(
        "/_control/orders", R"({"CardCode":"C40010","DocumentLines":[{"ItemCode":"A00001","Quantity":2}]})"));
    const std::string order = std::to_string(created.at("DocEntry").as_int64());
    control("/_control/company", R"({"deliveries_need_approval":true})");
    auto c = client();
    std::string cookie = login(c, "v2");
    const auto deliveries_before = body(get(c, cookie, "/b1s/v2/DeliveryNotes/$count")).as_int64();
    const std::string delivery = R"({"CardCode":"C40010","Comments":"ShipStation shipment 5 [SS-SHIP-5]",
        "DocumentLines":[{"BaseType":17,"BaseEntry":)" +
                                 order + R"(,"BaseLine":0,"Quantity":2}]})";
    auto posted = send(c, bhttp::verb::post, cookie, "/b1s/v2/DeliveryNotes", delivery);
    EXPECT_EQ(posted.result_int(), 400) << posted.body();
    EXPECT_EQ(body(posted).at("error").at("code"), "-2028");
    EXPECT_EQ(body(posted).at("error").at("message"), "No matching records found (ODBC -2028)");
    auto quiet = send(c, bhttp::verb::post, cookie, "/b1s/v2/DeliveryNotes", delivery,
                      {{"Prefer", "return-no-content"}});
    EXPECT_EQ(quiet.result_int(), 204);
    EXPECT_TRUE(std::string(quiet[bhttp::field::location]).ends_with("/b1s/v2/Drafts(2)"))
        << quiet[bhttp::field::location];
    EXPECT_EQ(body(get(c, cookie, "/b1s/v2/DeliveryNotes/$count")).as_int64(), deliveries_before);
    auto drafts = body(get(c, cookie,
                           "/b1s/v2/Drafts?$filter=DocObjectCode%20eq%20'oDeliveryNotes'%20and%20"
                           "contains(Comments,%20'[SS-SHIP-5]')&$select=DocEntry,DocumentLines"));
    ASSERT_EQ(drafts.at("value").as_array().size(), 2u);
    EXPECT_EQ(drafts.at("value").at(0).at("DocumentLines").at(0).at("BaseEntry").as_int64(),
              std::stoll(order));
    EXPECT_EQ(body(get(c, cookie, "/b1s/v2/Orders(" + order + ")")).at("DocumentStatus"), "bost_Open");

    control("/_control/drafts/reject", R"({"DocEntry":2})");
    auto approved = body(control("/_control/drafts/approve", R"({"DocEntry":1})"));
    const auto delivered = approved.at("DeliveryDocEntry").as_int64();
    auto d = body(get(c, cookie, "/b1s/v2/DeliveryNotes(" + std::to_string(delivered) + ")"));
    EXPECT_EQ(d.at("Comments"), "ShipStation shipment 5 [SS-SHIP-5]");
    EXPECT_EQ(body(get(c, cookie, "/b1s/v2/Orders(" + order + ")")).at("DocumentStatus"), "bost_Close");
    EXPECT_EQ(body(get(c, cookie, "/b1s/v2/Drafts/$count")).as_int64(), 0);
}

TEST_F(sap_sim, an_approval_answered_as_404_is_configurable) {
    auto created = body(control(
        "/_control/orders", R"({"CardCode":"C40010","DocumentLines":[{"ItemCode":"A00001","Quantity":1}]})"));
    control("/_control/company", R"({"deliveries_need_approval":true,"approval_status":404})");
    auto c = client();
    std::string cookie = login(c);
    auto posted = send(c, bhttp::verb::post, cookie, "/b1s/v1/DeliveryNotes",
                       R"({"CardCode":"C40010","DocumentLines":[{"BaseType":17,"BaseEntry":)" +
                           std::to_string(created.at("DocEntry").as_int64()) + R"(,"BaseLine":0}]})");
    EXPECT_EQ(posted.result_int(), 404);
    EXPECT_EQ(body(posted).at("error").at("code"), -2028);
    auto bad = client().post("/_control/company", R"({"approval_status":500})");
    EXPECT_EQ(bad.result_int(), 400);
}

TEST_F(sap_sim, closed_orders_can_be_made_read_only) {
    auto created = body(control(
        "/_control/orders", R"({"CardCode":"C40010","DocumentLines":[{"ItemCode":"A00001","Quantity":1}]})"));
    const std::string order = std::to_string(created.at("DocEntry").as_int64());
    control("/_control/orders/close", R"({"DocEntry":)" + order + "}");
    auto c = client();
    std::string cookie = login(c);
    const std::string target = "/b1s/v1/Orders(" + order + ")";
    EXPECT_EQ(send(c, bhttp::verb::patch, cookie, target, R"({"TrackingNumber":"1Z"})").result_int(), 204);
    control("/_control/company", R"({"closed_documents_read_only":true})");
    auto refused = send(c, bhttp::verb::patch, cookie, target, R"({"TrackingNumber":"1Z2"})");
    EXPECT_EQ(refused.result_int(), 400);
    EXPECT_EQ(body(refused).at("error").at("code"), -5002);
    EXPECT_EQ(body(get(c, cookie, target)).at("TrackingNumber"), "1Z");
}

}  // namespace
}  // namespace mlc::sim::sap
