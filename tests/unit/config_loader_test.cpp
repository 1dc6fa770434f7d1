// Unit tests for the configuration loader: defaults, file and environment, validation, secrets, warnings.
#include "common/config_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>
#include <vector>

namespace mlc {
namespace {

using std::chrono::milliseconds;

constexpr const char* db_password = "dbpass-9f8e7d";
constexpr const char* database_url = "postgresql://app:dbpass-9f8e7d@db:5432/app";

env_map with_database(env_map env = {}) {
    env.emplace("MLC_DATABASE_URL", database_url);
    return env;
}

loaded_config loaded(const env_map& env, std::string_view yaml = "") {
    auto r = load_config(env, yaml, "test.yaml");
    EXPECT_TRUE(r.has_value()) << (r ? "" : format_errors(r.error()));
    return r ? *r : loaded_config{};
}

std::vector<std::string> errors_of(const env_map& env, std::string_view yaml = "") {
    auto r = load_config(env, yaml, "test.yaml");
    EXPECT_FALSE(r.has_value()) << "loaded without errors";
    return r ? std::vector<std::string>{} : r.error().messages;
}

// The one error of a configuration that has exactly one problem.
std::string only_error(const env_map& env, std::string_view yaml = "") {
    auto errors = errors_of(env, yaml);
    EXPECT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
    return errors.empty() ? std::string() : errors.front();
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

bool any_contains(const std::vector<std::string>& texts, std::string_view part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return contains(t, part); });
}

TEST(config_loader, defaults_when_only_the_database_is_set) {
    auto l = loaded(with_database());
    const app_config defaults;
    EXPECT_EQ(l.config.database.url.reveal(), database_url);
    EXPECT_EQ(l.config.database.pool_size, defaults.database.pool_size);
    EXPECT_EQ(l.config.http.listen_host, "0.0.0.0");
    EXPECT_EQ(l.config.http.listen_port, 8080);
    EXPECT_EQ(l.config.http.header_limit, 16u * 1024);
    EXPECT_EQ(l.config.log.level, log_level::info);
    EXPECT_EQ(l.config.log.format, log_format::json);
    EXPECT_EQ(l.config.shutdown_grace, milliseconds(20'000));
    EXPECT_EQ(l.config.shipstation.url, "https://ssapi.shipstation.com");
    EXPECT_EQ(l.config.shipstation.rate_limit, 40u);
    EXPECT_FALSE(l.config.shipstation.store_id.has_value());
    EXPECT_EQ(l.config.flow.reconcile_interval, milliseconds(900'000));
    EXPECT_EQ(l.config.shipments.delivery_lease, milliseconds(60'000));
    EXPECT_TRUE(l.warnings.empty());
    EXPECT_EQ(l.sources.at("MLC_DATABASE_URL"), setting_source::environment);
    EXPECT_EQ(l.sources.at("MLC_LISTEN"), setting_source::default_value);
}

TEST(config_loader, database_url_is_required) {
    EXPECT_TRUE(contains(only_error({}), "MLC_DATABASE_URL (database.url) is required"));
}

TEST(config_loader, file_sets_values_and_the_environment_overrides_it) {
    constexpr std::string_view yaml = R"(
database:
  url: postgresql://file@db/app
  pool_size: 8
  statement_timeout: 1m30s
http:
  listen: "[::]:9000"
  body_limit: 2MiB
log:
  level: debug
  format: text
shutdown_grace: 5s
)";
    auto l = loaded({{"MLC_DB_POOL_SIZE", "16"}, {"MLC_LOG_FORMAT", "json"}}, yaml);
    EXPECT_EQ(l.config.database.url.reveal(), "postgresql://file@db/app");
    EXPECT_EQ(l.config.database.pool_size, 16u);
    EXPECT_EQ(l.config.database.statement_timeout, milliseconds(90'000));
    EXPECT_EQ(l.config.http.listen_host, "::");
    EXPECT_EQ(l.config.http.listen_port, 9000);
    EXPECT_EQ(l.config.http.body_limit, 2u * 1024 * 1024);
    EXPECT_EQ(l.config.log.level, log_level::debug);
    EXPECT_EQ(l.config.log.format, log_format::json);
    EXPECT_EQ(l.config.shutdown_grace, milliseconds(5'000));
    EXPECT_EQ(l.sources.at("MLC_DB_POOL_SIZE"), setting_source::environment);
    EXPECT_EQ(l.sources.at("MLC_LOG_LEVEL"), setting_source::file);
    EXPECT_EQ(l.sources.at("MLC_HTTP_THREADS"), setting_source::default_value);
    EXPECT_TRUE(l.warnings.empty());
}

TEST(config_loader, an_empty_value_counts_as_unset) {
    auto l = loaded(with_database({{"MLC_LOG_LEVEL", ""}, {"MLC_DB_SCHEMA", ""}}), "log: {level: warn}\n");
    EXPECT_EQ(l.config.log.level, log_level::warn);
    EXPECT_EQ(l.sources.at("MLC_LOG_LEVEL"), setting_source::file);
    EXPECT_EQ(l.sources.at("MLC_DB_SCHEMA"), setting_source::default_value);
}

TEST(config_loader, every_problem_is_reported_in_one_go) {
    env_map env{{"MLC_DB_POOL_SIZE", "70"},      {"MLC_HTTP_THREADS", "many"},
                {"MLC_HTTP_READ_TIMEOUT", "10"}, {"MLC_LOG_LEVEL", "verbose"},
                {"MLC_LISTEN", "8080"},          {"MLC_SHIPSTATION_URL", "ftp://x"},
                {"MLC_HTTP_BODY_LIMIT", "1GB"},  {"MLC_SAP_TLS_VERIFY", "maybe"}};
    auto errors = errors_of(env, "http:\n  max_connections: 0\n");
    EXPECT_EQ(errors.size(), 10u) << ::testing::PrintToString(errors);
    EXPECT_TRUE(any_contains(errors, "MLC_DATABASE_URL (database.url) is required"));
    EXPECT_TRUE(any_contains(errors, R"(MLC_DB_POOL_SIZE: must be between 1 and 64 (got "70"))"));
    EXPECT_TRUE(any_contains(errors, R"(MLC_HTTP_THREADS: not a whole number (got "many"))"));
    EXPECT_TRUE(any_contains(errors, "MLC_HTTP_READ_TIMEOUT: missing unit"));
    EXPECT_TRUE(any_contains(errors, "MLC_LOG_LEVEL: expected one of: debug, info, warn, error"));
    EXPECT_TRUE(any_contains(errors, "MLC_LISTEN: missing :port"));
    EXPECT_TRUE(any_contains(errors, "MLC_SHIPSTATION_URL: must be an http:// or https:// URL"));
    EXPECT_TRUE(any_contains(errors, "MLC_HTTP_BODY_LIMIT: not a size"));
    EXPECT_TRUE(any_contains(errors, "MLC_SAP_TLS_VERIFY: expected one of: true, false, 1, 0, yes, no"));
    EXPECT_TRUE(
        any_contains(errors, "http.max_connections in test.yaml line 2: must be between 1 and 100000"));
}

TEST(config_loader, format_errors_names_every_problem) {
    auto r = load_config({{"MLC_DB_POOL_SIZE", "0"}}, "", "");
    ASSERT_FALSE(r.has_value());
    std::string text = format_errors(r.error());
    EXPECT_TRUE(text.starts_with("invalid configuration (2 problems):\n"));
    EXPECT_TRUE(contains(text, "\n  MLC_DB_POOL_SIZE: must be between 1 and 64"));
    EXPECT_TRUE(contains(text, "\n  MLC_DATABASE_URL (database.url) is required\n"));
}

TEST(config_loader, ranges_are_enforced_at_both_ends) {
    struct range_case {
        const char* name;
        const char* lowest;
        const char* highest;
        const char* below;
        const char* above;
    };
    for (auto c : {range_case{"MLC_DB_POOL_SIZE", "1", "64", "0", "65"},
                   range_case{"MLC_HTTP_THREADS", "0", "256", "-1", "257"},
                   range_case{"MLC_HTTP_MAX_CONNECTIONS", "1", "100000", "0", "100001"},
                   range_case{"MLC_HTTP_MAX_CONNECTIONS_PER_IP", "0", "100000", "-1", "100001"},
                   range_case{"MLC_SAP_PAGE_SIZE", "1", "1000", "0", "1001"},
                   range_case{"MLC_SHIPSTATION_RATE_LIMIT", "1", "10000", "0", "10001"}}) {
        loaded(with_database({{c.name, c.lowest}}));
        loaded(with_database({{c.name, c.highest}}));
        EXPECT_TRUE(contains(only_error(with_database({{c.name, c.below}})), "must be between")) << c.name;
        EXPECT_TRUE(contains(only_error(with_database({{c.name, c.above}})), "must be between")) << c.name;
    }
}

TEST(config_loader, the_management_listener_is_off_unless_set) {
    auto off = loaded(with_database());
    EXPECT_FALSE(off.config.http.management_listen);
    EXPECT_EQ(off.config.http.max_connections_per_ip, 64u);
    EXPECT_EQ(off.config.http.handler_timeout, std::chrono::seconds(30));
    auto on =
        loaded(with_database({{"MLC_MANAGEMENT_LISTEN", "[::1]:9090"}, {"MLC_HTTP_HANDLER_TIMEOUT", "5s"}}));
    ASSERT_TRUE(on.config.http.management_listen);
    EXPECT_EQ(on.config.http.management_listen->host, "::1");
    EXPECT_EQ(on.config.http.management_listen->port, 9090);
    EXPECT_EQ(on.config.http.handler_timeout, std::chrono::seconds(5));
    EXPECT_TRUE(contains(describe_config(on), "MLC_MANAGEMENT_LISTEN=[::1]:9090  # environment"));
    EXPECT_TRUE(contains(only_error(with_database({{"MLC_MANAGEMENT_LISTEN", "9090"}})), "missing :port"));
    EXPECT_TRUE(contains(only_error(with_database({{"MLC_HTTP_HANDLER_TIMEOUT", "0s"}})), "greater than 0"));
}

TEST(config_loader, store_id_is_a_positive_integer) {
    EXPECT_EQ(loaded(with_database({{"MLC_SHIPSTATION_STORE_ID", "123456"}})).config.shipstation.store_id,
              123456);
    EXPECT_TRUE(
        contains(only_error(with_database({{"MLC_SHIPSTATION_STORE_ID", "0"}})), "must be at least 1"));
    EXPECT_TRUE(
        contains(only_error(with_database({{"MLC_SHIPSTATION_STORE_ID", "12ab"}})), "not a whole number"));
}

TEST(config_loader, durations_must_be_positive) {
    EXPECT_TRUE(
        contains(only_error(with_database({{"MLC_SHUTDOWN_GRACE", "0s"}})), "must be greater than 0"));
    EXPECT_EQ(loaded(with_database({{"MLC_POLL_INTERVAL", "500ms"}})).config.flow.poll_interval,
              milliseconds(500));
    EXPECT_EQ(loaded(with_database({{"MLC_DELIVERY_LEASE", "90s"}})).config.shipments.delivery_lease,
              milliseconds(90'000));
    EXPECT_TRUE(
        contains(only_error(with_database({{"MLC_DELIVERY_LEASE", "0s"}})), "must be greater than 0"));
}

TEST(config_loader, webhook_bounds) {
    const auto defaults = loaded(with_database({})).config.shipments;
    EXPECT_EQ(defaults.webhook_max_pages, 20u);
    EXPECT_EQ(defaults.webhook_intake_per_minute, 600u);
    auto set =
        loaded(with_database({{"MLC_WEBHOOK_MAX_PAGES", "3"}, {"MLC_WEBHOOK_INTAKE_PER_MINUTE", "60"}}));
    EXPECT_EQ(set.config.shipments.webhook_max_pages, 3u);
    EXPECT_EQ(set.config.shipments.webhook_intake_per_minute, 60u);
    EXPECT_TRUE(contains(only_error(with_database({{"MLC_WEBHOOK_MAX_PAGES", "0"}})), "must be between 1"));
    EXPECT_TRUE(
        contains(only_error(with_database({{"MLC_WEBHOOK_INTAKE_PER_MINUTE", "-1"}})), "must be between 1"));
}

TEST(config_loader, listen_addresses) {
    struct listen_case {
        const char* text;
        const char* host;
        std::uint16_t port;
    };
    for (auto c : {listen_case{"0.0.0.0:8080", "0.0.0.0", 8080}, listen_case{"[::]:8080", "::", 8080},
                   listen_case{"[::1]:0", "::1", 0}, listen_case{"localhost:65535", "localhost", 65535},
                   listen_case{"[2001:db8::7]:443", "2001:db8::7", 443}}) {
        auto l = loaded(with_database({{"MLC_LISTEN", c.text}}));
        EXPECT_EQ(l.config.http.listen_host, c.host) << c.text;
        EXPECT_EQ(l.config.http.listen_port, c.port) << c.text;
        EXPECT_TRUE(contains(describe_config(l), std::string("MLC_LISTEN=") + c.text + "  # environment"));
    }
    for (auto [text, reason] : std::vector<std::pair<const char*, const char*>>{
             {"8080", "missing :port"},
             {":8080", "missing host"},
             {"::1:8080", "an IPv6 address goes in brackets"},
             {"[::1]8080", "missing :port after the IPv6 address"},
             {"[::1:8080", "missing ']'"},
             {"[zz::1]:80", "not an IPv6 address"},
             {"my host:80", "not a host name"},
             {"host:70000", "port must be between 0 and 65535"},
             {"host:", "port not a whole number"},
             {"host:http", "port not a whole number"}}) {
        EXPECT_TRUE(contains(only_error(with_database({{"MLC_LISTEN", text}})), reason)) << text;
    }
}

TEST(config_loader, sizes_in_bytes_kib_and_mib) {
    auto l = loaded(with_database({{"MLC_HTTP_HEADER_LIMIT", "8000"}, {"MLC_HTTP_BODY_LIMIT", "64KiB"}}));
    EXPECT_EQ(l.config.http.header_limit, 8000u);
    EXPECT_EQ(l.config.http.body_limit, 64u * 1024);
    EXPECT_EQ(loaded(with_database({{"MLC_HTTP_BODY_LIMIT", "3MiB"}})).config.http.body_limit,
              3u * 1024 * 1024);
    for (auto text : {"16KB", "16 KiB", "KiB", "-1", "1.5MiB", "16kib"}) {
        EXPECT_TRUE(contains(only_error(with_database({{"MLC_HTTP_BODY_LIMIT", text}})), "not a size"))
            << text;
    }
    EXPECT_TRUE(contains(only_error(with_database({{"MLC_HTTP_BODY_LIMIT", "0KiB"}})), "greater than 0"));
    EXPECT_TRUE(
        contains(only_error(with_database({{"MLC_HTTP_BODY_LIMIT", "99999999999999999999"}})), "too large"));
}

TEST(config_loader, booleans) {
    for (auto [text, value] : std::vector<std::pair<const char*, bool>>{{"true", true},
                                                                        {"false", false},
                                                                        {"1", true},
                                                                        {"0", false},
                                                                        {"yes", true},
                                                                        {"no", false},
                                                                        {"TRUE", true},
                                                                        {"No", false}}) {
        EXPECT_EQ(loaded(with_database({{"MLC_SAP_TLS_VERIFY", text}})).config.sap.tls_verify, value) << text;
    }
    auto l = loaded(with_database(), "sap:\n  tls_verify: no\n");
    EXPECT_FALSE(l.config.sap.tls_verify);
}

TEST(config_loader, sap_settings_go_together) {
    auto errors = errors_of(with_database({{"MLC_SAP_URL", "https://sap:50000/b1s/v1"}}));
    EXPECT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
    EXPECT_TRUE(
        any_contains(errors, "MLC_SAP_COMPANY_DB (sap.company_db) is required when MLC_SAP_URL is set"));
    EXPECT_TRUE(any_contains(errors, "MLC_SAP_USERNAME (sap.username) is required when MLC_SAP_URL is set"));
    EXPECT_TRUE(any_contains(errors, "MLC_SAP_PASSWORD (sap.password) is required when MLC_SAP_URL is set"));

    auto without_url = errors_of(with_database({{"MLC_SAP_USERNAME", "manager"}}));
    EXPECT_EQ(without_url.size(), 3u) << ::testing::PrintToString(without_url);
    EXPECT_TRUE(any_contains(without_url, "MLC_SAP_URL (sap.url) is required when MLC_SAP_USERNAME is set"));
}

TEST(config_loader, complete_sap_settings_with_a_ca_file_and_no_verification) {
    auto l = loaded(with_database({{"MLC_SAP_URL", "https://sap:50000/b1s/v1"},
                                   {"MLC_SAP_COMPANY_DB", "SBODEMOUS"},
                                   {"MLC_SAP_USERNAME", "manager"},
                                   {"MLC_SAP_PASSWORD", "sap-pw"},
                                   {"MLC_SAP_TLS_VERIFY", "false"},
                                   {"MLC_SAP_CA_FILE", "/etc/ssl/sap.pem"}}));
    EXPECT_EQ(l.config.sap.company_db, "SBODEMOUS");
    EXPECT_EQ(l.config.sap.password.reveal(), "sap-pw");
    EXPECT_FALSE(l.config.sap.tls_verify);
    EXPECT_EQ(l.config.sap.ca_file, "/etc/ssl/sap.pem");
}

TEST(config_loader, shipstation_key_and_secret_go_together) {
    EXPECT_TRUE(contains(only_error(with_database({{"MLC_SHIPSTATION_API_KEY", "key"}})),
                         "MLC_SHIPSTATION_API_SECRET (shipstation.api_secret) is required"));
}

TEST(config_loader, urls_must_be_http_or_https) {
    EXPECT_EQ(
        loaded(with_database({{"MLC_PUBLIC_URL", "http://connector.example:8080/"}})).config.flow.public_url,
        "http://connector.example:8080/");
    for (auto text : {"connector.example", "ftp://x/y", "https://", "https://exa mple"}) {
        EXPECT_TRUE(contains(only_error(with_database({{"MLC_PUBLIC_URL", text}})), "MLC_PUBLIC_URL: "))
            << text;
    }
}

TEST(config_loader, secret_values_never_appear_in_errors) {
    constexpr const char* not_a_url = "hunter2-plain-password";
    auto env_error = only_error({{"MLC_DATABASE_URL", not_a_url}});
    EXPECT_TRUE(contains(env_error, "MLC_DATABASE_URL: not a PostgreSQL connection string"));
    EXPECT_FALSE(contains(env_error, "hunter2"));

    auto r = load_config({}, "database:\n  url: hunter2-plain-password\n", "test.yaml");
    ASSERT_FALSE(r.has_value());
    std::string text = format_errors(r.error());
    EXPECT_TRUE(contains(text, "database.url in test.yaml line 2: not a PostgreSQL connection string"));
    EXPECT_FALSE(contains(text, "hunter2"));
}

TEST(config_loader, describe_config_shows_values_and_sources_but_no_secret) {
    auto l = loaded(with_database({{"MLC_ADMIN_TOKEN", "admin-tok-1a2b-0123456789abcdef"},
                                   {"MLC_SAP_URL", "https://sap:50000/b1s/v1"},
                                   {"MLC_SAP_COMPANY_DB", "SBODEMOUS"},
                                   {"MLC_SAP_USERNAME", "manager"},
                                   {"MLC_SAP_PASSWORD", "sap-pw-3c4d"},
                                   {"MLC_SHIPSTATION_API_KEY", "ss-key"},
                                   {"MLC_SHIPSTATION_API_SECRET", "ss-secret-5e6f"}}),
                    "http:\n  threads: 3\n");
    std::string text = describe_config(l);
    for (auto secret_value :
         {db_password, "admin-tok-1a2b-0123456789abcdef", "sap-pw-3c4d", "ss-secret-5e6f"}) {
        EXPECT_FALSE(contains(text, secret_value)) << secret_value;
    }
    EXPECT_TRUE(contains(text, "MLC_DATABASE_URL=postgresql://app:<redacted>@db:5432/app  # environment\n"));
    EXPECT_TRUE(contains(text, "MLC_ADMIN_TOKEN=<redacted>  # environment\n"));
    EXPECT_TRUE(contains(text, "MLC_WEBHOOK_TOKEN=  # default\n"));
    EXPECT_TRUE(contains(text, "MLC_SHIPSTATION_API_KEY=ss-key  # environment\n"));
    EXPECT_TRUE(contains(text, "MLC_HTTP_THREADS=3  # file\n"));
    EXPECT_TRUE(contains(text, "MLC_SHUTDOWN_GRACE=20s  # default\n"));
    EXPECT_TRUE(contains(text, "MLC_HTTP_BODY_LIMIT=1MiB  # default\n"));
}

TEST(config_loader, unknown_variables_and_keys_are_warnings) {
    constexpr std::string_view yaml = R"(database:
  pool_sise: 3
mappings:
  warehouses: {01: main}
"": /etc/other.yaml
)";
    auto l = loaded(with_database({{"MLC_LOG_LEVL", "debug"}, {"MLC_TEST_DATABASE_URL", "x"}}), yaml);
    EXPECT_EQ(l.warnings.size(), 4u) << ::testing::PrintToString(l.warnings);
    EXPECT_TRUE(any_contains(l.warnings, "unknown environment variable MLC_LOG_LEVL"));
    EXPECT_TRUE(any_contains(l.warnings, "database.pool_sise in test.yaml line 2: unknown key"));
    EXPECT_TRUE(any_contains(l.warnings, "mappings in test.yaml line 3: unknown key"));
    EXPECT_TRUE(any_contains(l.warnings, " in test.yaml line 5: unknown key"));
    EXPECT_FALSE(any_contains(l.warnings, "MLC_TEST_"));
    EXPECT_TRUE(l.config.config_file.empty());
}

TEST(config_loader, yaml_syntax_error_is_one_error_with_file_and_line) {
    auto r = load_config({}, "database:\n  url: x\n  pool_size: [1, 2\n", "/etc/mlc/config.yaml");
    ASSERT_FALSE(r.has_value());
    ASSERT_EQ(r.error().messages.size(), 1u) << format_errors(r.error());
    EXPECT_TRUE(contains(r.error().messages.front(), "/etc/mlc/config.yaml: YAML syntax error at line "));
}

TEST(config_loader, yaml_of_the_wrong_shape_is_an_error) {
    auto errors = errors_of(with_database(),
                            "http: [1, 2]\nlog:\n  level: {a: [1]}\norders:\n  warehouses: [a, [b]]\n");
    EXPECT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
    EXPECT_TRUE(any_contains(errors, "http in test.yaml line 1: expected a mapping of settings"));
    EXPECT_TRUE(any_contains(errors, "log.level in test.yaml line 3: a mapping may hold only single values"));
    EXPECT_TRUE(
        any_contains(errors, "orders.warehouses in test.yaml line 5: a list may hold only single values"));
    EXPECT_TRUE(
        contains(only_error(with_database(), "- a\n- b\n"), "expected a mapping of settings at the top"));
    EXPECT_TRUE(
        contains(only_error(with_database(), "log: {level: info, level: debug}\n"), "more than once"));
}

TEST(config_loader, config_file_comes_from_mlc_config) {
    auto l = loaded(with_database({{"MLC_CONFIG", "/etc/mlc.yaml"}}));
    EXPECT_EQ(l.config.config_file, "/etc/mlc.yaml");
    EXPECT_EQ(l.sources.at("MLC_CONFIG"), setting_source::environment);
}

TEST(config_loader, load_config_from_without_a_file_reads_only_the_environment) {
    auto r = load_config_from(with_database({{"MLC_LOG_LEVEL", "error"}}), "");
    ASSERT_TRUE(r.has_value()) << format_errors(r.error());
    const loaded_config& l = *r;
    EXPECT_EQ(l.config.log.level, log_level::error);
    EXPECT_TRUE(l.config.config_file.empty());
}

TEST(config_loader, environment_from_keeps_only_mlc_variables) {
    std::string a = "MLC_LISTEN=[::]:80", b = "PATH=/usr/bin", c = "MLC_DATABASE_URL=host=db password=x=y",
                d = "MLC_NO_EQUALS";
    char* entries[] = {a.data(), b.data(), c.data(), d.data(), nullptr};
    env_map env = environment_from(entries);
    EXPECT_EQ(env, (env_map{{"MLC_LISTEN", "[::]:80"}, {"MLC_DATABASE_URL", "host=db password=x=y"}}));
    EXPECT_TRUE(environment_from(nullptr).empty());
}

TEST(config_loader, yaml_lists_and_mappings_feed_list_and_map_settings) {
    auto r = load_config(with_database(),
                         "orders:\n  series: [12, 14]\n  warehouses:\n    - '01'\n    - WH-2\n"
                         "  warehouse_map:\n    '01': 12345\n    WH-2: 678\n  flag: U_Ship=Y\n",
                         "test.yaml");
    ASSERT_TRUE(r.has_value()) << format_errors(r.error());
    const auto& o = r->config.orders;
    EXPECT_EQ(o.series, (std::vector<int>{12, 14}));
    EXPECT_EQ(o.warehouses, (std::vector<std::string>{"01", "WH-2"}));
    ASSERT_EQ(o.warehouse_map.size(), 2u);
    EXPECT_EQ(o.warehouse_map[0], (std::pair<std::string, std::int64_t>{"01", 12345}));
    EXPECT_EQ(o.warehouse_map[1], (std::pair<std::string, std::int64_t>{"WH-2", 678}));
    EXPECT_EQ(o.flag_field, "U_Ship");
    EXPECT_EQ(o.flag_value, "Y");
}

TEST(config_loader, orders_settings_from_the_environment_are_checked) {
    auto env = with_database();
    env["MLC_WAREHOUSE_MAP"] = "01=12345, 02 = 7";
    env["MLC_STREET_NUMBER_FIRST"] = "us, de";
    env["MLC_SYNC_SINCE"] = "2026-02-28";
    env["MLC_SAP_TIME_ZONE"] = "Europe/Berlin";
    auto r = load_config(env, "", "");
    ASSERT_TRUE(r.has_value()) << format_errors(r.error());
    EXPECT_EQ(r->config.orders.warehouse_map.size(), 2u);
    EXPECT_EQ(r->config.orders.street_number_first, (std::vector<std::string>{"US", "DE"}));
    ASSERT_TRUE(r->config.flow.sync_since);
    EXPECT_EQ(*r->config.flow.sync_since, std::chrono::sys_days(std::chrono::year(2026) / 2 / 28));
    EXPECT_EQ(r->config.sap.time_zone, "Europe/Berlin");
    ASSERT_EQ(r->config.shipstation.resource_origins.size(), 1u);  // the default
    EXPECT_EQ(r->config.shipstation.resource_origins[0].text, "https://ssapi*.shipstation.com");
    env["MLC_WEBHOOK_ALLOWED_ORIGINS"] = "none";
    EXPECT_TRUE(load_config(env, "", "")->config.shipstation.resource_origins.empty());
    env["MLC_WEBHOOK_ALLOWED_ORIGINS"] = "https://ssapi*.shipstation.com, http://10.0.0.5:8090";
    EXPECT_EQ(load_config(env, "", "")->config.shipstation.resource_origins.size(), 2u);

    for (auto [name, value, message] :
         std::initializer_list<std::tuple<const char*, const char*, const char*>>{
             {"MLC_WAREHOUSE_MAP", "01", "key=value"},
             {"MLC_WAREHOUSE_MAP", "01=x", "warehouseId of 01"},
             {"MLC_WAREHOUSE_MAP", "01=1,01=2", "twice"},
             {"MLC_STREET_NUMBER_FIRST", "USA", "two-letter"},
             {"MLC_SYNC_SINCE", "2026-02-30", "YYYY-MM-DD"},
             {"MLC_SAP_TIME_ZONE", "Mars/Olympus", "time zone"},
             {"MLC_ORDER_FLAG", "U_Ship", "FIELD=VALUE"},
             {"MLC_ORDER_FLAG", "U Ship=Y", "field name"},
             {"MLC_CUSTOM_FIELD_1", "U_X;DROP", "field name"},
             {"MLC_ORDER_SERIES", "12,,14", "empty item"},
             {"MLC_ORDER_BATCH_SIZE", "101", "100"},
             {"MLC_POLL_SCHEDULE", "*/5 6-19 * *", "field"},
             {"MLC_WEBHOOK_ALLOWED_ORIGINS", "https://ok.example.com, ssapi.shipstation.com",
              "scheme://host"}}) {
        auto bad = with_database();
        bad[name] = value;
        auto e = load_config(bad, "", "");
        ASSERT_FALSE(e.has_value()) << name << "=" << value;
        EXPECT_TRUE(contains(format_errors(e.error()), message))
            << name << "=" << value << ": " << format_errors(e.error());
    }
}

TEST(config_loader, batch_rule_and_serial_options_are_checked) {
    const auto defaults = loaded(with_database()).config.shipments;
    EXPECT_EQ(defaults.batches, batch_rule::fefo);
    EXPECT_EQ(defaults.serial_options,
              (std::vector<std::string>{"Serial Number", "Serial Numbers", "Serial", "SN"}));

    auto env = with_database();
    env["MLC_BATCH_RULE"] = "FAIL";
    auto from_env = loaded(env, "shipments:\n  serial_options: [IMEI, 'Serial No']\n").config.shipments;
    EXPECT_EQ(from_env.batches, batch_rule::fail);
    EXPECT_EQ(from_env.serial_options, (std::vector<std::string>{"IMEI", "Serial No"}));

    env["MLC_BATCH_RULE"] = "lifo";
    EXPECT_TRUE(contains(only_error(env), "expected one of: fifo, fefo, fail"));
    auto bad_list = with_database();
    bad_list["MLC_SERIAL_OPTIONS"] = "SN,,IMEI";
    EXPECT_TRUE(contains(only_error(bad_list), "empty item"));
}

}  // namespace
}  // namespace mlc
