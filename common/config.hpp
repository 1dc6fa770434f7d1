// The service's configuration: one struct per component, each field with a default and a sentence.
#pragma once

#include "common/origin_pattern.hpp"
#include "common/secret.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlc {

using std::chrono::milliseconds;

enum class log_level { debug, info, warn, error };
enum class log_format { json, text };

struct log_config {
    log_level level = log_level::info;     // MLC_LOG_LEVEL: debug, info, warn or error.
    log_format format = log_format::json;  // MLC_LOG_FORMAT: json (one object per line) or text.
};

struct database_config {
    secret url;  // MLC_DATABASE_URL (required): libpq URL or key=value string; may hold a password.
    std::size_t pool_size = 16;            // MLC_DB_POOL_SIZE: connections, each served by its own thread.
    milliseconds statement_timeout{5000};  // MLC_DB_STATEMENT_TIMEOUT: server-side bound on one statement.
    milliseconds connect_timeout{5000};    // MLC_DB_CONNECT_TIMEOUT: bound on establishing a connection.
    std::string schema;  // MLC_DB_SCHEMA: schema for all tables (empty: the server's default search_path).
    // MLC_MIGRATE_DATABASE_URL: the schema owner's connection for `migrate` and `run`'s migrations (empty:
    // url), so that the running service can connect as a role that may only read and write data.
    secret migrate_url;
    // MLC_DATABASE_QUEUE_LIMIT: operations waiting for a connection beyond which run() throws database_busy.
    std::size_t queue_limit = 256;
};

// A host and port to listen on.
struct listen_endpoint {
    std::string host;
    std::uint16_t port = 0;  // 0: any free port
};

struct http_server_config {
    std::string listen_host = "0.0.0.0";  // MLC_LISTEN host part.
    std::uint16_t listen_port = 8080;     // MLC_LISTEN port part (0: any free port).
    // MLC_MANAGEMENT_LISTEN: a second listener for /healthz, /readyz, /metrics and /admin/*; MLC_LISTEN then
    // serves only the webhook. Unset: everything on MLC_LISTEN.
    std::optional<listen_endpoint> management_listen;
    std::size_t threads = 0;  // MLC_HTTP_THREADS: threads running the io_context (0: one per core).
    std::size_t max_connections = 1024;  // MLC_HTTP_MAX_CONNECTIONS: beyond it new connections get 503.
    std::size_t max_connections_per_ip =
        64;                                // MLC_HTTP_MAX_CONNECTIONS_PER_IP: the same per client (0: off).
    std::size_t header_limit = 16 * 1024;  // MLC_HTTP_HEADER_LIMIT: bytes of request line and headers.
    std::size_t body_limit = 1024 * 1024;  // MLC_HTTP_BODY_LIMIT: default body limit of a route (413 beyond).
    milliseconds read_timeout{10000};      // MLC_HTTP_READ_TIMEOUT: one whole request, from its first byte.
    milliseconds idle_timeout{60000};   // MLC_HTTP_IDLE_TIMEOUT: a keep-alive connection may wait this long.
    milliseconds write_timeout{10000};  // MLC_HTTP_WRITE_TIMEOUT: to send one response.
    milliseconds handler_timeout{30000};  // MLC_HTTP_HANDLER_TIMEOUT: a handler is cancelled beyond it (503).
};

struct security_config {
    secret admin_token;    // MLC_ADMIN_TOKEN: bearer token for /admin endpoints (unset: they are disabled).
    secret webhook_token;  // MLC_WEBHOOK_TOKEN: token ShipStation must put in the webhook URL.
    // MLC_ALLOW_INSECURE_HTTP: http:// for SAP and ShipStation on a host other than loopback (a warning).
    bool allow_insecure_http = false;
};

// The SAP Business One Service Layer client.
struct sap_config {
    std::string url;           // MLC_SAP_URL: Service Layer root, e.g. https://sap:50000/b1s/v1.
    std::string company_db;    // MLC_SAP_COMPANY_DB: CompanyDB to log in to.
    std::string username;      // MLC_SAP_USERNAME: Service Layer user.
    secret password;           // MLC_SAP_PASSWORD: that user's password.
    bool tls_verify = true;    // MLC_SAP_TLS_VERIFY: verify the Service Layer certificate.
    std::string ca_file;       // MLC_SAP_CA_FILE: PEM file trusted in addition to the system store.
    unsigned page_size = 100;  // MLC_SAP_PAGE_SIZE: rows per page asked for (Prefer: odata.maxpagesize).
    std::string time_zone =
        "UTC";  // MLC_SAP_TIME_ZONE: the company's IANA zone (DocTime, UpdateTime are local).
    // MLC_SAP_REQUEST_TIMEOUT: one HTTP attempt to the Service Layer; a POST whose answer did not come in
    // this time is given as long again to commit before the connector searches for what it may have written.
    milliseconds request_timeout{60000};
};

// Whose ShipStation rate budget a process spends: the cluster's (one budget in PostgreSQL for every replica
// using the same key) or its own (a local limiter only, no database statement per request).
enum class rate_scope { cluster, process };

// The ShipStation V1 API client.
struct shipstation_config {
    std::string url = "https://ssapi.shipstation.com";  // MLC_SHIPSTATION_URL: V1 API base URL.
    std::string api_key;                                // MLC_SHIPSTATION_API_KEY: API key (Basic auth user).
    secret api_secret;                     // MLC_SHIPSTATION_API_SECRET: API secret (Basic auth password).
    std::optional<std::int64_t> store_id;  // MLC_SHIPSTATION_STORE_ID: store orders go to (orders flow).
    unsigned rate_limit = 40;  // MLC_SHIPSTATION_RATE_LIMIT: requests per minute we allow ourselves.
    // MLC_SHIPSTATION_RATE_SCOPE: cluster (the budget in PostgreSQL, shared by all replicas) or process.
    rate_scope scope = rate_scope::cluster;
    // MLC_WEBHOOK_ALLOWED_ORIGINS: origins a webhook's resource_url may name besides this url's own.
    std::vector<origin_pattern> resource_origins = default_resource_origins();
};

// When and from where the pollers run.
struct flow_config {
    milliseconds poll_interval{60000};  // MLC_POLL_INTERVAL: how often SAP is polled for changed orders.
    std::string poll_schedule;          // MLC_POLL_SCHEDULE: cron expression; replaces the interval when set.
    std::string poll_time_zone;  // MLC_POLL_TIME_ZONE: zone of the schedule (empty: MLC_SAP_TIME_ZONE).
    milliseconds poll_overlap{
        600000};  // MLC_POLL_OVERLAP: how far each poll reaches back before the watermark.
    std::optional<std::chrono::sys_days>
        sync_since;                           // MLC_SYNC_SINCE: first day on first start (unset: today).
    milliseconds reconcile_interval{900000};  // MLC_RECONCILE_INTERVAL: how often shipments are reconciled.
    std::string public_url;                   // MLC_PUBLIC_URL: the URL ShipStation reaches this service at.
};

// Which SAP orders go to ShipStation and how they are mapped and pushed.
struct orders_config {
    std::vector<int> series;  // MLC_ORDER_SERIES: only these Series (empty: all).
    std::string flag_field;   // MLC_ORDER_FLAG field part: a field that must hold flag_value (empty: none).
    std::string flag_value;   // MLC_ORDER_FLAG value part ("U_SendToShipStation=Y").
    std::vector<std::string> warehouses;  // MLC_ORDER_WAREHOUSES: only lines in these (empty: all).
    std::vector<std::pair<std::string, std::int64_t>> warehouse_map;  // MLC_WAREHOUSE_MAP: code=warehouseId.
    std::array<std::string, 3> custom_fields;  // MLC_CUSTOM_FIELD_1..3: SAP fields for customField1..3.
    std::vector<std::string> street_number_first{"US", "CA", "GB", "IE",
                                                 "AU", "NZ", "FR"};  // MLC_STREET_NUMBER_FIRST
    unsigned batch_size = 100;  // MLC_ORDER_BATCH_SIZE: orders per createorders call (1..100).
    int max_attempts = 10;      // MLC_ORDER_MAX_ATTEMPTS: pushes of one order before it is dead-lettered.
    milliseconds retry_delay{30000};        // MLC_ORDER_RETRY_DELAY: first retry delay, doubled each attempt.
    milliseconds retry_max_delay{3600000};  // MLC_ORDER_RETRY_MAX_DELAY: the longest retry delay.
    milliseconds lease{300000};  // MLC_ORDER_LEASE: a push whose worker died is taken over after this.
    // MLC_ORDER_NUMBER_SERIES_PREFIX: orderNumber "<Series>-<DocNum>" rather than the DocNum alone.
    bool number_series_prefix = false;
};

// How a delivery line of a batch-managed item gets its batches.
enum class batch_rule {
    fifo,  // the oldest admission first
    fefo,  // the earliest expiry first (batches that never expire last), then as fifo
    fail,  // none: the shipment waits as a dead letter for someone to choose batches in SAP
};

// How ShipStation shipments are written back to SAP as deliveries.
struct shipments_config {
    std::string stamp_field;  // MLC_DELIVERY_STAMP_FIELD: U_ field for the shipment stamp (empty: Comments).
    // MLC_CARRIER_MAP: "carrier/service" or "carrier" -> ShippingTypes.Code (TransportationCode).
    std::vector<std::pair<std::string, int>> carrier_map;
    bool cancel_on_void =
        false;  // MLC_VOID_POLICY: flag (false) records a void; cancel cancels the delivery.
    // Sales order UDFs (U_...) the connector fills when a delivery is written; empty: not written.
    std::string order_carrier_field;    // MLC_ORDER_CARRIER_FIELD: ShipStation's carrierCode
    std::string order_service_field;    // MLC_ORDER_SERVICE_FIELD: ShipStation's serviceCode
    std::string order_ship_date_field;  // MLC_ORDER_SHIP_DATE_FIELD: the delivery's DocDate
    std::string order_status_field;  // MLC_ORDER_STATUS_FIELD: "Shipped", "Partially shipped", "Label voided"
    milliseconds inbox_retention{std::chrono::hours(24 * 30)};  // MLC_INBOX_RETENTION: kept handled webhooks
    // MLC_WEBHOOK_MAX_PAGES: pages one resource_url fetch reads; a larger resource is left to reconciliation.
    unsigned webhook_max_pages = 20;
    // MLC_WEBHOOK_INTAKE_PER_MINUTE: payloads stored per minute per client address; beyond, 429.
    unsigned webhook_intake_per_minute = 600;
    // MLC_DELIVERY_LEASE: a delivery job's lease, renewed while its writer works; one whose writer stopped
    // renewing is taken over after this (a dead process's at once).
    milliseconds delivery_lease{60000};
    batch_rule batches = batch_rule::fefo;  // MLC_BATCH_RULE: how batches are chosen for batch-managed items.
    // MLC_SERIAL_OPTIONS: names of ShipStation item options holding serial numbers (compared ignoring case).
    std::vector<std::string> serial_options{"Serial Number", "Serial Numbers", "Serial", "SN"};
};

// ShipStation's units for what the connector sends (SAP's own units are read from WeightMeasures and
// LengthMeasures and converted).
enum class weight_unit { ounces, pounds, grams };
enum class dimension_unit { inches, centimeters };

// Which stock figure of an SAP warehouse is ShipStation's available quantity.
enum class stock_quantity {
    available,  // InStock - Committed: what is not yet promised to an open sales order
    in_stock,   // InStock alone
};

// Items, SKUs, customers and products: how SAP's master data is aligned with ShipStation's V1 products.
struct items_config {
    std::string sku_field;  // MLC_SKU_FIELD: item field (a U_ field) holding the SKU when not the ItemCode.
    weight_unit weight_units = weight_unit::ounces;           // MLC_WEIGHT_UNITS: sent weights' unit.
    dimension_unit dimension_units = dimension_unit::inches;  // MLC_DIMENSION_UNITS: sent dimensions' unit.
    std::string tariff_field;  // MLC_TARIFF_FIELD: item field for customsTariffNo (empty: not aligned).
    // MLC_PRODUCT_SYNC_SHARE: percent of the ShipStation rate budget product alignment may use (0: off).
    unsigned product_sync_share = 25;
};

// ShipStation's V2 inventory (the Inventory API add-on): stock levels follow SAP's.
struct inventory_config {
    secret v2_api_key;  // MLC_SHIPSTATION_V2_API_KEY: the V2 key (API-Key header); unset: no stock sync.
    std::string v2_url = "https://api.shipstation.com";  // MLC_SHIPSTATION_V2_URL: V2 API base URL.
    unsigned v2_rate_limit =
        200;  // MLC_SHIPSTATION_V2_RATE_LIMIT: V2 requests per minute we allow ourselves.
    stock_quantity quantity = stock_quantity::available;  // MLC_INVENTORY_QUANTITY: available or in_stock.
    // MLC_INVENTORY_LOCATION_MAP: SAP warehouse -> V2 inventory_location_id ("01=se-4567,02=se-4568").
    std::vector<std::pair<std::string, std::string>> location_map;
    milliseconds interval{900000};  // MLC_INVENTORY_INTERVAL: full stock scan when SAP's journal is closed.
};

// How long finished work and personal data are kept (the inbox's own retention is in shipments_config).
struct retention_config {
    milliseconds jobs{std::chrono::hours(24 * 7)};  // MLC_JOB_RETENTION: succeeded jobs, then deleted.
    // MLC_AUDIT_PAYLOAD_RETENTION: audit rows' request/response summaries, then cleared (the rows stay).
    milliseconds audit_payloads{std::chrono::hours(24 * 90)};
};

struct app_config {
    log_config log;
    database_config database;
    http_server_config http;
    security_config security;
    sap_config sap;
    shipstation_config shipstation;
    flow_config flow;
    orders_config orders;
    shipments_config shipments;
    items_config items;
    inventory_config inventory;
    retention_config retention;
    milliseconds shutdown_grace{20000};  // MLC_SHUTDOWN_GRACE: time for in-flight work to end on SIGTERM.
    std::string config_file;             // MLC_CONFIG or --config: the optional YAML file that was read.
};

}  // namespace mlc
