// Stock to ShipStation's V2 inventory: compare with what it confirmed, adjust what differs, audit each
// change.
#include "flows/items/stock_sync.hpp"

#include "clients/sap/collection.hpp"
#include "clients/sap/items.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/shipstation/inventory.hpp"
#include "common/backoff.hpp"
#include "common/json_fields.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "flows/items/item_audit.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/items/stock_levels.hpp"
#include "flows/job_payload.hpp"

#include <algorithm>
#include <set>

namespace mlc::flows::items {

namespace {

namespace sap = clients::sap;
namespace ss = clients::shipstation;
namespace jobs = db::job_queue;
namespace audit = db::audit_log;
namespace stock = db::item_stock;

constexpr const char* adjust_reason = "SAP Business One stock (ml-connector)";

boost::json::object level_json(const stock::sap_level& l) {
    return {{"sku", l.sku},
            {"WarehouseCode", l.warehouse_code},
            {"inventory_location_id", l.location_id},
            {"quantity", l.quantity}};
}

}  // namespace

stock_sync::stock_sync(db::database& database, clients::sap::client& sap, ss::inventory_client& v2,
                       item_reader& items, const items_settings& settings, const logger& log,
                       std::string owner)
    : db_(database),
      sap_(sap),
      v2_(v2),
      items_(items),
      settings_(settings),
      log_(log),
      owner_(std::move(owner)) {}

boost::asio::awaitable<std::vector<stock::sap_level>> stock_sync::levels_of(
    const std::vector<sap::item>& items) {
    auto skus = co_await items_.skus_of(items);
    std::vector<stock::sap_level> out;
    for (const auto& item : items) {
        // Only stock-keeping items have levels; a service item has none to sell out of.
        if (item.raw.contains("InventoryItem") && json_fields::text(item.raw, "InventoryItem") == "tNO")
            continue;
        auto levels = stock_levels(item, skus.at(item.item_code), settings_.location_map, settings_.quantity);
        out.insert(out.end(), levels.begin(), levels.end());
    }
    co_return out;
}

boost::asio::awaitable<bool> stock_sync::send(const stock::sap_level& level, stock_report& report) {
    ++report.v2_calls;
    auto answer =
        co_await ss::adjust_inventory(v2_, level.sku, level.location_id, level.quantity, adjust_reason);
    std::optional<std::string> error;
    if (!answer) error = answer.error().describe();
    co_await db_.run([&](pqxx::work& w) {
        if (error)
            stock::note_failure(w, settings_.company_db, level, *error);
        else
            stock::confirm(w, settings_.company_db, level);
        audit::append(
            w, item_row(level.item_code, audit::direction::outbound, "set_stock",
                        error ? audit::outcome::failed : audit::outcome::ok)
                   .with_request(level_json(level))
                   .with_response(boost::json::object{{"transaction_type", "adjust"}, {"accepted", !error}})
                   .with_error(error));
    });
    if (error) {
        ++report.failed;
        log_.warn("inventory.set_failed", {{"item_code", level.item_code},
                                           {"sku", level.sku},
                                           {"location_id", level.location_id},
                                           {"error", *error}});
        co_return false;
    }
    ++report.sent;
    co_return true;
}

boost::asio::awaitable<bool> stock_sync::reconcile(const std::vector<stock::sap_level>& levels,
                                                   const listing* known, stock_report& report) {
    auto changed = co_await db_.run(
        [&](pqxx::work& w) { return stock::note_sap_levels(w, settings_.company_db, levels); });
    std::vector<stock::sap_level> to_send, already_there;
    if (known) {
        // A resync: what ShipStation holds now decides, whatever was confirmed before (it was changed there).
        for (const auto& level : levels) {
            auto held = known->find({level.location_id, level.sku});
            std::int64_t there = held == known->end() ? 0 : held->second;  // absent: zero
            (there == level.quantity ? already_there : to_send).push_back(level);
        }
    } else {
        to_send = std::move(changed);
    }
    if (!already_there.empty())
        co_await db_.run([&](pqxx::work& w) {
            for (const auto& level : already_there) stock::confirm(w, settings_.company_db, level);
        });
    report.changed += to_send.size();
    bool all_sent = true;
    for (const auto& level : to_send) all_sent = co_await send(level, report) && all_sent;
    co_return all_sent;
}

boost::asio::awaitable<stock_report> stock_sync::sync_once(std::size_t limit) {
    stock_report report;
    auto claimed = co_await db_.run(
        [&](pqxx::work& w) { return jobs::claim(w, {sync_stock_kind}, owner_, settings_.lease, limit); });
    if (claimed.empty()) co_return report;
    std::vector<std::string> codes;
    for (const auto& job : claimed)
        if (auto j = read_job<item_job>(job.payload)) codes.push_back(j->item_code);
    std::vector<std::string> fields{"ItemCode", "ItemWarehouseInfoCollection"};
    for (auto& f : items_.stock_fields()) fields.push_back(std::move(f));
    auto read = co_await sap::items_by_code(sap_, codes, fields);
    bool all_sent = false;
    if (read) {
        report.items = read->size();
        all_sent = co_await reconcile(co_await levels_of(*read), nullptr, report);
    } else {
        report.error = "SAP Items: " + read.error().describe();
    }
    // An item SAP no longer has, or a payload without one, has nothing to sync: its job is done.
    std::optional<std::string> failure = report.error ? report.error
                                         : all_sent   ? std::nullopt
                                                      : std::optional<std::string>("a level was not set");
    co_await db_.run([&](pqxx::work& w) {
        for (const auto& job : claimed) {
            if (!failure) {
                jobs::complete(w, job.id, owner_);
                continue;
            }
            auto delay = doubling_backoff(job.attempts, settings_.retry_delay, settings_.retry_max_delay);
            jobs::fail(w, job.id, owner_, *failure, delay);
        }
    });
    if (report.error)
        log_.warn("inventory.sync_failed", {{"items", claimed.size()}, {"error", *report.error}});
    co_return report;
}

boost::asio::awaitable<std::optional<stock_sync::listing>> stock_sync::read_listing(stock_report& report) {
    listing out;
    std::set<std::string> locations;
    for (const auto& [warehouse, location] : settings_.location_map) locations.insert(location);
    for (const auto& location : locations) {
        auto levels = co_await ss::list_inventory(v2_, location);
        ++report.v2_calls;
        if (!levels) {
            report.error = "ShipStation inventory at " + location + ": " + levels.error().describe();
            co_return std::nullopt;
        }
        std::vector<std::pair<std::string, std::int64_t>> listed;
        for (const auto& level : *levels) {
            if (level.location_id != location) continue;
            out[{location, level.sku}] += level.on_hand;
            listed.emplace_back(level.sku, level.on_hand);
        }
        co_await db_.run(
            [&](pqxx::work& w) { stock::note_reported(w, settings_.company_db, location, listed); });
    }
    co_return out;
}

boost::asio::awaitable<stock_report> stock_sync::scan(bool resync) {
    stock_report report;
    std::optional<listing> known;
    if (resync) {
        known = co_await read_listing(report);
        if (!known) co_return report;
    }
    std::optional<std::string> target = sap::item_stock_target(sap_, items_.stock_fields());
    std::set<std::string> read;  // a next link naming an earlier page would repeat the scan for ever
    while (target) {
        if (!read.insert(*target).second) {
            report.error = "SAP Items: " + sap::repeated_link().describe();
            break;
        }
        auto page = co_await sap::read_item_page(sap_, std::move(*target));
        if (!page) {
            report.error = "SAP Items: " + page.error().describe();
            break;
        }
        report.items += page->items.size();
        co_await reconcile(co_await levels_of(page->items), known ? &*known : nullptr, report);
        target = std::move(page->next_target);
    }
    log_.info("inventory.scanned", {{"resync", resync},
                                    {"items", report.items},
                                    {"changed", report.changed},
                                    {"sent", report.sent},
                                    {"failed", report.failed},
                                    {"v2_calls", report.v2_calls},
                                    {"error", report.error.value_or("")}});
    co_return report;
}

}  // namespace mlc::flows::items
