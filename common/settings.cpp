// The one table of every setting, binding each environment variable and YAML path to its config field.
#include "common/settings.hpp"

#include "common/cron_schedule.hpp"
#include "common/duration.hpp"
#include "common/redact.hpp"
#include "common/setting_parsers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace mlc {

namespace {

using apply_result = boost::system::result<void, std::string>;

constexpr std::array<named_value<log_level>, 4> log_levels{{{"debug", log_level::debug},
                                                            {"info", log_level::info},
                                                            {"warn", log_level::warn},
                                                            {"error", log_level::error}}};
constexpr std::array<named_value<bool>, 2> void_policies{{{"flag", false}, {"cancel", true}}};
constexpr std::array<named_value<batch_rule>, 3> batch_rules{
    {{"fifo", batch_rule::fifo}, {"fefo", batch_rule::fefo}, {"fail", batch_rule::fail}}};
constexpr std::array<named_value<weight_unit>, 3> weight_units{
    {{"ounces", weight_unit::ounces}, {"pounds", weight_unit::pounds}, {"grams", weight_unit::grams}}};
constexpr std::array<named_value<dimension_unit>, 2> dimension_units{
    {{"inches", dimension_unit::inches}, {"centimeters", dimension_unit::centimeters}}};
constexpr std::array<named_value<stock_quantity>, 2> stock_quantities{
    {{"available", stock_quantity::available}, {"in_stock", stock_quantity::in_stock}}};
constexpr std::array<named_value<rate_scope>, 2> rate_scopes{
    {{"cluster", rate_scope::cluster}, {"process", rate_scope::process}}};
constexpr std::array<named_value<log_format>, 2> log_formats{
    {{"json", log_format::json}, {"text", log_format::text}}};

template <class Target, class Parsed>
apply_result set_parsed(Target& target, const parse_result<Parsed>& parsed) {
    if (!parsed) return parsed.error();
    target = static_cast<Target>(*parsed);
    return {};
}

apply_result set_text(std::string& target, std::string_view text) {
    target = text;
    return {};
}

apply_result set_checked(std::string& target, std::string_view text, const check_result& check) {
    if (!check) return check.error();
    target = text;
    return {};
}

apply_result set_secret(secret& target, std::string_view text, const check_result& check = {}) {
    if (!check) return check.error();
    target = secret(std::string(text));
    return {};
}

// Every configured duration is a timeout or an interval, for which zero would mean "never" or "spin".
parse_result<std::chrono::milliseconds> positive_duration(std::string_view text) {
    auto parsed = parse_duration(text);
    if (parsed && parsed->count() == 0) return std::string("must be greater than 0");
    return parsed;
}

apply_result set_listen(http_server_config& http, std::string_view text) {
    auto parsed = parse_listen(text);
    if (!parsed) return parsed.error();
    const listen_address& address = *parsed;
    http.listen_host = address.host;
    http.listen_port = address.port;
    return {};
}

// Webhook and admin tokens are guessed online: 24 characters of a random generator put that out of reach.
constexpr std::size_t min_token_length = 24;

apply_result set_token(secret& target, std::string_view text) {
    if (text.size() < min_token_length)
        return "must be at least " + std::to_string(min_token_length) +
               " characters; generate one with `openssl rand -hex 32`";
    return set_secret(target, text);
}

apply_result set_management_listen(http_server_config& http, std::string_view text) {
    auto parsed = parse_listen(text);
    if (!parsed) return parsed.error();
    http.management_listen = listen_endpoint{parsed->host, parsed->port};
    return {};
}

std::string show_secret(const secret& value) {
    return value.empty() ? "" : secret::redacted;
}
std::string show_bool(bool value) {
    return value ? "true" : "false";
}

constexpr std::int64_t no_upper_bound = std::numeric_limits<std::int64_t>::max();

apply_result set_parsed_list(std::vector<std::string>& target, std::string_view text) {
    auto items = parse_list(text);
    if (!items) return items.error();
    target = std::move(*items);
    return {};
}

apply_result set_series(orders_config& orders, std::string_view text) {
    auto items = parse_list(text);
    if (!items) return items.error();
    std::vector<int> series;
    for (const auto& item : *items) {
        auto n = parse_integer(item, 1, std::numeric_limits<int>::max());
        if (!n) return "a series is " + n.error();
        series.push_back(static_cast<int>(*n));
    }
    orders.series = std::move(series);
    return {};
}

std::string show_series(const orders_config& orders) {
    std::vector<std::string> items;
    for (int s : orders.series) items.push_back(std::to_string(s));
    return format_list(items);
}

// An SAP property name: letters, digits and '_' (U_ fields included), so that it can never smuggle anything
// into a query or a JSON path.
check_result check_field_name(std::string_view text) {
    bool valid = !text.empty() && text.size() <= 100 && std::all_of(text.begin(), text.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    if (!valid) return std::string("expected an SAP field name (letters, digits and '_', e.g. U_Channel)");
    return {};
}

apply_result set_flag(orders_config& orders, std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq + 1 == text.size())
        return std::string("expected FIELD=VALUE, e.g. U_SendToShipStation=Y");
    auto field = text.substr(0, eq);
    if (auto check = check_field_name(field); !check) return check.error();
    orders.flag_field = field;
    orders.flag_value = text.substr(eq + 1);
    return {};
}

apply_result set_warehouse_map(orders_config& orders, std::string_view text) {
    auto pairs = parse_pairs(text);
    if (!pairs) return pairs.error();
    std::vector<std::pair<std::string, std::int64_t>> map;
    for (auto& [code, id] : *pairs) {
        auto n = parse_integer(id, 1, no_upper_bound);
        if (!n) return "the warehouseId of " + code + " is " + n.error();
        map.emplace_back(std::move(code), *n);
    }
    orders.warehouse_map = std::move(map);
    return {};
}

std::string show_warehouse_map(const orders_config& orders) {
    std::string text;
    for (const auto& [code, id] : orders.warehouse_map)
        text += (text.empty() ? "" : ",") + code + "=" + std::to_string(id);
    return text;
}

// V2 inventory location ids are opaque text ("se-4567"): letters, digits, '-' and '_'.
apply_result set_location_map(inventory_config& inventory, std::string_view text) {
    auto pairs = parse_pairs(text);
    if (!pairs) return pairs.error();
    for (const auto& [code, id] : *pairs) {
        bool valid = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char ch) {
            return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                   ch == '-' || ch == '_';
        });
        if (!valid) return "the inventory_location_id of " + code + " is not an id such as se-4567";
    }
    inventory.location_map = std::move(*pairs);
    return {};
}

std::string show_location_map(const inventory_config& inventory) {
    std::string text;
    for (const auto& [code, id] : inventory.location_map) text += (text.empty() ? "" : ",") + code + "=" + id;
    return text;
}

apply_result set_countries(std::vector<std::string>& target, std::string_view text) {
    auto items = parse_list(text);
    if (!items) return items.error();
    for (auto& item : *items) {
        bool iso2 = item.size() == 2 && std::all_of(item.begin(), item.end(), [](char ch) {
                        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
                    });
        if (!iso2) return std::string("expected two-letter ISO country codes, e.g. US,CA");
        for (auto& ch : item) ch = static_cast<char>(ch >= 'a' ? ch - 'a' + 'A' : ch);
    }
    target = std::move(*items);
    return {};
}

apply_result set_user_field(std::string& target, std::string_view text, std::string_view example) {
    if (auto check = check_field_name(text); !check) return check.error();
    if (!text.starts_with("U_")) return "expected a user-defined field, e.g. " + std::string(example);
    target = text;
    return {};
}

apply_result set_carrier_map(shipments_config& shipments, std::string_view text) {
    auto pairs = parse_pairs(text);
    if (!pairs) return pairs.error();
    std::vector<std::pair<std::string, int>> map;
    for (auto& [key, code] : *pairs) {
        auto n = parse_integer(code, 0, std::numeric_limits<int>::max());
        if (!n) return "the ShippingTypes code of " + key + " is " + n.error();
        map.emplace_back(key, static_cast<int>(*n));
    }
    shipments.carrier_map = std::move(map);
    return {};
}

apply_result set_origins(std::vector<origin_pattern>& target, std::string_view text) {
    if (text == "none") {  // only MLC_SHIPSTATION_URL's own origin (an empty variable means the default)
        target.clear();
        return {};
    }
    auto items = parse_list(text);
    if (!items) return items.error();
    std::vector<origin_pattern> origins;
    for (const auto& item : *items) {
        auto parsed = parse_origin_pattern(item);
        if (!parsed) return "'" + item + "': " + parsed.error();
        origins.push_back(std::move(*parsed));
    }
    target = std::move(origins);
    return {};
}

check_result check_cron(std::string_view text) {
    auto parsed = parse_cron(text);
    if (!parsed) return parsed.error();
    return {};
}

// One row per setting reads best with every field on its own line.
// clang-format off
// Each apply receives (app_config&, std::string_view text); each show receives (const app_config&).
constexpr setting_spec settings_table[] = {
    {.env_name = "MLC_CONFIG",
     .description = "YAML file read before the environment, which overrides it (or --config FILE)",
     .apply = [](app_config& c, auto v) { return set_text(c.config_file, v); },
     .show = [](const app_config& c) { return c.config_file; }},

    // database
    {.env_name = "MLC_DATABASE_URL",
     .yaml_path = "database.url",
     .description = "PostgreSQL connection: postgresql:// URL or key=value string, one host or several (then with target_session_attrs=read-write, see PostgreSQL high availability); may hold a password",
     .is_secret = true,
     .required = true,
     .apply = [](app_config& c, auto v) { return set_secret(c.database.url, v, check_database_url(v)); },
     .show = [](const app_config& c) { return redact_database_url(c.database.url.reveal()); }},
    {.env_name = "MLC_MIGRATE_DATABASE_URL",
     .yaml_path = "database.migrate_url",
     .description = "PostgreSQL connection of the schema's owner, used by `migrate` and `run`'s migrations (unset: MLC_DATABASE_URL), so that the service itself may connect as a role that only reads and writes data",
     .is_secret = true,
     .apply = [](app_config& c, auto v) { return set_secret(c.database.migrate_url, v, check_database_url(v)); },
     .show = [](const app_config& c) { return redact_database_url(c.database.migrate_url.reveal()); }},
    {.env_name = "MLC_DB_POOL_SIZE",
     .yaml_path = "database.pool_size",
     .default_text = "16",
     .description = "database connections, each served by its own thread (1..64)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.database.pool_size, parse_integer(v, 1, 64)); },
     .show = [](const app_config& c) { return std::to_string(c.database.pool_size); }},
    {.env_name = "MLC_DB_STATEMENT_TIMEOUT",
     .yaml_path = "database.statement_timeout",
     .default_text = "5s",
     .description = "server-side bound on one SQL statement",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.database.statement_timeout, positive_duration(v));
     },
     .show = [](const app_config& c) { return format_duration(c.database.statement_timeout); }},
    {.env_name = "MLC_DB_CONNECT_TIMEOUT",
     .yaml_path = "database.connect_timeout",
     .default_text = "5s",
     .description = "bound on establishing one database connection",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.database.connect_timeout, positive_duration(v));
     },
     .show = [](const app_config& c) { return format_duration(c.database.connect_timeout); }},
    {.env_name = "MLC_DB_SCHEMA",
     .yaml_path = "database.schema",
     .description = "schema for all tables (empty: the server's default search_path)",
     .apply = [](app_config& c, auto v) { return set_checked(c.database.schema, v, check_schema_name(v)); },
     .show = [](const app_config& c) { return c.database.schema; }},
    {.env_name = "MLC_DATABASE_QUEUE_LIMIT",
     .yaml_path = "database.queue_limit",
     .default_text = "256",
     .description = "database operations waiting for a free connection beyond which new ones fail at once (503 for HTTP requests; 1..100000)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.database.queue_limit, parse_integer(v, 1, 100000)); },
     .show = [](const app_config& c) { return std::to_string(c.database.queue_limit); }},

    // http
    {.env_name = "MLC_LISTEN",
     .yaml_path = "http.listen",
     .default_text = "0.0.0.0:8080",
     .description =
         "address the HTTP server listens on: host:port, IPv6 as [::]:8080, port 0 for any free port",
     .apply = [](app_config& c, auto v) { return set_listen(c.http, v); },
     .show = [](const app_config& c) { return format_listen({c.http.listen_host, c.http.listen_port}); }},
    {.env_name = "MLC_MANAGEMENT_LISTEN",
     .yaml_path = "http.management_listen",
     .description = "second listener (host:port) for /healthz, /readyz, /metrics and /admin/*; MLC_LISTEN then "
                    "serves only the webhook (unset: everything on MLC_LISTEN)",
     .apply = [](app_config& c, auto v) { return set_management_listen(c.http, v); },
     .show = [](const app_config& c) {
         const auto& m = c.http.management_listen;
         return m ? format_listen({m->host, m->port}) : std::string();
     }},
    {.env_name = "MLC_HTTP_THREADS",
     .yaml_path = "http.threads",
     .default_text = "0",
     .description = "threads running the HTTP server (0: one per core; 0..256)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.threads, parse_integer(v, 0, 256)); },
     .show = [](const app_config& c) { return std::to_string(c.http.threads); }},
    {.env_name = "MLC_HTTP_MAX_CONNECTIONS",
     .yaml_path = "http.max_connections",
     .default_text = "1024",
     .description = "open connections beyond which new ones get 503 (1..100000)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.http.max_connections, parse_integer(v, 1, 100000));
     },
     .show = [](const app_config& c) { return std::to_string(c.http.max_connections); }},
    {.env_name = "MLC_HTTP_MAX_CONNECTIONS_PER_IP",
     .yaml_path = "http.max_connections_per_ip",
     .default_text = "64",
     .description = "open connections from one client address on MLC_LISTEN beyond which its new ones get 503 "
                    "(0: no per-address cap; 0..100000)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.http.max_connections_per_ip, parse_integer(v, 0, 100000));
     },
     .show = [](const app_config& c) { return std::to_string(c.http.max_connections_per_ip); }},
    {.env_name = "MLC_HTTP_HEADER_LIMIT",
     .yaml_path = "http.header_limit",
     .default_text = "16KiB",
     .description = "bytes of request line and headers (bytes, KiB or MiB)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.header_limit, parse_size(v)); },
     .show = [](const app_config& c) { return format_size(c.http.header_limit); }},
    {.env_name = "MLC_HTTP_BODY_LIMIT",
     .yaml_path = "http.body_limit",
     .default_text = "1MiB",
     .description = "default request body limit of a route, 413 beyond (bytes, KiB or MiB)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.body_limit, parse_size(v)); },
     .show = [](const app_config& c) { return format_size(c.http.body_limit); }},
    {.env_name = "MLC_HTTP_READ_TIMEOUT",
     .yaml_path = "http.read_timeout",
     .default_text = "10s",
     .description =
         "time to receive one whole request, counted from its first byte (from accept on a new connection)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.read_timeout, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.http.read_timeout); }},
    {.env_name = "MLC_HTTP_IDLE_TIMEOUT",
     .yaml_path = "http.idle_timeout",
     .default_text = "1m",
     .description = "time a keep-alive connection may wait for its next request",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.idle_timeout, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.http.idle_timeout); }},
    {.env_name = "MLC_HTTP_WRITE_TIMEOUT",
     .yaml_path = "http.write_timeout",
     .default_text = "10s",
     .description = "time to send one response",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.write_timeout, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.http.write_timeout); }},
    {.env_name = "MLC_HTTP_HANDLER_TIMEOUT",
     .yaml_path = "http.handler_timeout",
     .default_text = "30s",
     .description = "time a request's handler may run; beyond it the handler is cancelled and 503 is answered",
     .apply = [](app_config& c, auto v) { return set_parsed(c.http.handler_timeout, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.http.handler_timeout); }},

    // log
    {.env_name = "MLC_LOG_LEVEL",
     .yaml_path = "log.level",
     .default_text = "info",
     .description = "lowest level logged: debug, info, warn or error",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.log.level, parse_choice<log_level>(v, log_levels));
     },
     .show = [](const app_config& c) { return std::string(name_of<log_level>(c.log.level, log_levels)); }},
    {.env_name = "MLC_LOG_FORMAT",
     .yaml_path = "log.format",
     .default_text = "json",
     .description = "json (one object per line) or text",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.log.format, parse_choice<log_format>(v, log_formats));
     },
     .show = [](const app_config& c) { return std::string(name_of<log_format>(c.log.format, log_formats)); }},

    // security
    {.env_name = "MLC_ADMIN_TOKEN",
     .yaml_path = "security.admin_token",
     .description = "bearer token for the /admin endpoints, at least 24 characters (unset: they are disabled)",
     .is_secret = true,
     .apply = [](app_config& c, auto v) { return set_token(c.security.admin_token, v); },
     .show = [](const app_config& c) { return show_secret(c.security.admin_token); }},
    {.env_name = "MLC_WEBHOOK_TOKEN",
     .yaml_path = "security.webhook_token",
     .description = "token ShipStation must put in the webhook URL, at least 24 characters (openssl rand -hex 32)",
     .is_secret = true,
     .apply = [](app_config& c, auto v) { return set_token(c.security.webhook_token, v); },
     .show = [](const app_config& c) { return show_secret(c.security.webhook_token); }},
    {.env_name = "MLC_ALLOW_INSECURE_HTTP",
     .yaml_path = "security.allow_insecure_http",
     .default_text = "false",
     .description = "allow http:// for SAP and ShipStation on a host other than loopback (a warning at start; credentials then cross the network in clear)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.security.allow_insecure_http, parse_bool(v)); },
     .show = [](const app_config& c) { return show_bool(c.security.allow_insecure_http); }},

    {.env_name = "MLC_SHUTDOWN_GRACE",
     .yaml_path = "shutdown_grace",
     .default_text = "20s",
     .description = "time for in-flight work to end after SIGTERM",
     .apply = [](app_config& c, auto v) { return set_parsed(c.shutdown_grace, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.shutdown_grace); }},
    {.env_name = "MLC_JOB_RETENTION",
     .yaml_path = "retention.jobs",
     .default_text = "7d",
     .description = "how long succeeded jobs stay in the job queue before they are deleted (their audit rows stay)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.retention.jobs, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.retention.jobs); }},
    {.env_name = "MLC_AUDIT_PAYLOAD_RETENTION",
     .yaml_path = "retention.audit_payloads",
     .default_text = "90d",
     .description = "how long audit rows keep their request and response summaries (addresses, names, emails) before these are cleared (the rows stay)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.retention.audit_payloads, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.retention.audit_payloads); }},

    // sap: the Service Layer client
    {.env_name = "MLC_SAP_URL",
     .yaml_path = "sap.url",
     .description = "SAP Business One Service Layer root, e.g. https://sap:50000/b1s/v1",
     .apply = [](app_config& c, auto v) { return set_checked(c.sap.url, v, check_http_url(v)); },
     .show = [](const app_config& c) { return c.sap.url; }},
    {.env_name = "MLC_SAP_COMPANY_DB",
     .yaml_path = "sap.company_db",
     .description = "CompanyDB to log in to (required with MLC_SAP_URL)",
     .apply = [](app_config& c, auto v) { return set_text(c.sap.company_db, v); },
     .show = [](const app_config& c) { return c.sap.company_db; }},
    {.env_name = "MLC_SAP_USERNAME",
     .yaml_path = "sap.username",
     .description = "Service Layer user (required with MLC_SAP_URL)",
     .apply = [](app_config& c, auto v) { return set_text(c.sap.username, v); },
     .show = [](const app_config& c) { return c.sap.username; }},
    {.env_name = "MLC_SAP_PASSWORD",
     .yaml_path = "sap.password",
     .description = "Service Layer user's password (required with MLC_SAP_URL)",
     .is_secret = true,
     .apply = [](app_config& c, auto v) { return set_secret(c.sap.password, v); },
     .show = [](const app_config& c) { return show_secret(c.sap.password); }},
    {.env_name = "MLC_SAP_TLS_VERIFY",
     .yaml_path = "sap.tls_verify",
     .default_text = "true",
     .description = "verify the Service Layer's certificate (true/false, 1/0, yes/no)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.sap.tls_verify, parse_bool(v)); },
     .show = [](const app_config& c) { return show_bool(c.sap.tls_verify); }},
    {.env_name = "MLC_SAP_CA_FILE",
     .yaml_path = "sap.ca_file",
     .description = "PEM file trusted in addition to the system store",
     .apply = [](app_config& c, auto v) { return set_text(c.sap.ca_file, v); },
     .show = [](const app_config& c) { return c.sap.ca_file; }},
    {.env_name = "MLC_SAP_PAGE_SIZE",
     .yaml_path = "sap.page_size",
     .default_text = "100",
     .description = "rows per page asked of the Service Layer (Prefer: odata.maxpagesize; 1..1000)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.sap.page_size, parse_integer(v, 1, 1000)); },
     .show = [](const app_config& c) { return std::to_string(c.sap.page_size); }},
    {.env_name = "MLC_SAP_REQUEST_TIMEOUT",
     .yaml_path = "sap.request_timeout",
     .default_text = "1m",
     .description = "one HTTP attempt to the Service Layer; a delivery POST left without an answer is given as long again to commit before it is searched for by its stamp",
     .apply = [](app_config& c, auto v) { return set_parsed(c.sap.request_timeout, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.sap.request_timeout); }},
    {.env_name = "MLC_SAP_TIME_ZONE",
     .yaml_path = "sap.time_zone",
     .default_text = "UTC",
     .description = "the SAP company's time zone (IANA name): DocDate, DocTime and UpdateTime are local there",
     .apply = [](app_config& c, auto v) { return set_checked(c.sap.time_zone, v, check_time_zone(v)); },
     .show = [](const app_config& c) { return c.sap.time_zone; }},

    // shipstation: the ShipStation client
    {.env_name = "MLC_SHIPSTATION_URL",
     .yaml_path = "shipstation.url",
     .default_text = "https://ssapi.shipstation.com",
     .description = "ShipStation V1 API base URL",
     .apply = [](app_config& c, auto v) { return set_checked(c.shipstation.url, v, check_http_url(v)); },
     .show = [](const app_config& c) { return c.shipstation.url; }},
    {.env_name = "MLC_SHIPSTATION_API_KEY",
     .yaml_path = "shipstation.api_key",
     .description = "API key (Basic auth user; set together with MLC_SHIPSTATION_API_SECRET)",
     .apply = [](app_config& c, auto v) { return set_text(c.shipstation.api_key, v); },
     .show = [](const app_config& c) { return c.shipstation.api_key; }},
    {.env_name = "MLC_SHIPSTATION_API_SECRET",
     .yaml_path = "shipstation.api_secret",
     .description = "API secret (Basic auth password; set together with MLC_SHIPSTATION_API_KEY)",
     .is_secret = true,
     .apply = [](app_config& c, auto v) { return set_secret(c.shipstation.api_secret, v); },
     .show = [](const app_config& c) { return show_secret(c.shipstation.api_secret); }},
    {.env_name = "MLC_WEBHOOK_ALLOWED_ORIGINS",
     .yaml_path = "shipstation.webhook_allowed_origins",
     .default_text = "https://ssapi*.shipstation.com",
     .description = "origins a webhook's resource_url may name besides MLC_SHIPSTATION_URL's own (comma-separated "
                    "scheme://host[:port], one '*' in the first label; none: only that one); it is always fetched from "
                    "MLC_SHIPSTATION_URL",
     .apply = [](app_config& c, auto v) { return set_origins(c.shipstation.resource_origins, v); },
     .show = [](const app_config& c) {
         std::vector<std::string> texts;
         for (const auto& o : c.shipstation.resource_origins) texts.push_back(o.text);
         return texts.empty() ? std::string("none") : format_list(texts);
     }},
    {.env_name = "MLC_SHIPSTATION_STORE_ID",
     .yaml_path = "shipstation.store_id",
     .description = "store orders are created in (a positive whole number; unset: the first manual store)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipstation.store_id, parse_integer(v, 1, no_upper_bound));
     },
     .show = [](const app_config& c) {
         return c.shipstation.store_id ? std::to_string(*c.shipstation.store_id) : std::string();
     }},
    {.env_name = "MLC_SHIPSTATION_RATE_LIMIT",
     .yaml_path = "shipstation.rate_limit",
     .default_text = "40",
     .description = "ShipStation requests per minute we allow ourselves (1..10000)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipstation.rate_limit, parse_integer(v, 1, 10000));
     },
     .show = [](const app_config& c) { return std::to_string(c.shipstation.rate_limit); }},
    {.env_name = "MLC_SHIPSTATION_RATE_SCOPE",
     .yaml_path = "shipstation.rate_scope",
     .default_text = "cluster",
     .description = "whose rate budget: cluster (one budget in PostgreSQL for every replica using the key) or process (this process alone, no database statement per request)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipstation.scope, parse_choice<rate_scope>(v, rate_scopes));
     },
     .show = [](const app_config& c) {
         return std::string(name_of<rate_scope>(c.shipstation.scope, rate_scopes));
     }},

    // flow: when and from where the pollers run
    {.env_name = "MLC_POLL_INTERVAL",
     .yaml_path = "flow.poll_interval",
     .default_text = "1m",
     .description = "how often SAP is polled for changed orders",
     .apply = [](app_config& c, auto v) { return set_parsed(c.flow.poll_interval, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.flow.poll_interval); }},
    {.env_name = "MLC_POLL_SCHEDULE",
     .yaml_path = "flow.poll_schedule",
     .description = "cron expression for polling SAP instead of the interval, e.g. \"*/5 6-19 * * 1-5\"",
     .apply = [](app_config& c, auto v) { return set_checked(c.flow.poll_schedule, v, check_cron(v)); },
     .show = [](const app_config& c) { return c.flow.poll_schedule; }},
    {.env_name = "MLC_POLL_TIME_ZONE",
     .yaml_path = "flow.poll_time_zone",
     .description = "time zone of MLC_POLL_SCHEDULE (unset: MLC_SAP_TIME_ZONE)",
     .apply = [](app_config& c, auto v) { return set_checked(c.flow.poll_time_zone, v, check_time_zone(v)); },
     .show = [](const app_config& c) { return c.flow.poll_time_zone; }},
    {.env_name = "MLC_POLL_OVERLAP",
     .yaml_path = "flow.poll_overlap",
     .default_text = "10m",
     .description = "how far each SAP poll reaches back before its watermark, so late commits are not missed",
     .apply = [](app_config& c, auto v) { return set_parsed(c.flow.poll_overlap, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.flow.poll_overlap); }},
    {.env_name = "MLC_SYNC_SINCE",
     .yaml_path = "flow.sync_since",
     .description = "on first start, orders changed since this day (YYYY-MM-DD) are synced (unset: today)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.flow.sync_since, parse_date(v)); },
     .show = [](const app_config& c) { return c.flow.sync_since ? format_date(*c.flow.sync_since) : ""; }},
    {.env_name = "MLC_RECONCILE_INTERVAL",
     .yaml_path = "flow.reconcile_interval",
     .default_text = "15m",
     .description = "how often ShipStation's shipments, fulfillments and voids are listed to catch what webhooks missed",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.flow.reconcile_interval, positive_duration(v));
     },
     .show = [](const app_config& c) { return format_duration(c.flow.reconcile_interval); }},
    {.env_name = "MLC_PUBLIC_URL",
     .yaml_path = "flow.public_url",
     .description = "URL ShipStation reaches this service at: the SHIP_NOTIFY subscription is made for it at start-up",
     .apply = [](app_config& c, auto v) { return set_checked(c.flow.public_url, v, check_http_url(v)); },
     .show = [](const app_config& c) { return c.flow.public_url; }},

    // orders: which SAP orders go to ShipStation, how they are mapped and pushed
    {.env_name = "MLC_ORDER_SERIES",
     .yaml_path = "orders.series",
     .description = "only orders of these document Series go (comma-separated numbers or a YAML list; unset: all)",
     .apply = [](app_config& c, auto v) { return set_series(c.orders, v); },
     .show = [](const app_config& c) { return show_series(c.orders); }},
    {.env_name = "MLC_ORDER_FLAG",
     .yaml_path = "orders.flag",
     .description = "only orders whose field holds the value go, e.g. U_SendToShipStation=Y (unset: all)",
     .apply = [](app_config& c, auto v) { return set_flag(c.orders, v); },
     .show = [](const app_config& c) {
         return c.orders.flag_field.empty() ? std::string() : c.orders.flag_field + "=" + c.orders.flag_value;
     }},
    {.env_name = "MLC_ORDER_WAREHOUSES",
     .yaml_path = "orders.warehouses",
     .description = "only lines in these SAP warehouses are sent (comma-separated or a YAML list; unset: all)",
     .apply = [](app_config& c, auto v) { return set_parsed_list(c.orders.warehouses, v); },
     .show = [](const app_config& c) { return format_list(c.orders.warehouses); }},
    {.env_name = "MLC_WAREHOUSE_MAP",
     .yaml_path = "orders.warehouse_map",
     .description = "SAP warehouse to ShipStation warehouseId, e.g. 01=12345,02=67890 (or a YAML mapping)",
     .apply = [](app_config& c, auto v) { return set_warehouse_map(c.orders, v); },
     .show = [](const app_config& c) { return show_warehouse_map(c.orders); }},
    {.env_name = "MLC_CUSTOM_FIELD_1",
     .yaml_path = "orders.custom_field_1",
     .description = "SAP order field (a U_ field too) sent as advancedOptions.customField1",
     .apply = [](app_config& c, auto v) { return set_checked(c.orders.custom_fields[0], v, check_field_name(v)); },
     .show = [](const app_config& c) { return c.orders.custom_fields[0]; }},
    {.env_name = "MLC_CUSTOM_FIELD_2",
     .yaml_path = "orders.custom_field_2",
     .description = "SAP order field sent as advancedOptions.customField2",
     .apply = [](app_config& c, auto v) { return set_checked(c.orders.custom_fields[1], v, check_field_name(v)); },
     .show = [](const app_config& c) { return c.orders.custom_fields[1]; }},
    {.env_name = "MLC_CUSTOM_FIELD_3",
     .yaml_path = "orders.custom_field_3",
     .description = "SAP order field sent as advancedOptions.customField3",
     .apply = [](app_config& c, auto v) { return set_checked(c.orders.custom_fields[2], v, check_field_name(v)); },
     .show = [](const app_config& c) { return c.orders.custom_fields[2]; }},
    {.env_name = "MLC_STREET_NUMBER_FIRST",
     .yaml_path = "orders.street_number_first",
     .default_text = "US,CA,GB,IE,AU,NZ,FR",
     .description = "countries (ISO-2) whose street line reads \"12 Main St\"; elsewhere \"Hauptstr. 12\"",
     .apply = [](app_config& c, auto v) { return set_countries(c.orders.street_number_first, v); },
     .show = [](const app_config& c) { return format_list(c.orders.street_number_first); }},
    {.env_name = "MLC_ORDER_NUMBER_SERIES_PREFIX",
     .yaml_path = "orders.number_series_prefix",
     .default_text = "false",
     .description = "orderNumber in ShipStation is <Series>-<DocNum>, e.g. 21-70001, rather than the DocNum alone "
                    "(true/false): tells apart numbering series that repeat DocNums",
     .apply = [](app_config& c, auto v) { return set_parsed(c.orders.number_series_prefix, parse_bool(v)); },
     .show = [](const app_config& c) { return show_bool(c.orders.number_series_prefix); }},
    {.env_name = "MLC_ORDER_BATCH_SIZE",
     .yaml_path = "orders.batch_size",
     .default_text = "100",
     .description = "orders per createorders call (1..100)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.orders.batch_size, parse_integer(v, 1, 100)); },
     .show = [](const app_config& c) { return std::to_string(c.orders.batch_size); }},
    {.env_name = "MLC_ORDER_MAX_ATTEMPTS",
     .yaml_path = "orders.max_attempts",
     .default_text = "10",
     .description = "pushes of one order before it becomes a dead letter (1..100)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.orders.max_attempts, parse_integer(v, 1, 100)); },
     .show = [](const app_config& c) { return std::to_string(c.orders.max_attempts); }},
    {.env_name = "MLC_ORDER_RETRY_DELAY",
     .yaml_path = "orders.retry_delay",
     .default_text = "30s",
     .description = "delay before the first retry of a failed push; doubled each attempt",
     .apply = [](app_config& c, auto v) { return set_parsed(c.orders.retry_delay, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.orders.retry_delay); }},
    {.env_name = "MLC_ORDER_RETRY_MAX_DELAY",
     .yaml_path = "orders.retry_max_delay",
     .default_text = "1h",
     .description = "the longest delay between retries of a failed push",
     .apply = [](app_config& c, auto v) { return set_parsed(c.orders.retry_max_delay, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.orders.retry_max_delay); }},
    {.env_name = "MLC_DELIVERY_STAMP_FIELD",
     .yaml_path = "shipments.stamp_field",
     .description = "SAP delivery UDF (U_...) holding the ShipStation shipment stamp (unset: the stamp goes in Comments)",
     .apply = [](app_config& c, auto v) { return set_user_field(c.shipments.stamp_field, v, "U_ShipmentId"); },
     .show = [](const app_config& c) { return c.shipments.stamp_field; }},
    {.env_name = "MLC_CARRIER_MAP",
     .yaml_path = "shipments.carrier_map",
     .description = "ShipStation carrier/service or carrier to SAP ShippingTypes code, e.g. ups/ups_ground=1,fedex=2",
     .apply = [](app_config& c, auto v) { return set_carrier_map(c.shipments, v); },
     .show = [](const app_config& c) {
         std::string text;
         for (const auto& [key, code] : c.shipments.carrier_map)
             text += (text.empty() ? "" : ",") + key + "=" + std::to_string(code);
         return text;
     }},
    {.env_name = "MLC_VOID_POLICY",
     .yaml_path = "shipments.void_policy",
     .default_text = "flag",
     .description = "a label voided after its SAP delivery: flag (record it) or cancel (cancel the delivery, stock comes back)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipments.cancel_on_void, parse_choice<bool>(v, void_policies));
     },
     .show = [](const app_config& c) { return std::string(c.shipments.cancel_on_void ? "cancel" : "flag"); }},
    {.env_name = "MLC_ORDER_CARRIER_FIELD",
     .yaml_path = "shipments.order_carrier_field",
     .description = "sales order UDF (U_...) that gets the shipment's ShipStation carrier code (unset: not written)",
     .apply = [](app_config& c, auto v) { return set_user_field(c.shipments.order_carrier_field, v, "U_Carrier"); },
     .show = [](const app_config& c) { return c.shipments.order_carrier_field; }},
    {.env_name = "MLC_ORDER_SERVICE_FIELD",
     .yaml_path = "shipments.order_service_field",
     .description = "sales order UDF (U_...) that gets the shipment's ShipStation service code (unset: not written)",
     .apply = [](app_config& c, auto v) { return set_user_field(c.shipments.order_service_field, v, "U_Service"); },
     .show = [](const app_config& c) { return c.shipments.order_service_field; }},
    {.env_name = "MLC_ORDER_SHIP_DATE_FIELD",
     .yaml_path = "shipments.order_ship_date_field",
     .description = "sales order date UDF (U_...) that gets the delivery's date (unset: not written)",
     .apply = [](app_config& c, auto v) { return set_user_field(c.shipments.order_ship_date_field, v, "U_ShipDate"); },
     .show = [](const app_config& c) { return c.shipments.order_ship_date_field; }},
    {.env_name = "MLC_ORDER_STATUS_FIELD",
     .yaml_path = "shipments.order_status_field",
     .description = "sales order UDF (U_...) that gets a shipping status text: Shipped, Partially shipped, Label voided (unset: not written)",
     .apply = [](app_config& c, auto v) { return set_user_field(c.shipments.order_status_field, v, "U_ShipStatus"); },
     .show = [](const app_config& c) { return c.shipments.order_status_field; }},
    {.env_name = "MLC_INBOX_RETENTION",
     .yaml_path = "webhooks.retention",
     .default_text = "30d",
     .description = "how long handled and rejected webhook payloads stay in the inbox before they are deleted (their audit rows stay)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.shipments.inbox_retention, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.shipments.inbox_retention); }},
    {.env_name = "MLC_WEBHOOK_MAX_PAGES",
     .yaml_path = "webhooks.max_pages",
     .default_text = "20",
     .description = "pages of 500 one webhook's resource_url fetch reads (1..10000); a larger resource is left to the reconciler",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipments.webhook_max_pages, parse_integer(v, 1, 10000));
     },
     .show = [](const app_config& c) { return std::to_string(c.shipments.webhook_max_pages); }},
    {.env_name = "MLC_WEBHOOK_INTAKE_PER_MINUTE",
     .yaml_path = "webhooks.intake_per_minute",
     .default_text = "600",
     .description = "webhook payloads stored per minute per client address (1..1000000); beyond, 429 with Retry-After",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipments.webhook_intake_per_minute, parse_integer(v, 1, 1000000));
     },
     .show = [](const app_config& c) { return std::to_string(c.shipments.webhook_intake_per_minute); }},
    {.env_name = "MLC_DELIVERY_LEASE",
     .yaml_path = "shipments.delivery_lease",
     .default_text = "1m",
     .description = "how long a delivery job is leased to its writer, renewed while it works: a writer that stops renewing is taken over after it (one whose process died, at once)",
     .apply = [](app_config& c, auto v) { return set_parsed(c.shipments.delivery_lease, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.shipments.delivery_lease); }},
    {.env_name = "MLC_BATCH_RULE",
     .yaml_path = "shipments.batch_rule",
     .default_text = "fefo",
     .description = "batches for a batch-managed item's delivery line: fefo (earliest expiry first), fifo (oldest admission first) or fail (a dead letter: chosen by hand in SAP)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.shipments.batches, parse_choice<batch_rule>(v, batch_rules));
     },
     .show = [](const app_config& c) { return std::string(name_of<batch_rule>(c.shipments.batches, batch_rules)); }},
    {.env_name = "MLC_SERIAL_OPTIONS",
     .yaml_path = "shipments.serial_options",
     .default_text = "Serial Number,Serial Numbers,Serial,SN",
     .description = "ShipStation item options (names, any letter case) whose values are a serial-managed item's serial numbers",
     .apply = [](app_config& c, auto v) { return set_parsed_list(c.shipments.serial_options, v); },
     .show = [](const app_config& c) { return format_list(c.shipments.serial_options); }},
    {.env_name = "MLC_ORDER_LEASE",
     .yaml_path = "orders.lease",
     .default_text = "5m",
     .description = "how long a push is leased to a worker; one whose worker died is taken over after it",
     .apply = [](app_config& c, auto v) { return set_parsed(c.orders.lease, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.orders.lease); }},

    // items: SKUs, weights and products
    {.env_name = "MLC_SKU_FIELD",
     .yaml_path = "items.sku_field",
     .description = "item field (e.g. U_SKU) holding the ShipStation SKU where it is not the ItemCode (the /admin/sku-map table comes first)",
     .apply = [](app_config& c, auto v) { return set_checked(c.items.sku_field, v, check_field_name(v)); },
     .show = [](const app_config& c) { return c.items.sku_field; }},
    {.env_name = "MLC_WEIGHT_UNITS",
     .yaml_path = "items.weight_units",
     .default_text = "ounces",
     .description = "unit of the weights sent to ShipStation: ounces, pounds or grams (SAP's are converted)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.items.weight_units, parse_choice<weight_unit>(v, weight_units));
     },
     .show = [](const app_config& c) { return std::string(name_of<weight_unit>(c.items.weight_units, weight_units)); }},
    {.env_name = "MLC_DIMENSION_UNITS",
     .yaml_path = "items.dimension_units",
     .default_text = "inches",
     .description = "unit of the dimensions sent to ShipStation: inches or centimeters",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.items.dimension_units, parse_choice<dimension_unit>(v, dimension_units));
     },
     .show = [](const app_config& c) {
         return std::string(name_of<dimension_unit>(c.items.dimension_units, dimension_units));
     }},
    {.env_name = "MLC_TARIFF_FIELD",
     .yaml_path = "items.tariff_field",
     .description = "item field (e.g. U_HSCode) holding the customs tariff number sent as the product's customsTariffNo",
     .apply = [](app_config& c, auto v) { return set_checked(c.items.tariff_field, v, check_field_name(v)); },
     .show = [](const app_config& c) { return c.items.tariff_field; }},
    {.env_name = "MLC_PRODUCT_SYNC_SHARE",
     .yaml_path = "items.product_sync_share",
     .default_text = "25",
     .description = "percent of the ShipStation rate budget product alignment may use, only when orders and tracking leave it free (0: products are not aligned)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.items.product_sync_share, parse_integer(v, 0, 100));
     },
     .show = [](const app_config& c) { return std::to_string(c.items.product_sync_share); }},

    // inventory: stock levels to ShipStation's V2 inventory
    {.env_name = "MLC_SHIPSTATION_V2_API_KEY",
     .yaml_path = "inventory.v2_api_key",
     .description = "ShipStation V2 API key with the Inventory API add-on (unset: stock levels are not sent)",
     .is_secret = true,
     .apply = [](app_config& c, auto v) { return set_secret(c.inventory.v2_api_key, v); },
     .show = [](const app_config& c) { return show_secret(c.inventory.v2_api_key); }},
    {.env_name = "MLC_SHIPSTATION_V2_URL",
     .yaml_path = "inventory.v2_url",
     .default_text = "https://api.shipstation.com",
     .description = "ShipStation V2 API base URL",
     .apply = [](app_config& c, auto v) { return set_checked(c.inventory.v2_url, v, check_http_url(v)); },
     .show = [](const app_config& c) { return c.inventory.v2_url; }},
    {.env_name = "MLC_SHIPSTATION_V2_RATE_LIMIT",
     .yaml_path = "inventory.v2_rate_limit",
     .default_text = "200",
     .description = "ShipStation V2 requests per minute we allow ourselves (1..10000); V2 has its own budget",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.inventory.v2_rate_limit, parse_integer(v, 1, 10000));
     },
     .show = [](const app_config& c) { return std::to_string(c.inventory.v2_rate_limit); }},
    {.env_name = "MLC_INVENTORY_QUANTITY",
     .yaml_path = "inventory.quantity",
     .default_text = "available",
     .description = "stock sent per warehouse: available (InStock - Committed) or in_stock (InStock)",
     .apply = [](app_config& c, auto v) {
         return set_parsed(c.inventory.quantity, parse_choice<stock_quantity>(v, stock_quantities));
     },
     .show = [](const app_config& c) {
         return std::string(name_of<stock_quantity>(c.inventory.quantity, stock_quantities));
     }},
    {.env_name = "MLC_INVENTORY_LOCATION_MAP",
     .yaml_path = "inventory.location_map",
     .description = "SAP warehouse to ShipStation inventory_location_id, e.g. 01=se-4567,02=se-4568 (warehouses not named are not sent)",
     .apply = [](app_config& c, auto v) { return set_location_map(c.inventory, v); },
     .show = [](const app_config& c) { return show_location_map(c.inventory); }},
    {.env_name = "MLC_INVENTORY_INTERVAL",
     .yaml_path = "inventory.interval",
     .default_text = "15m",
     .description = "how often all stock is compared with ShipStation's when SAP's warehouse journal cannot be read",
     .apply = [](app_config& c, auto v) { return set_parsed(c.inventory.interval, positive_duration(v)); },
     .show = [](const app_config& c) { return format_duration(c.inventory.interval); }},
};
// clang-format on

}  // namespace

std::span<const setting_spec> all_settings() noexcept {
    return settings_table;
}

const setting_spec* find_setting(std::string_view env_name) noexcept {
    auto found = std::find_if(std::begin(settings_table), std::end(settings_table),
                              [&](const setting_spec& s) { return s.env_name == env_name; });
    return found == std::end(settings_table) ? nullptr : &*found;
}

}  // namespace mlc
