// Integration tests of `ml-connector run` as operators see it: probes, metrics and admin over real HTTP.
#include "tests/support/child_process.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/test_env.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <memory>
#include <sstream>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace bhttp = boost::beast::http;

constexpr const char* admin_token = "adm-SECRET-token-1-0123456789abcdef";

// Runs the binary on 127.0.0.1:0 in this test's schema and finds its port in the service.started log line.
class service_test : public pg_schema_fixture {
protected:
    void start(std::map<std::string, std::string> extra = {}, std::vector<std::string> args = {"run"}) {
        std::map<std::string, std::string> env{{"MLC_DATABASE_URL", test_database_url()},
                                               {"MLC_DB_SCHEMA", schema()},
                                               {"MLC_LISTEN", "127.0.0.1:0"},
                                               {"MLC_LOG_FORMAT", "json"},
                                               {"MLC_ADMIN_TOKEN", admin_token},
                                               {"MLC_SHUTDOWN_GRACE", "5s"}};
        for (auto& [k, v] : extra) env[k] = v;
        service_ = std::make_unique<child_process>(connector_binary(), args, env);
        port_ = wait_for_listen_port(*service_, 60s);
        ASSERT_NE(port_, 0) << service_->stderr_text();
    }

    void TearDown() override {
        if (service_) {
            service_->send_signal(SIGTERM);
            auto code = service_->wait_for_exit(30s);
            EXPECT_EQ(code.value_or(-1), 0) << service_->stderr_text();
            service_.reset();
        }
        pg_schema_fixture::TearDown();
    }

    http_test_client client() const { return http_test_client(port_, 10s); }

    std::unique_ptr<child_process> service_;
    std::uint16_t port_ = 0;
};

TEST_F(service_test, health_and_readiness_after_migrating) {
    start();
    auto c = client();
    auto health = c.get("/healthz");
    EXPECT_EQ(health.result(), bhttp::status::ok);
    EXPECT_EQ(boost::json::parse(health.body()).at("status").as_string(), "ok");
    EXPECT_FALSE(health["X-Request-Id"].empty());

    auto ready = c.get("/readyz", {{"X-Request-Id", "probe-42"}});
    EXPECT_EQ(ready.result(), bhttp::status::ok) << ready.body();
    EXPECT_EQ(ready["X-Request-Id"], "probe-42");

    EXPECT_EQ(c.get("/nowhere").result(), bhttp::status::not_found);
    EXPECT_EQ(c.post("/healthz", "{}").result(), bhttp::status::method_not_allowed);
}

TEST_F(service_test, not_ready_until_migrated_then_ready_without_a_restart) {
    start({}, {"run", "--no-migrate"});
    auto c = client();
    auto before = c.get("/readyz");
    EXPECT_EQ(before.result(), bhttp::status::service_unavailable);
    EXPECT_NE(before.body().find("pending"), std::string::npos) << before.body();
    EXPECT_EQ(c.get("/healthz").result(), bhttp::status::ok) << "liveness does not depend on the database";

    auto migrate = run_process(connector_binary(), {"migrate"},
                               {{"MLC_DATABASE_URL", test_database_url()}, {"MLC_DB_SCHEMA", schema()}});
    ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
    EXPECT_EQ(c.get("/readyz").result(), bhttp::status::ok);
}

TEST_F(service_test, readiness_survives_the_database_dropping_its_connections) {
    start({{"MLC_DB_POOL_SIZE", "2"}});
    auto c = client();
    ASSERT_EQ(c.get("/readyz").result(), bhttp::status::ok);
    auto killed =
        sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'ml-connector' AND pid <> pg_backend_pid()");
    EXPECT_GE(killed[0][0].as<int>(), 1);
    EXPECT_EQ(c.get("/readyz").result(), bhttp::status::ok);
}

// A server that refuses writes (what a standby is to a session that reached it) is not ready, and says so.
TEST_F(service_test, not_ready_on_a_read_only_server) {
    auto migrate = run_process(connector_binary(), {"migrate"},
                               {{"MLC_DATABASE_URL", test_database_url()}, {"MLC_DB_SCHEMA", schema()}});
    ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
    std::string url = test_database_url();
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "options=-c%20default_transaction_read_only%3Don";
    start({{"MLC_DATABASE_URL", url}}, {"run", "--no-migrate"});
    auto ready = client().get("/readyz");
    EXPECT_EQ(ready.result(), bhttp::status::service_unavailable);
    EXPECT_NE(ready.body().find("database read-only"), std::string::npos) << ready.body();
}

TEST_F(service_test, metrics_show_build_http_pool_and_queue) {
    start();
    sql("INSERT INTO job_queue (kind, dedupe_key) VALUES ('test', 'a'), ('test', 'b')");
    auto c = client();
    ASSERT_EQ(c.get("/healthz").result(), bhttp::status::ok);
    std::string text;
    // The request counter is updated after the response is written, so give it a moment.
    for (int i = 0; i < 50; ++i) {
        text = c.get("/metrics").body();
        if (text.find("route=\"healthz\"") != std::string::npos) break;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_NE(text.find("mlc_build_info{"), std::string::npos);
    EXPECT_NE(text.find("mlc_process_uptime_seconds"), std::string::npos);
    EXPECT_NE(text.find("mlc_http_requests_total{"), std::string::npos);
    EXPECT_NE(text.find("route=\"healthz\""), std::string::npos) << text;
    EXPECT_NE(text.find("mlc_http_request_duration_seconds_bucket"), std::string::npos);
    EXPECT_NE(text.find("mlc_db_pool_size 16"), std::string::npos) << text;
    EXPECT_NE(text.find("mlc_db_up 1"), std::string::npos);
    EXPECT_NE(text.find("mlc_job_queue_jobs{state=\"queued\"} 2"), std::string::npos) << text;
    EXPECT_NE(text.find("mlc_job_queue_jobs{state=\"dead\"} 0"), std::string::npos) << text;
}

TEST_F(service_test, admin_config_needs_the_token_and_hides_secrets) {
    start({{"MLC_WEBHOOK_TOKEN", "wh-SECRET-2-0123456789abcdef"}});
    auto c = client();
    EXPECT_EQ(c.get("/admin/config").result(), bhttp::status::unauthorized);
    EXPECT_EQ(c.get("/admin/config", {{"Authorization", "Bearer wrong"}}).result(),
              bhttp::status::unauthorized);
    EXPECT_EQ(c.get("/admin/config", {{"Authorization", admin_token}}).result(), bhttp::status::unauthorized);

    auto ok = c.get("/admin/config", {{"Authorization", std::string("Bearer ") + admin_token}});
    ASSERT_EQ(ok.result(), bhttp::status::ok);
    EXPECT_NE(ok.body().find("MLC_LISTEN=127.0.0.1:0"), std::string::npos) << ok.body();
    EXPECT_EQ(ok.body().find(admin_token), std::string::npos);
    EXPECT_EQ(ok.body().find("wh-SECRET-2-0123456789abcdef"), std::string::npos);
    EXPECT_EQ(service_->stderr_text().find(admin_token), std::string::npos);
}

TEST_F(service_test, admin_endpoints_are_off_without_a_token) {
    start({{"MLC_ADMIN_TOKEN", ""}});
    auto c = client();
    auto res = c.get("/admin/config", {{"Authorization", "Bearer "}});
    EXPECT_EQ(res.result(), bhttp::status::forbidden);
    EXPECT_NE(res.body().find("MLC_ADMIN_TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace mlc::test
