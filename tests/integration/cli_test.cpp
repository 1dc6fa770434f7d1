// Integration tests of the ml-connector binary's commands: version, help, config, migrate, check, run.
#include "db/migration.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/test_env.hpp"

#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
using env_vars = std::map<std::string, std::string>;

// Each test gets a schema of its own in the test database; the binary is pointed at it with MLC_DB_SCHEMA.
class cli_test : public pg_schema_fixture {
protected:
    env_vars base_env() const {
        return {{"MLC_DATABASE_URL", test_database_url()},
                {"MLC_DB_SCHEMA", schema()},
                {"MLC_LOG_FORMAT", "json"}};
    }
    long long count(const std::string& table) const {
        return sql("SELECT count(*) FROM " + table)[0][0].as<long long>();
    }
    // base_env() with the simulator's URL and credentials.
    env_vars shipstation_env(const mlc::sim::shipstation::simulator& ss_sim) const {
        auto env = base_env();
        env["MLC_SHIPSTATION_URL"] = "http://127.0.0.1:" + std::to_string(ss_sim.port());
        env["MLC_SHIPSTATION_API_KEY"] = "ShipStation";
        env["MLC_SHIPSTATION_API_SECRET"] = "Rocks";
        return env;
    }
    // The finding `name` of `check --json` with `env` (a null object when it is not there).
    static boost::json::object finding(const env_vars& env, std::string_view name) {
        auto r = run_process(connector_binary(), {"check", "--json"}, env);
        auto doc = boost::json::parse(r.out);
        for (const auto& f : doc.at("findings").as_array())
            if (f.at("name").as_string() == name) return f.as_object();
        ADD_FAILURE() << "no " << name << " in " << r.out << r.err;
        return {};
    }
};

TEST(cli, version_and_help_need_no_configuration) {
    auto v = run_process(connector_binary(), {"version"}, {});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_TRUE(v.out.starts_with("ml-connector ")) << v.out;

    for (const char* cmd : {"run", "migrate", "check", "config", "version"}) {
        auto h = run_process(connector_binary(), {cmd, "--help"}, {});
        EXPECT_EQ(h.exit_code, 0) << cmd;
        EXPECT_NE(h.out.find(std::string("ml-connector ") + cmd), std::string::npos) << h.out;
    }
    auto overview = run_process(connector_binary(), {"--help"}, {});
    EXPECT_EQ(overview.exit_code, 0);
    EXPECT_NE(overview.out.find("commands:"), std::string::npos);

    auto bad = run_process(connector_binary(), {"serve"}, {});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("serve"), std::string::npos);
}

TEST(cli, invalid_configuration_names_every_bad_setting_and_exits_before_doing_anything) {
    auto r = run_process(connector_binary(), {"run"},
                         {{"MLC_HTTP_THREADS", "many"},
                          {"MLC_LOG_LEVEL", "loud"},
                          {"MLC_SHUTDOWN_GRACE", "5"},
                          {"MLC_LISTEN", "nowhere"},
                          {"MLC_ADMIN_TOKEN", "adm-SECRET-0-0123456789abcdef"}});
    EXPECT_EQ(r.exit_code, 2);
    for (const char* name :
         {"MLC_DATABASE_URL", "MLC_HTTP_THREADS", "MLC_LOG_LEVEL", "MLC_SHUTDOWN_GRACE", "MLC_LISTEN"})
        EXPECT_NE(r.err.find(name), std::string::npos) << name << " missing from: " << r.err;
    EXPECT_EQ(r.err.find("adm-SECRET-0-0123456789abcdef"), std::string::npos);
    EXPECT_EQ(r.err.find("service.started"), std::string::npos);
}

TEST(cli, config_prints_the_effective_configuration_with_secrets_redacted) {
    auto r = run_process(connector_binary(), {"config"},
                         {{"MLC_DATABASE_URL", "postgresql://mlc:db-SECRET-1@127.0.0.1:5432/mlc"},
                          {"MLC_ADMIN_TOKEN", "adm-SECRET-2-0123456789abcdef"},
                          {"MLC_WEBHOOK_TOKEN", "wh-SECRET-3-0123456789abcdef"},
                          {"MLC_SAP_URL", "https://127.0.0.1:50000/b1s/v1"},
                          {"MLC_SAP_COMPANY_DB", "SBODEMOUS"},
                          {"MLC_SAP_USERNAME", "manager"},
                          {"MLC_SAP_PASSWORD", "sap-SECRET-4"},
                          {"MLC_SHIPSTATION_API_KEY", "key"},
                          {"MLC_SHIPSTATION_API_SECRET", "ss-SECRET-5"},
                          {"MLC_LISTEN", "127.0.0.1:9090"}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* s : {"db-SECRET-1", "adm-SECRET-2-0123456789abcdef", "wh-SECRET-3-0123456789abcdef",
                          "sap-SECRET-4", "ss-SECRET-5"}) {
        EXPECT_EQ(r.out.find(s), std::string::npos) << s;
        EXPECT_EQ(r.err.find(s), std::string::npos) << s;
    }
    EXPECT_NE(r.out.find("<redacted>"), std::string::npos);
    EXPECT_NE(r.out.find("MLC_LISTEN=127.0.0.1:9090"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("127.0.0.1:5432/mlc"), std::string::npos)
        << "the URL minus its password stays readable";
}

TEST(cli, yaml_file_is_read_and_the_environment_overrides_it) {
    std::string path = ::testing::TempDir() + "mlc-cli-test.yaml";
    {
        std::ofstream yaml(path);
        yaml << "database:\n  url: postgresql://mlc@127.0.0.1/mlc\n  pool_size: 7\n"
                "http:\n  listen: 127.0.0.1:9191\n  idle_timeout: 90s\n";
    }
    auto r = run_process(connector_binary(), {"config", "--config", path}, {{"MLC_DB_POOL_SIZE", "9"}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("MLC_LISTEN=127.0.0.1:9191"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MLC_HTTP_IDLE_TIMEOUT=1m30s"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MLC_DB_POOL_SIZE=9"), std::string::npos) << "the environment wins: " << r.out;

    auto via_env = run_process(connector_binary(), {"config"}, {{"MLC_CONFIG", path}});
    EXPECT_EQ(via_env.exit_code, 0) << via_env.err;
    EXPECT_NE(via_env.out.find("MLC_DB_POOL_SIZE=7"), std::string::npos) << via_env.out;
    std::remove(path.c_str());

    auto missing = run_process(connector_binary(), {"run", "--config", path}, {});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find(path), std::string::npos) << missing.err;
}

TEST(cli, secrets_are_read_from_files_named_by_file_variables) {
    std::string path = ::testing::TempDir() + "mlc-cli-test-db-url";
    {
        std::ofstream file(path);
        file << "postgresql://mlc:db-FILE-SECRET-1@127.0.0.1:5432/mlc?sslpassword=key-FILE-SECRET-2\n";
    }
    auto r = run_process(connector_binary(), {"config"}, {{"MLC_DATABASE_URL_FILE", path}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.out.find("MLC_DATABASE_URL=postgresql://mlc:<redacted>@127.0.0.1:5432/mlc?sslpassword=<redacted>"),
        std::string::npos)
        << r.out;
    for (const char* s : {"db-FILE-SECRET-1", "key-FILE-SECRET-2"}) {
        EXPECT_EQ(r.out.find(s), std::string::npos) << s;
        EXPECT_EQ(r.err.find(s), std::string::npos) << s;
    }

    auto both =
        run_process(connector_binary(), {"config"},
                    {{"MLC_DATABASE_URL_FILE", path}, {"MLC_DATABASE_URL", "postgresql://mlc@h/mlc"}});
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_NE(both.err.find("MLC_DATABASE_URL and MLC_DATABASE_URL_FILE are both set"), std::string::npos)
        << both.err;
    std::remove(path.c_str());

    auto missing = run_process(connector_binary(), {"config"}, {{"MLC_DATABASE_URL_FILE", path}});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("MLC_DATABASE_URL_FILE: cannot read " + path), std::string::npos)
        << missing.err;
}

TEST_F(cli_test, migrate_connects_with_the_migration_url_when_it_is_set) {
    auto env = base_env();
    env["MLC_MIGRATE_DATABASE_URL"] = env["MLC_DATABASE_URL"];
    env["MLC_DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/nowhere";  // never used by migrate
    auto r = run_process(connector_binary(), {"migrate"}, env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count("schema_migrations"), static_cast<long long>(db::embedded_migrations().size()));
}

TEST_F(cli_test, two_processes_migrating_at_once_apply_each_migration_once) {
    child_process a(connector_binary(), {"migrate"}, base_env());
    child_process b(connector_binary(), {"migrate"}, base_env());
    auto code_a = a.wait_for_exit(60s);
    auto code_b = b.wait_for_exit(60s);
    ASSERT_TRUE(code_a && code_b);
    EXPECT_EQ(*code_a, 0) << a.stderr_text();
    EXPECT_EQ(*code_b, 0) << b.stderr_text();
    long long applied = count("schema_migrations");
    EXPECT_GE(applied, 4);

    auto again = run_process(connector_binary(), {"migrate"}, base_env());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(count("schema_migrations"), applied);
}

TEST_F(cli_test, migrate_creates_a_configured_schema_that_does_not_exist_yet) {
    auto env = base_env();
    env["MLC_DB_SCHEMA"] = schema() + "_fresh";
    auto r = run_process(connector_binary(), {"migrate"}, env);
    sql("DROP SCHEMA IF EXISTS " + schema() + "_fresh CASCADE");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("migration.done"), std::string::npos) << r.err;
}

TEST_F(cli_test, migrate_refuses_a_database_whose_applied_migration_changed) {
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    { sql("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1"); }
    auto r = run_process(connector_binary(), {"migrate"}, base_env());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("checksum"), std::string::npos) << r.err;
}

TEST_F(cli_test, check_reports_the_database_ok_or_fail) {
    auto before = run_process(connector_binary(), {"check"}, base_env());
    EXPECT_EQ(before.exit_code, 1) << "migrations are pending: " << before.out;
    EXPECT_NE(before.out.find("database"), std::string::npos);
    EXPECT_NE(before.out.find("FAIL"), std::string::npos);
    EXPECT_NE(before.out.find("\xe2\x86\x92 run `ml-connector migrate`"), std::string::npos) << before.out;

    // --json: one document for automation, the same verdict and the action beside the finding.
    auto json = run_process(connector_binary(), {"check", "--json"}, base_env());
    EXPECT_EQ(json.exit_code, 1);
    auto doc = boost::json::parse(json.out).as_object();
    EXPECT_FALSE(doc.at("ok").as_bool());
    const auto& first = doc.at("findings").as_array().at(0).as_object();
    EXPECT_EQ(first.at("name").as_string(), "database");
    EXPECT_EQ(first.at("state").as_string(), "FAIL");
    EXPECT_NE(std::string(first.at("action").as_string()).find("ml-connector migrate"), std::string::npos);

    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    auto ok = run_process(connector_binary(), {"check"}, base_env());
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("OK"), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("PostgreSQL 15"), std::string::npos) << ok.out;
    auto ok_json = boost::json::parse(run_process(connector_binary(), {"check", "--json"}, base_env()).out);
    EXPECT_TRUE(ok_json.at("ok").as_bool()) << ok_json;

    auto env = base_env();
    env["MLC_DATABASE_URL"] = "postgresql://mlc:pw-SECRET@127.0.0.1:1/mlc";  // nothing listens on port 1
    env["MLC_DB_CONNECT_TIMEOUT"] = "2s";
    auto down = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(down.exit_code, 1);
    EXPECT_NE(down.out.find("FAIL"), std::string::npos) << down.out;
    EXPECT_EQ(down.out.find("pw-SECRET"), std::string::npos);
    EXPECT_EQ(down.err.find("pw-SECRET"), std::string::npos);
}

// A multi-host MLC_DATABASE_URL (key=value form) naming the test server twice, plus `extra`.
std::string twice_the_test_server(pqxx::connection& c, const std::string& extra) {
    std::string host = c.hostname(), port = c.port();
    return "host=" + host + "," + host + " port=" + port + "," + port + " dbname=" + c.dbname() +
           " user=" + c.username() + " " + extra;
}

TEST_F(cli_test, check_fails_on_a_read_only_server_and_warns_on_hosts_without_a_write_target) {
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    auto conn = connect();
    auto env = base_env();

    env["MLC_DATABASE_URL"] = twice_the_test_server(*conn, "target_session_attrs=read-write");
    auto both = finding(env, "database");
    EXPECT_EQ(both.at("state").as_string(), "OK") << both;

    // What a standby looks like to a session that reached it: every transaction is read-only.
    env["MLC_DATABASE_URL"] = twice_the_test_server(*conn, "options='-c default_transaction_read_only=on'");
    auto standby = finding(env, "database");
    EXPECT_EQ(standby.at("state").as_string(), "FAIL") << standby;
    EXPECT_NE(std::string(standby.at("detail").as_string()).find("read-only"), std::string::npos) << standby;
    EXPECT_NE(std::string(standby.at("action").as_string()).find("target_session_attrs=read-write"),
              std::string::npos);

    env["MLC_DATABASE_URL"] = twice_the_test_server(*conn, "");
    auto no_target = finding(env, "database");
    EXPECT_EQ(no_target.at("state").as_string(), "WARN") << no_target;
    EXPECT_NE(std::string(no_target.at("action").as_string()).find("target_session_attrs=read-write"),
              std::string::npos);
    auto shown = run_process(connector_binary(), {"config"}, env);
    EXPECT_NE(shown.out.find("host=" + std::string(conn->hostname()) + ","), std::string::npos) << shown.out;
}

TEST_F(cli_test, check_reports_sap_when_configured) {
    std::ostringstream sim_log;
    mlc::sim::sap::simulator sap_sim(mlc::sim::sap::sim_config{}, sim_log);
    sap_sim.start();
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);

    auto unconfigured = run_process(connector_binary(), {"check"}, base_env());
    EXPECT_EQ(unconfigured.exit_code, 0) << unconfigured.out;
    EXPECT_NE(unconfigured.out.find("SKIP"), std::string::npos) << unconfigured.out;

    auto env = base_env();
    env["MLC_SAP_URL"] = sap_sim.service_root(mlc::sim::sap::api_version::v1);
    env["MLC_SAP_COMPANY_DB"] = "SBODEMOUS";
    env["MLC_SAP_USERNAME"] = "manager";
    env["MLC_SAP_PASSWORD"] = "manager";
    auto ok = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("company SBODEMOUS"), std::string::npos) << ok.out;

    env["MLC_SAP_PASSWORD"] = "wrong-SECRET-pw";
    auto refused = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_NE(refused.out.find("FAIL"), std::string::npos) << refused.out;
    EXPECT_EQ(refused.out.find("wrong-SECRET-pw"), std::string::npos);
    EXPECT_EQ(refused.err.find("wrong-SECRET-pw"), std::string::npos);
}

TEST_F(cli_test, check_reports_shipstation_when_configured) {
    mlc::sim::shipstation::simulator ss_sim(mlc::sim::shipstation::sim_config{});
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    auto env = shipstation_env(ss_sim);
    auto ok = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("shipstation"), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("rate limit"), std::string::npos) << ok.out;

    env["MLC_SHIPSTATION_API_SECRET"] = "wrong-SECRET-ss";
    auto refused = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_NE(refused.out.find("401"), std::string::npos) << refused.out;
    EXPECT_EQ(refused.out.find("wrong-SECRET-ss"), std::string::npos);
    EXPECT_EQ(refused.err.find("wrong-SECRET-ss"), std::string::npos);
}

TEST_F(cli_test, check_reports_the_shared_rate_budget_and_warns_on_a_process_scope_beside_other_replicas) {
    mlc::sim::shipstation::simulator ss_sim(mlc::sim::shipstation::sim_config{});
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    EXPECT_EQ(finding(base_env(), "shipstation rate budget").at("state"), "SKIP");
    auto env = shipstation_env(ss_sim);
    auto alone = finding(env, "shipstation rate budget");
    EXPECT_EQ(alone.at("state"), "OK") << alone;
    EXPECT_NE(std::string(alone.at("detail").as_string()).find("0 replicas seen"), std::string::npos)
        << alone;

    // Another replica on the same key (its bucket: "v1:" and 16 hex digits of the key's SHA-256) sent just
    // now.
    sql("INSERT INTO rate_budget_sends (bucket, sent_at, replica, priority) VALUES"
        " ('v1:' || left(encode(sha256('ShipStation'), 'hex'), 16), now(), 'replica-b', 2)");
    auto shared = finding(env, "shipstation rate budget");
    EXPECT_EQ(shared.at("state"), "OK") << shared;
    EXPECT_NE(std::string(shared.at("detail").as_string()).find("1 replica seen"), std::string::npos)
        << shared;
    EXPECT_EQ(count("rate_budget_sends"), 1);  // the check spent nothing

    env["MLC_SHIPSTATION_RATE_SCOPE"] = "process";
    auto doubled = finding(env, "shipstation rate budget");
    EXPECT_EQ(doubled.at("state"), "WARN") << doubled;
    EXPECT_NE(std::string(doubled.at("action").as_string()).find("MLC_SHIPSTATION_RATE_SCOPE=cluster"),
              std::string::npos)
        << doubled;
    sql("DELETE FROM rate_budget_sends");
    EXPECT_EQ(finding(env, "shipstation rate budget").at("state"), "OK");  // no other replica seen
}

TEST_F(cli_test, check_reports_the_public_urls_form) {
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    auto env = base_env();
    EXPECT_EQ(finding(env, "public url").at("state"), "SKIP");

    env["MLC_PUBLIC_URL"] = "https://connector.example.com";
    auto ok = finding(env, "public url");
    EXPECT_EQ(ok.at("state"), "OK") << ok;
    EXPECT_EQ(ok.at("detail"), "ShipStation will POST to https://connector.example.com/webhooks/shipstation");

    env["MLC_PUBLIC_URL"] = "http://connector.example.com";
    auto plain = finding(env, "public url");
    EXPECT_EQ(plain.at("state"), "WARN") << plain;
    EXPECT_NE(std::string(plain.at("detail").as_string()).find("clear text"), std::string::npos) << plain;
    EXPECT_NE(std::string(plain.at("action").as_string()).find("https://"), std::string::npos) << plain;
    auto text = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(text.exit_code, 0) << "a warning is no failure: " << text.out;
    EXPECT_NE(text.out.find("public url"), std::string::npos) << text.out;

    env["MLC_PUBLIC_URL"] = "https://connector.example.com/mlc/";
    auto prefixed = finding(env, "public url");
    EXPECT_EQ(prefixed.at("state"), "WARN") << prefixed;
    EXPECT_NE(std::string(prefixed.at("detail").as_string()).find("/mlc/webhooks/shipstation"),
              std::string::npos);
    EXPECT_NE(std::string(prefixed.at("action").as_string()).find("strip /mlc"), std::string::npos)
        << prefixed;

    env["MLC_PUBLIC_URL"] = "https://127.0.0.1:8443";
    EXPECT_EQ(finding(env, "public url").at("state"), "WARN");
}

TEST_F(cli_test, check_compares_the_shipstation_account_with_the_configuration) {
    mlc::sim::shipstation::simulator ss_sim(mlc::sim::shipstation::sim_config{});
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    auto env = shipstation_env(ss_sim);
    env["MLC_SHIPSTATION_STORE_ID"] = "424242";
    env["MLC_WAREHOUSE_MAP"] = "01=999";
    env["MLC_PUBLIC_URL"] = "https://connector.example.com";
    env["MLC_WEBHOOK_TOKEN"] = "hook-SECRET-9-0123456789abcdef";
    env["MLC_SHIPSTATION_RATE_LIMIT"] = "60";
    auto r = run_process(connector_binary(), {"check", "--json"}, env);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_EQ(r.out.find("hook-SECRET-9-0123456789abcdef"), std::string::npos);
    EXPECT_EQ(r.err.find("hook-SECRET-9-0123456789abcdef"), std::string::npos);
    std::map<std::string, std::string> states;
    const auto doc = boost::json::parse(r.out);
    for (const auto& f : doc.at("findings").as_array())
        states[std::string(f.at("name").as_string())] = std::string(f.at("state").as_string());
    EXPECT_EQ(states["shipstation"], "OK") << r.out;
    EXPECT_EQ(states["shipstation store"], "FAIL") << r.out;
    EXPECT_EQ(states["shipstation warehouses"], "FAIL") << r.out;
    EXPECT_EQ(states["shipstation webhook"], "WARN") << r.out;
    EXPECT_EQ(states["shipstation rate limit"], "WARN") << r.out;  // the simulator reports 40
}

TEST_F(cli_test, check_reports_the_v2_inventory_and_its_mapped_locations) {
    mlc::sim::shipstation::simulator ss_sim(mlc::sim::shipstation::sim_config{});
    ASSERT_EQ(run_process(connector_binary(), {"migrate"}, base_env()).exit_code, 0);
    auto env = base_env();
    env["MLC_SHIPSTATION_V2_URL"] = "http://127.0.0.1:" + std::to_string(ss_sim.port());
    env["MLC_SHIPSTATION_V2_API_KEY"] = "ShipStationV2";
    env["MLC_INVENTORY_LOCATION_MAP"] = "01=se-4567,02=se-4568";
    auto ok = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("every mapped one found"), std::string::npos) << ok.out;

    env["MLC_INVENTORY_LOCATION_MAP"] = "01=se-4567,02=se-9999";
    auto missing = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(missing.exit_code, 1) << missing.out;
    EXPECT_NE(missing.out.find("se-9999 (SAP warehouse 02)"), std::string::npos) << missing.out;

    // With SAP too, the warehouse journal: closed by default (a warning, not a failure), then opened.
    std::ostringstream sim_log;
    mlc::sim::sap::simulator sap_sim(mlc::sim::sap::sim_config{}, sim_log);
    sap_sim.start();
    env["MLC_INVENTORY_LOCATION_MAP"] = "01=se-4567";
    env["MLC_SAP_URL"] = sap_sim.service_root(mlc::sim::sap::api_version::v2);
    env["MLC_SAP_COMPANY_DB"] = "SBODEMOUS";
    env["MLC_SAP_USERNAME"] = "manager";
    env["MLC_SAP_PASSWORD"] = "manager";
    auto closed = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(closed.exit_code, 0) << closed.out << closed.err;
    EXPECT_NE(closed.out.find("WARN  stored SQL query refused"), std::string::npos) << closed.out;
    EXPECT_NE(closed.out.find("Table 'OINM' not accessible"), std::string::npos) << closed.out;
    EXPECT_NE(closed.out.find("b1s_sqltable.conf"), std::string::npos) << closed.out;
    sap_sim.state().with_store([](mlc::sim::sap::store& s, const mlc::sim::sap::sim_time&) {
        s.rules.journal_accessible = true;
        return 0;
    });
    auto open = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(open.exit_code, 0) << open.out << open.err;
    EXPECT_NE(open.out.find("OK    MLC_BATCH_STOCK runs"), std::string::npos) << open.out;
    EXPECT_NE(open.out.find("warehouse journal (OINM) readable"), std::string::npos) << open.out;

    env["MLC_SHIPSTATION_V2_API_KEY"] = "wrong-SECRET-v2";
    auto refused = run_process(connector_binary(), {"check"}, env);
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_EQ(refused.out.find("wrong-SECRET-v2"), std::string::npos);
    EXPECT_EQ(refused.err.find("wrong-SECRET-v2"), std::string::npos);
}

TEST_F(cli_test, run_migrates_serves_and_exits_zero_on_sigterm) {
    auto env = base_env();
    env["MLC_LISTEN"] = "127.0.0.1:0";
    env["MLC_SHUTDOWN_GRACE"] = "5s";
    child_process service(connector_binary(), {"run"}, env);
    ASSERT_TRUE(service.wait_for_stderr("service.started", 60s)) << service.stderr_text();
    EXPECT_GE(count("schema_migrations"), 4);
    service.send_signal(SIGTERM);
    auto code = service.wait_for_exit(30s);
    ASSERT_TRUE(code.has_value()) << "did not stop after SIGTERM";
    EXPECT_EQ(*code, 0) << service.stderr_text();
    EXPECT_NE(service.stderr_text().find("service.stopped"), std::string::npos);
}

}  // namespace
}  // namespace mlc::test
