// The simulator's account: seeding, counters, rate windows, faults, stores, warehouses, carriers and webhook
// subscriptions.
#include "tests/simulators/shipstation/sim_state.hpp"

#include "tests/simulators/shipstation/sim_json.hpp"

#include <array>
#include <cstdio>

namespace mlc::sim::shipstation {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::array<std::string_view, 6> events = {"ORDER_NOTIFY",        "ITEM_ORDER_NOTIFY",
                                                    "SHIP_NOTIFY",         "ITEM_SHIP_NOTIFY",
                                                    "FULFILLMENT_SHIPPED", "FULFILLMENT_REJECTED"};
constexpr std::int64_t seller_id = 100000;

object address(std::string_view name) {
    return object{{"name", name},          {"company", "Simulated Co"}, {"street1", "1 Main St"},
                  {"street2", ""},         {"city", "Austin"},          {"state", "TX"},
                  {"postalCode", "78756"}, {"country", "US"},           {"phone", "512-555-0100"},
                  {"residential", false}};
}

}  // namespace

sim_state::sim_state(const sim_config& cfg, wall_clock_fn now)
    : cfg_(cfg),
      now_(std::move(now)),
      window_(cfg.rate_limit, cfg.rate_window),
      admitted_(cfg.rate_window),
      answer_settings_{cfg.model_state_indexes, cfg.zero_pages},
      rng_(cfg.seed),
      v2_window_(cfg.v2_rate_limit, cfg.v2_rate_window) {
    // Ids differ per seed but stay reproducible.
    std::int64_t base = 1'000'000 + static_cast<std::int64_t>(cfg.seed % 1000) * 10'000;
    next_order_id_ = 100'000'000 + base;
    next_item_id_ = 200'000'000 + base;
    next_shipment_id_ = 300'000'000 + base;
    next_batch_id_ = 400'000'000 + base;
    next_fulfillment_id_ = 500'000'000 + base;
    next_customer_id_ = 600'000'000 + base;
    next_product_id_ = 700'000'000 + base;
    next_webhook_id_ = 800'000 + base % 100'000;
    manual_store_id_ = 10'000 + base / 10'000;

    auto created = pacific(now_() - std::chrono::hours(24 * 365), pacific_style::fraction3);
    auto store = [&](std::int64_t id, std::string_view name, std::int64_t marketplace,
                     std::string_view market) {
        stores_.emplace(id, object{{"storeId", id},
                                   {"storeName", name},
                                   {"marketplaceId", marketplace},
                                   {"marketplaceName", market},
                                   {"accountName", nullptr},
                                   {"email", "orders@example.com"},
                                   {"integrationUrl", nullptr},
                                   {"active", true},
                                   {"companyName", "Simulated Co"},
                                   {"phone", ""},
                                   {"publicEmail", ""},
                                   {"website", ""},
                                   {"refreshDate", nullptr},
                                   {"lastRefreshAttempt", nullptr},
                                   {"createDate", created},
                                   {"modifyDate", created},
                                   {"autoRefresh", false}});
    };
    store(manual_store_id_, "Manual Orders", 0, "ShipStation");
    store(manual_store_id_ + 1, "Web Shop", 36, "WooCommerce");
    std::int64_t warehouse = 16'000 + base / 10'000;
    warehouses_.emplace(warehouse, object{{"warehouseId", warehouse},
                                          {"warehouseName", "Main Warehouse"},
                                          {"originAddress", address("Main Warehouse")},
                                          {"returnAddress", address("Returns")},
                                          {"createDate", created},
                                          {"isDefault", true}});
    auto carrier = [&](std::string_view name, std::string_view code, std::int64_t provider) {
        carriers_.push_back(object{{"name", name},
                                   {"code", code},
                                   {"accountNumber", "SIM-" + std::string(code)},
                                   {"requiresFundedAccount", code == "stamps_com"},
                                   {"balance", 100.0},
                                   {"nickname", nullptr},
                                   {"shippingProviderId", provider},
                                   {"primary", true}});
    };
    carrier("Stamps.com", "stamps_com", 1001);
    carrier("UPS", "ups", 1002);
    carrier("FedEx", "fedex", 1003);
    // The Inventory API's account: one warehouse with three locations (ids in V2's "se-" style).
    inventory_warehouses_.emplace_back("se-100", "Main Warehouse");
    inventory_locations_ = {{"se-4567", "se-100", "Aisle 1"},
                            {"se-4568", "se-100", "Aisle 2"},
                            {"se-4569", "se-100", "Overflow"}};
}

void sim_state::set_base_url(std::string url) {
    std::lock_guard lock(mutex_);
    base_url_ = std::move(url);
}

std::string sim_state::new_guid() {
    auto a = rng_();
    auto b = rng_();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-a%03x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(b >> 52), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

window_verdict sim_state::admit_request(const std::string& endpoint) {
    std::lock_guard lock(mutex_);
    ++counters_.requests;
    ++counters_.by_endpoint[endpoint];
    auto at = now_();
    auto v = window_.admit(at);
    if (v.allowed) {
        admitted_.record(at);
    } else {
        ++counters_.throttled;
    }
    return v;
}

window_verdict sim_state::admit_v2_request(const std::string& endpoint) {
    std::lock_guard lock(mutex_);
    ++counters_.requests;
    ++counters_.by_endpoint[endpoint];
    auto v = v2_window_.admit(now_());
    if (!v.allowed) ++counters_.v2_throttled;
    return v;
}

void sim_state::set_v2_rate_limit(unsigned limit) {
    std::lock_guard lock(mutex_);
    v2_window_.set_limit(limit);
}

std::string sim_state::new_request_id() {
    std::lock_guard lock(mutex_);
    return new_guid();
}

window_verdict sim_state::peek_window() {
    std::lock_guard lock(mutex_);
    return window_.peek(now_());
}

void sim_state::count_unauthorized() {
    std::lock_guard lock(mutex_);
    ++counters_.requests;
    ++counters_.unauthorized;
}

void sim_state::count_webhook(bool ok) {
    std::lock_guard lock(mutex_);
    ++(ok ? counters_.webhooks_sent : counters_.webhooks_failed);
}

sim_counters sim_state::counters() const {
    std::lock_guard lock(mutex_);
    auto c = counters_;
    c.max_in_sliding_window = admitted_.peak();
    c.sliding_window = admitted_.window();
    return c;
}

void sim_state::set_rate_limit(unsigned limit) {
    std::lock_guard lock(mutex_);
    window_.set_limit(limit);
}

fault_settings sim_state::faults() const {
    std::lock_guard lock(mutex_);
    return faults_;
}

void sim_state::set_faults(const fault_settings& f) {
    std::lock_guard lock(mutex_);
    faults_ = f;
}

std::string sim_state::take_fault(bool is_write) {
    std::lock_guard lock(mutex_);
    auto spend = [&](unsigned& n, const char* name) -> std::string {
        --n;
        ++counters_.faults;
        return name;
    };
    if (faults_.hang > 0) return spend(faults_.hang, "hang");
    if (is_write && faults_.fail_before_write > 0) return spend(faults_.fail_before_write, "before");
    if (is_write && faults_.fail_after_write > 0) return spend(faults_.fail_after_write, "after");
    if (is_write && faults_.hang_after_write > 0) return spend(faults_.hang_after_write, "after_hang");
    if (!is_write && faults_.fail_reads > 0) return spend(faults_.fail_reads, "before");
    return {};
}

webhook_settings sim_state::webhooks_settings() const {
    std::lock_guard lock(mutex_);
    return webhook_settings_;
}

void sim_state::set_webhook_settings(const webhook_settings& w) {
    std::lock_guard lock(mutex_);
    webhook_settings_ = w;
}

answer_settings sim_state::answers() const {
    std::lock_guard lock(mutex_);
    return answer_settings_;
}

void sim_state::set_answers(const answer_settings& a) {
    std::lock_guard lock(mutex_);
    answer_settings_ = a;
}

std::string sim_state::resource_origin() const {
    std::lock_guard lock(mutex_);
    return base_url_;
}

api_result sim_state::list_warehouses() {
    std::lock_guard lock(mutex_);
    array items;
    for (const auto& [id, w] : warehouses_) items.push_back(w);
    return {200, std::move(items)};
}

api_result sim_state::get_warehouse(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = warehouses_.find(id);
    if (it == warehouses_.end()) return not_found("Warehouse");
    return {200, it->second};
}

api_result sim_state::list_stores(const query_params& q) {
    std::lock_guard lock(mutex_);
    std::optional<std::int64_t> marketplace;
    try {
        marketplace = q.get_int("marketplaceId");
    } catch (const std::invalid_argument& e) {
        throw model_error("marketplaceId", e.what());
    }
    bool inactive_too = q.get_bool("showInactive", false);
    array items;
    for (const auto& [id, s] : stores_) {
        if (marketplace && int_of(s, "marketplaceId") != *marketplace) continue;
        if (!inactive_too && !s.at("active").as_bool()) continue;
        items.push_back(s);
    }
    return {200, std::move(items)};
}

api_result sim_state::get_store(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = stores_.find(id);
    if (it == stores_.end()) return not_found("Store");
    object out = it->second;
    out["statusMappings"] = array{object{{"orderStatus", "awaiting_shipment"}, {"statusKey", "Processing"}},
                                  object{{"orderStatus", "shipped"}, {"statusKey", "Completed"}}};
    return {200, std::move(out)};
}

api_result sim_state::set_store_active(const value& body, bool active) {
    std::lock_guard lock(mutex_);
    const auto& in = object_body(body, "request");
    auto it = stores_.find(int_of(in, "storeId").value_or(0));
    if (it == stores_.end()) throw model_error("request.storeId", "Invalid storeId.");
    it->second["active"] = active;
    return {200, object{{"success", true},
                        {"message",
                         active ? "The store has been reactivated." : "The store has been deactivated."}}};
}

api_result sim_state::list_carriers() {
    std::lock_guard lock(mutex_);
    return {200, carriers_};
}

api_result sim_state::subscribe_webhook(const value& body) {
    std::lock_guard lock(mutex_);
    const auto& in = object_body(body, "request");
    webhook_rec w;
    w.target_url = str_of(in, "target_url");
    w.event = str_of(in, "event");
    w.name = str_of(in, "friendly_name");
    w.store_id = int_of(in, "store_id");
    if (!w.target_url.starts_with("http://") && !w.target_url.starts_with("https://")) {
        throw model_error("request.target_url",
                          "The target_url field is required and must be an absolute URL.");
    }
    if (std::find(events.begin(), events.end(), w.event) == events.end()) {
        throw model_error("request.event", "Invalid event '" + w.event + "'.");
    }
    if (w.store_id && !stores_.contains(*w.store_id))
        throw model_error("request.store_id", "Invalid store_id.");
    w.id = next_id(next_webhook_id_);
    auto id = w.id;
    webhooks_.emplace(id, std::move(w));
    return {200, object{{"id", id}}};
}

api_result sim_state::list_webhooks() {
    std::lock_guard lock(mutex_);
    array hooks;
    for (const auto& [id, w] : webhooks_) {
        hooks.push_back(object{{"IsLabelAPIHook", false},
                               {"WebHookID", id},
                               {"SellerID", seller_id},
                               {"StoreID", w.store_id ? value(*w.store_id) : value(nullptr)},
                               {"HookType", w.event},
                               {"MessageFormat", "Json"},
                               {"Url", w.target_url},
                               {"Name", w.name},
                               {"BulkCopyBatchID", nullptr},
                               {"BulkCopyRecordID", nullptr},
                               {"Active", true},
                               {"WebhookLogs", array{}},
                               {"Seller", nullptr},
                               {"Store", nullptr}});
    }
    return {200, object{{"webhooks", std::move(hooks)}}};
}

api_result sim_state::unsubscribe_webhook(std::int64_t id) {
    std::lock_guard lock(mutex_);
    if (webhooks_.erase(id) == 0) return not_found("Webhook");
    return {200, nullptr};
}

}  // namespace mlc::sim::shipstation
