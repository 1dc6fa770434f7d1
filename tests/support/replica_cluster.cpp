// Several `ml-connector run` processes on one schema with both simulators as programs of their own.
#include "tests/support/replica_cluster.hpp"

#include "tests/support/http_test_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* webhook_token = "wh-REPLICAS-token-0123456789abcdef";

// The port a simulator prints once it listens ("listening on 127.0.0.1:PORT"), read from `text`; 0 before.
std::uint16_t listening_port(const std::string& text) {
    auto at = text.find("listening on ");
    if (at == std::string::npos) return 0;
    auto colon = text.find(':', at);
    if (colon == std::string::npos) return 0;
    std::size_t used = 0;
    auto port = std::stoi(text.substr(colon + 1, 6), &used);
    return used == 0 ? 0 : static_cast<std::uint16_t>(port);
}

// Starts a simulator program and waits until it prints its port (stdout or stderr). Throws when it does not.
std::uint16_t start_simulator(std::unique_ptr<child_process>& child, const std::string& program,
                              const std::vector<std::string>& args) {
    child = std::make_unique<child_process>(program, args, std::map<std::string, std::string>{});
    std::uint16_t port = 0;
    bool up = eventually(
        [&] {
            port = listening_port(child->stdout_text() + child->stderr_text());
            return port != 0 || child->wait_for_exit(0ms).has_value();
        },
        60s, 50ms);
    if (!up || port == 0)
        throw std::runtime_error(program + " did not start: " + child->stdout_text() + child->stderr_text());
    return port;
}

json::value control_get(std::uint16_t port, std::string_view target) {
    http_test_client c(port, 60s);
    auto res = c.get(target);
    if (res.result_int() != 200) throw std::runtime_error(std::string(target) + ": " + res.body());
    return json::parse(res.body());
}

// The lock named in a leader.* log line when it starts with `prefix`, with whether the line says it is held.
std::optional<bool> leader_event(const std::string& line, const std::string& prefix) {
    if (line.find("\"leader.") == std::string::npos) return std::nullopt;
    auto event = json::parse(line).as_object();
    const auto* lock = event.if_contains("lock");
    if (lock == nullptr || !lock->is_string() || !lock->as_string().starts_with(prefix)) return std::nullopt;
    return event.at("event").as_string() == "leader.acquired";
}

// What a failure message needs of a replica's log: warnings, errors and leadership, at most 60 lines.
std::string notable_lines(const std::string& log) {
    std::istringstream lines(log);
    std::string out;
    int kept = 0;
    for (std::string line; std::getline(lines, line) && kept < 60;) {
        bool notable = line.find("\"level\":\"warn\"") != std::string::npos ||
                       line.find("\"level\":\"error\"") != std::string::npos ||
                       line.find("\"leader.") != std::string::npos;
        if (notable) {
            out += line + "\n";
            ++kept;
        }
    }
    return out;
}

}  // namespace

replica_cluster::replica_cluster(cluster_settings settings) : settings_(std::move(settings)) {
    sap_port_ = start_simulator(
        sap_, MLC_SAP_SIM_PATH,
        {"--listen", "127.0.0.1:0", "--seed", "1", "--orders", std::to_string(settings_.orders), "--items",
         "50", "--partners", "200", "--log-level", "warn"});
    shipstation_port_ =
        start_simulator(shipstation_, MLC_SHIPSTATION_SIM_PATH,
                        {"--listen", "127.0.0.1:0", "--rate-limit", std::to_string(settings_.rate_limit)});
    stock_up();
    auto migrated = run_process(connector_binary(), {"migrate"}, replica_env(), 120s);
    if (migrated.exit_code != 0) throw std::runtime_error("ml-connector migrate failed: " + migrated.err);
}

replica_cluster::~replica_cluster() = default;

std::map<std::string, std::string> replica_cluster::replica_env() const {
    const auto& s = settings_;
    return {{"MLC_DATABASE_URL", s.database_url},
            {"MLC_DB_SCHEMA", s.schema},
            {"MLC_LISTEN", "127.0.0.1:0"},
            {"MLC_MANAGEMENT_LISTEN", "127.0.0.1:0"},
            {"MLC_LOG_FORMAT", "json"},
            {"MLC_LOG_LEVEL", "info"},
            {"MLC_SAP_URL", "http://127.0.0.1:" + std::to_string(sap_port_) + "/b1s/v2"},
            {"MLC_SAP_COMPANY_DB", "SBODEMOUS"},
            {"MLC_SAP_USERNAME", "manager"},
            {"MLC_SAP_PASSWORD", "manager"},
            {"MLC_SAP_PAGE_SIZE", "500"},
            {"MLC_SHIPSTATION_URL", "http://127.0.0.1:" + std::to_string(shipstation_port_)},
            {"MLC_SHIPSTATION_API_KEY", "ShipStation"},
            {"MLC_SHIPSTATION_API_SECRET", "Rocks"},
            {"MLC_SHIPSTATION_RATE_LIMIT", std::to_string(s.rate_limit)},
            {"MLC_POLL_INTERVAL", s.poll_interval},
            {"MLC_RECONCILE_INTERVAL", s.reconcile_interval},
            {"MLC_SYNC_SINCE", "2025-07-01"},
            {"MLC_ORDER_LEASE", s.lease},
            {"MLC_DELIVERY_LEASE", s.lease},
            {"MLC_WEBHOOK_TOKEN", webhook_token},
            {"MLC_SHUTDOWN_GRACE", "5s"}};
}

bool replica_cluster::start_replica(std::size_t index) {
    if (replicas_.size() <= index) replicas_.resize(index + 1);
    if (auto& old = replicas_[index]) earlier_logs_.push_back(old->stderr_text());
    replicas_[index] = std::make_unique<child_process>(
        connector_binary(), std::vector<std::string>{"run", "--no-migrate"}, replica_env());
    auto port = wait_for_listen_port(*replicas_[index], 60s, "listen");
    if (port == 0) {
        ADD_FAILURE() << "replica " << index << " did not start: " << replicas_[index]->stderr_text();
        return false;
    }
    // Each replica is a webhook target of its own, as two pods behind one Service would be reached in turn:
    // the simulator sends every notification to each subscription.
    json::object request{{"target_url", "http://127.0.0.1:" + std::to_string(port) +
                                            "/webhooks/shipstation?token=" + webhook_token},
                         {"event", "SHIP_NOTIFY"},
                         {"friendly_name", "replica " + std::to_string(index)}};
    http_test_client c(shipstation_port_, 30s);
    // Through the simulator's control route: a V1 call with the key would spend the budget the replicas
    // share, outside their account, and the busiest-minute check is about theirs.
    auto res = c.post("/_control/webhooks/subscribe", json::serialize(request),
                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    return res.result_int() == 200;
}

bool replica_cluster::running(std::size_t index) {
    return index < replicas_.size() && replicas_[index] && !replicas_[index]->wait_for_exit(0ms);
}

std::optional<std::size_t> replica_cluster::leader_of(const std::string& lock_prefix) {
    auto leaders = leaders_of(lock_prefix);
    if (leaders.empty()) return std::nullopt;
    return leaders.front();
}

std::vector<std::size_t> replica_cluster::leaders_of(const std::string& lock_prefix) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
        if (!running(i)) continue;
        std::istringstream lines(replicas_[i]->stderr_text());
        bool held = false;
        for (std::string line; std::getline(lines, line);) {
            if (auto event = leader_event(line, lock_prefix)) held = *event;
        }
        if (held) out.push_back(i);
    }
    return out;
}

std::size_t replica_cluster::acquisitions_of(const std::string& lock_prefix) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
        if (!running(i)) continue;
        std::istringstream lines(replicas_[i]->stderr_text());
        for (std::string line; std::getline(lines, line);) n += leader_event(line, lock_prefix) == true;
    }
    return n;
}

json::object replica_cluster::shipstation_stats() {
    return control_get(shipstation_port_, "/_control/stats").as_object();
}

json::array replica_cluster::shipstation_orders() {
    return control_get(shipstation_port_, "/_control/orders").at("orders").as_array();
}

std::int64_t replica_cluster::ship(std::int64_t order_id) {
    http_test_client c(shipstation_port_, 30s);
    auto res = c.post("/_control/shipments", json::serialize(json::object{{"orderId", order_id}}),
                      {{"Content-Type", "application/json"}});
    if (res.result_int() != 200)
        throw std::runtime_error("ship " + std::to_string(order_id) + ": " + res.body());
    return json::parse(res.body()).at("shipmentId").as_int64();
}

std::int64_t replica_cluster::add_sap_order(const std::string& reference) {
    json::object order{
        {"CardCode", "C40010"},
        {"NumAtCard", reference},
        {"Comments", "Web order " + reference},
        {"DocumentLines",
         json::array{json::object{{"ItemCode", "A00001"}, {"Quantity", 1.0}, {"WarehouseCode", "01"}}}}};
    http_test_client c(sap_port_, 30s);
    auto res = c.post("/_control/orders", json::serialize(order), {{"Content-Type", "application/json"}});
    if (res.result_int() != 200) throw std::runtime_error("SAP order " + reference + ": " + res.body());
    return json::parse(res.body()).at("DocEntry").as_int64();
}

json::array replica_cluster::service_layer_get(const std::string& target) {
    http_test_client c(sap_port_, 60s);
    auto login =
        c.post("/b1s/v2/Login", R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})",
               {{"Content-Type", "application/json"}});
    if (login.result_int() != 200) throw std::runtime_error("SAP login: " + login.body());
    std::string cookie;
    for (const auto& field : login.base()) {
        if (field.name() != boost::beast::http::field::set_cookie) continue;
        auto value = std::string(field.value());
        if (!cookie.empty()) cookie += "; ";
        cookie += value.substr(0, value.find(';'));
    }
    // Unpaged: the control side's state snapshot would hold every order too.
    auto res = c.get(target, {{"Cookie", cookie}, {"Prefer", "odata.maxpagesize=0"}});
    if (res.result_int() != 200) throw std::runtime_error("SAP " + target + ": " + res.body());
    return json::parse(res.body()).at("value").as_array();
}

json::array replica_cluster::sap_deliveries() {
    return service_layer_get("/b1s/v2/DeliveryNotes?$select=DocEntry,Comments");
}

void replica_cluster::stock_up() {
    http_test_client control(sap_port_, 60s);
    for (const auto& item :
         service_layer_get("/b1s/v2/Items?$select=ItemCode,ManageSerialNumbers,ManageBatchNumbers")) {
        std::string code(item.at("ItemCode").as_string());
        if (item.at("ManageSerialNumbers") == "tYES" || item.at("ManageBatchNumbers") == "tYES") {
            managed_items_.insert(code);
            continue;
        }
        json::object stock{{"ItemCode", code}, {"WarehouseCode", "01"}, {"in_stock", 1'000'000}};
        auto res =
            control.post("/_control/stock", json::serialize(stock), {{"Content-Type", "application/json"}});
        if (res.result_int() != 200) throw std::runtime_error("SAP stock of " + code + ": " + res.body());
    }
}

std::string replica_cluster::logs() {
    std::string out;
    for (const auto& log : earlier_logs_) out += "--- an earlier replica ---\n" + notable_lines(log);
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
        if (replicas_[i])
            out += "--- replica " + std::to_string(i) + " ---\n" + notable_lines(replicas_[i]->stderr_text());
    }
    return out;
}

}  // namespace mlc::test
