// POST /webhooks/shipstation in the running service: the token, the payload checks, the body limit, the
// resource_url origin check, storage in the inbox before 200, duplicates, and 503 when it cannot be stored.
#include "tests/support/child_process.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/test_env.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <memory>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace bhttp = boost::beast::http;

constexpr const char* webhook_token =
    "wh-TOKEN-5e9a-0123456789abcdef/+ok";  // '/' and '+' must survive URL encoding
constexpr const char* encoded_token = "wh-TOKEN-5e9a-0123456789abcdef%2F%2Bok";

class webhook_receiver_test : public pg_schema_fixture {
protected:
    void start(std::map<std::string, std::string> extra = {}) {
        std::map<std::string, std::string> env{{"MLC_DATABASE_URL", test_database_url()},
                                               {"MLC_DB_SCHEMA", schema()},
                                               {"MLC_LISTEN", "127.0.0.1:0"},
                                               {"MLC_LOG_FORMAT", "json"},
                                               {"MLC_WEBHOOK_TOKEN", webhook_token},
                                               {"MLC_SHIPSTATION_URL", "http://127.0.0.1:8090"},
                                               {"MLC_SHUTDOWN_GRACE", "5s"}};
        for (auto& [k, v] : extra) env[k] = v;
        service_ = std::make_unique<child_process>(connector_binary(), std::vector<std::string>{"run"}, env);
        port_ = wait_for_listen_port(*service_, 60s);
        ASSERT_NE(port_, 0) << service_->stderr_text();
    }

    void TearDown() override {
        if (service_) {
            service_->send_signal(SIGTERM);
            EXPECT_EQ(service_->wait_for_exit(30s).value_or(-1), 0) << service_->stderr_text();
        }
        pg_schema_fixture::TearDown();
    }

    http_response post(const std::string& body, const std::string& token = encoded_token) {
        http_test_client c(port_, 10s);
        return c.post("/webhooks/shipstation?token=" + token, body, {{"Content-Type", "application/json"}});
    }

    static std::string payload(const std::string& url, const std::string& type = "SHIP_NOTIFY") {
        return boost::json::serialize(boost::json::object{{"resource_url", url}, {"resource_type", type}});
    }

    int count(const std::string& where) { return sql("SELECT count(*) FROM " + where)[0][0].as<int>(); }

    std::unique_ptr<child_process> service_;
    std::uint16_t port_ = 0;
};

TEST_F(webhook_receiver_test, a_valid_notification_is_stored_before_200_and_a_repeat_is_stored_once) {
    start();
    const auto body =
        payload("https://ssapi.shipstation.com/shipments?storeID=12&batchId=987&includeShipmentItems=False");
    auto res = post(body);
    ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
    auto answer = boost::json::parse(res.body());
    EXPECT_EQ(answer.at("received"), true);
    EXPECT_EQ(answer.at("duplicate"), false);

    auto rows = sql("SELECT source, event_type, resource_url, payload, state FROM webhook_inbox");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as<std::string>(), "shipstation");
    EXPECT_EQ(rows[0][1].as<std::string>(), "SHIP_NOTIFY");
    EXPECT_EQ(rows[0][3].as<std::string>(), body);  // exactly as received
    EXPECT_EQ(rows[0][4].as<std::string>(), "received");
    EXPECT_EQ(count("audit_log WHERE entity_type = 'shipstation_webhook' AND action = 'webhook_received'"),
              1);

    auto again = post(body);
    ASSERT_EQ(again.result(), bhttp::status::ok);
    EXPECT_EQ(boost::json::parse(again.body()).at("duplicate"), true);
    EXPECT_EQ(count("webhook_inbox"), 1);
    // Its fetch is queued in the same transaction, once, ahead of bulk work.
    EXPECT_EQ(
        count("job_queue WHERE kind = 'fetch_shipstation_resource' AND state = 'queued' AND priority > 0"),
        1);

    int batch = 1;
    for (const char* type : {"ORDER_NOTIFY", "ITEM_ORDER_NOTIFY", "ITEM_SHIP_NOTIFY", "FULFILLMENT_SHIPPED",
                             "FULFILLMENT_REJECTED"}) {
        auto url = "https://ssapi.shipstation.com/shipments?batchId=" + std::to_string(++batch);
        EXPECT_EQ(post(payload(url, type)).result(), bhttp::status::ok) << type;
    }
    EXPECT_EQ(count("webhook_inbox"), 6);
    // No flow reads /orders: an ORDER_NOTIFY's resource_url is kept as rejected, with the reason.
    auto orders =
        post(payload("https://ssapi.shipstation.com/orders?storeID=1&importBatch=abc", "ORDER_NOTIFY"));
    EXPECT_EQ(orders.result(), bhttp::status::bad_request);
    EXPECT_NE(orders.body().find("does not read"), std::string::npos) << orders.body();
    EXPECT_EQ(count("webhook_inbox WHERE state = 'rejected'"), 1);
    // The token never reaches the log.
    EXPECT_EQ(service_->stderr_text().find("wh-TOKEN"), std::string::npos);
}

TEST_F(webhook_receiver_test, a_wrong_or_missing_token_is_401_and_nothing_is_stored) {
    start();
    const auto body = payload("https://ssapi.shipstation.com/shipments?batchId=1");
    EXPECT_EQ(post(body, "wrong").result(), bhttp::status::unauthorized);
    EXPECT_EQ(post(body, "").result(), bhttp::status::unauthorized);
    EXPECT_EQ(post(body, "wh-TOKEN-5e9a-0123456789abcdef/+o").result(),
              bhttp::status::unauthorized);  // a prefix is not enough
    http_test_client c(port_, 10s);
    EXPECT_EQ(c.post("/webhooks/shipstation", body).result(), bhttp::status::unauthorized);
    EXPECT_EQ(count("webhook_inbox"), 0);
}

TEST_F(webhook_receiver_test, without_a_configured_token_every_notification_is_refused) {
    start({{"MLC_WEBHOOK_TOKEN", ""}});
    EXPECT_EQ(post(payload("https://ssapi.shipstation.com/shipments"), "").result(),
              bhttp::status::unauthorized);
    EXPECT_EQ(count("webhook_inbox"), 0);
}

TEST_F(webhook_receiver_test, malformed_bodies_get_400_with_the_reason_and_are_audited) {
    start();
    struct bad_case {
        std::string body;
        std::string reason;
    };
    for (const auto& [body, reason] : std::vector<bad_case>{
             {"not json", "not JSON"},
             {"[1,2]", "not a JSON object"},
             {R"({"resource_type":"SHIP_NOTIFY"})", "resource_url is missing"},
             {R"({"resource_url":5,"resource_type":"SHIP_NOTIFY"})",
              "resource_url is missing or not a string"},
             {R"({"resource_url":"https://ssapi.shipstation.com/shipments"})", "resource_type is missing"},
             {payload("https://ssapi.shipstation.com/shipments", "SHIPMENT_CREATED_V2"),
              "not a ShipStation V1"},
             {std::string("{\"resource_url\":\"\xff\xfe\",\"resource_type\":\"SHIP_NOTIFY\"}"),
              "not JSON"}}) {
        auto res = post(body);
        EXPECT_EQ(res.result(), bhttp::status::bad_request) << body;
        EXPECT_NE(res.body().find(reason), std::string::npos) << body << " -> " << res.body();
    }
    EXPECT_EQ(count("webhook_inbox"), 0);
    EXPECT_EQ(count("audit_log WHERE action = 'webhook_rejected' AND outcome = 'failed'"), 7);
}

TEST_F(webhook_receiver_test, a_body_over_64_kib_is_413_and_a_refused_one_is_stored_cut_to_4_kib) {
    start();
    std::string big = payload("https://ssapi.shipstation.com/shipments?x=" + std::string(70 * 1024, 'a'));
    EXPECT_EQ(post(big).result(), bhttp::status::payload_too_large);
    // A two-byte character straddles the cut at 4096 (17 bytes of JSON and 42 of URL come before the a's):
    // what is stored stays valid UTF-8, or PostgreSQL would refuse it and the answer would be 503.
    std::string fits = payload("https://ssapi.shipstation.com/shipments?x=" + std::string(4036, 'a') +
                               "\u00e9\u00e9" + std::string(56 * 1024, 'a'));
    ASSERT_EQ(fits.substr(4095, 2), "\u00e9");
    auto res = post(fits);
    EXPECT_EQ(res.result(), bhttp::status::bad_request) << res.body();
    auto rows =
        sql("SELECT length(payload), octet_length(payload), payload, octet_length(resource_url), state"
            " FROM webhook_inbox");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_LE(rows[0][1].as<int>(), 4096 + 64);
    EXPECT_NE(
        rows[0][2].as<std::string>().find("[truncated, " + std::to_string(fits.size()) + " bytes in all]"),
        std::string::npos);
    EXPECT_LE(rows[0][3].as<int>(), 512 + 64);
    EXPECT_EQ(rows[0][4].as<std::string>(), "rejected");
    // The same body again is the same row: duplicates are found by the whole body.
    EXPECT_EQ(post(fits).result(), bhttp::status::bad_request);
    EXPECT_EQ(count("webhook_inbox"), 1);
}

TEST_F(webhook_receiver_test, a_resource_url_off_the_allowed_origins_is_recorded_refused_and_never_fetched) {
    start();
    for (const char* url :
         {"https://evil.example/shipments?batchId=1", "https://ssapi.shipstation.com.evil.example/shipments",
          "https://evil.example@ssapi.shipstation.com/shipments", "http://ssapi.shipstation.com/shipments",
          "ftp://ssapi.shipstation.com/shipments", "https://ssapi.shipstation.com:8443/shipments",
          "http://169.254.169.254/latest/meta-data", "http://127.0.0.1:8091/shipments", "/shipments"}) {
        auto res = post(payload(url));
        EXPECT_EQ(res.result(), bhttp::status::bad_request) << url;
        EXPECT_NE(res.body().find("resource_url "), std::string::npos) << res.body();
    }
    EXPECT_EQ(count("webhook_inbox WHERE state = 'rejected'"), 9);
    EXPECT_EQ(count("job_queue"), 0);  // never fetched
    EXPECT_EQ(count("audit_log WHERE action = 'webhook_rejected'"), 9);
    // The default allow-list and MLC_SHIPSTATION_URL's own origin (in another case).
    for (const char* url :
         {"https://ssapi2.shipstation.com/shipments?batchId=2", "HTTP://127.0.0.1:8090/shipments",
          "https://SSAPI.shipstation.com/shipments?batchId=3"})
        EXPECT_EQ(post(payload(url)).result(), bhttp::status::ok) << url;
    EXPECT_EQ(count("webhook_inbox WHERE state = 'received'"), 3);
}

// Issue 15's hostile resource_urls: each is refused with its reason, stored as rejected, never fetched.
TEST_F(webhook_receiver_test, hostile_resource_urls_are_refused_with_a_reason) {
    start();
    struct hostile {
        std::string url;
        std::string reason;
    };
    const std::string api = "https://ssapi.shipstation.com";
    for (const auto& [url, reason] : std::vector<hostile>{
             {api + "/%2e%2e/admin/config", "percent-encoded"},
             {api + "/shipments%2F..%2Forders", "percent-encoded"},
             {api + "/x/%2E%2E/shipments", "percent-encoded"},
             {"https://evil.example%2F@ssapi.shipstation.com/shipments", "'@'"},
             {"https://ssapi.shipstation.com@evil.example/shipments", "'@'"},
             {"https://ssapi.shipstation.com\\@evil.example/shipments", "'@'"},
             {api + "\\..\\shipments", "'@'"},
             {"https://ssapi.shipstation.com./shipments", "ending in '.'"},
             {api + "/orders?storeID=1", "does not read"},
             {api + "/webhooks", "does not read"},
             {api + "/shipments/createlabel", "does not read"},
             {api + "/shipments?batchId=1&orderNumber=x", "does not send"},
         }) {
        auto res = post(payload(url));
        EXPECT_EQ(res.result(), bhttp::status::bad_request) << url;
        EXPECT_NE(res.body().find(reason), std::string::npos) << url << " -> " << res.body();
    }
    EXPECT_EQ(count("webhook_inbox WHERE state = 'rejected' AND error LIKE 'resource_url %'"), 12);
    EXPECT_EQ(count("job_queue"), 0);
    auto health = http_test_client(port_, 10s).get("/healthz");
    EXPECT_EQ(health.result(), bhttp::status::ok);
}

TEST_F(webhook_receiver_test, tokens_with_a_trailing_space_another_case_or_given_twice_are_401) {
    start();
    const auto body = payload("https://ssapi.shipstation.com/shipments?batchId=77");
    for (const std::string& token :
         {std::string(encoded_token) + "%20", std::string(encoded_token) + "+",
          std::string("WH-TOKEN-5e9a%2F%2Bok"), std::string("wh-token-5e9a%2F%2Bok"),
          std::string(encoded_token) + "&token=" + encoded_token, std::string("wrong&token=") + encoded_token,
          std::string(encoded_token) + "&token=wrong", std::string("%20") + encoded_token})
        EXPECT_EQ(post(body, token).result(), bhttp::status::unauthorized) << token;
    EXPECT_EQ(count("webhook_inbox"), 0);
    EXPECT_EQ(post(body).result(), bhttp::status::ok);
}

TEST_F(webhook_receiver_test, payloads_beyond_the_per_minute_cap_of_an_address_get_429_and_are_counted) {
    start({{"MLC_WEBHOOK_INTAKE_PER_MINUTE", "3"}});
    for (int i = 1; i <= 3; ++i) {
        auto url = "https://ssapi.shipstation.com/shipments?batchId=" + std::to_string(i);
        EXPECT_EQ(post(payload(url)).result(), bhttp::status::ok) << i;
    }
    auto refused = post(payload("https://ssapi.shipstation.com/shipments?batchId=4"));
    EXPECT_EQ(refused.result(), bhttp::status::too_many_requests) << refused.body();
    const auto header = refused[bhttp::field::retry_after];
    auto retry_after = std::stoi(std::string(header.data(), header.size()));
    EXPECT_GE(retry_after, 1);
    EXPECT_LE(retry_after, 60);
    EXPECT_EQ(count("webhook_inbox"), 3);  // nothing stored beyond the cap
    // A wrong token is refused before it counts.
    EXPECT_EQ(post(payload("https://ssapi.shipstation.com/shipments?batchId=5"), "wrong").result(),
              bhttp::status::unauthorized);
    auto metrics = http_test_client(port_, 10s).get("/metrics");
    EXPECT_NE(metrics.body().find("mlc_webhook_intake_limited_total 1"), std::string::npos) << metrics.body();
}

TEST_F(webhook_receiver_test, the_allow_list_is_configurable) {
    start({{"MLC_WEBHOOK_ALLOWED_ORIGINS", "none"}});
    EXPECT_EQ(post(payload("https://ssapi2.shipstation.com/shipments")).result(), bhttp::status::bad_request);
    EXPECT_EQ(post(payload("http://127.0.0.1:8090/shipments")).result(), bhttp::status::ok);
}

TEST_F(webhook_receiver_test, when_the_inbox_cannot_store_it_the_answer_is_503_so_shipstation_retries) {
    start();
    const auto body = payload("https://ssapi.shipstation.com/shipments?batchId=55");
    sql("ALTER TABLE webhook_inbox RENAME TO webhook_inbox_away");
    auto res = post(body);
    EXPECT_EQ(res.result(), bhttp::status::service_unavailable) << res.body();
    sql("ALTER TABLE webhook_inbox_away RENAME TO webhook_inbox");
    EXPECT_EQ(post(body).result(), bhttp::status::ok);
    EXPECT_EQ(count("webhook_inbox"), 1);
}

}  // namespace
}  // namespace mlc::test
