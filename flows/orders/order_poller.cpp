// The SAP side of the orders flow: orders changed since the watermark, page by page, into the intake.
#include "flows/orders/order_poller.hpp"

#include "clients/sap/collection.hpp"
#include "clients/sap/discovery.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/sap/orders.hpp"
#include "common/setting_parsers.hpp"
#include "db/audit_log.hpp"
#include "db/order_links.hpp"
#include "db/watermarks.hpp"
#include "flows/change_watermark.hpp"
#include "flows/orders/order_inputs.hpp"
#include "flows/orders/order_intake.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace mlc::flows::orders {

namespace {

namespace sap = clients::sap;

// The latest UpdateDate/UpdateTime among `orders`, or `newest` when none is later.
sap::order_watermark newest_change(const std::vector<sap::document>& orders, sap::order_watermark newest) {
    for (const auto& order : orders) {
        if (!order.update_date) continue;
        sap::order_watermark seen{*order.update_date, order.update_time.value_or(std::chrono::seconds(0))};
        if (later(seen, newest)) newest = seen;
    }
    return newest;
}

// Adds `results` to the report's counts; true when any push was queued.
bool tally(const std::vector<intake_result>& results, poll_report& report) {
    bool queued_any = false;
    for (auto r : results) {
        switch (r) {
            case intake_result::already_seen:
                ++report.already_seen;
                break;
            case intake_result::unchanged:
                ++report.unchanged;
                break;
            case intake_result::queued:
                ++report.queued;
                queued_any = true;
                break;
            case intake_result::refused:
                ++report.refused;
                break;
            case intake_result::ignored:
                ++report.ignored;
                break;
            case intake_result::locked:
                ++report.locked;
                break;
        }
    }
    return queued_any;
}

}  // namespace

order_poller::order_poller(db::database& database, clients::sap::client& sap, db::leader_lock& leadership,
                           const orders_settings& settings, const items::items_settings& items_settings,
                           items::item_reader& items, const logger& log, std::function<void()> on_queued)
    : db_(database),
      sap_(sap),
      leadership_(leadership),
      settings_(settings),
      items_settings_(items_settings),
      items_(items),
      log_(log),
      on_queued_(std::move(on_queued)) {}

std::string order_poller::watermark_name() const {
    return "orders_poller:" + settings_.company_db;
}

boost::asio::awaitable<poll_report> order_poller::poll_once() {
    poll_report report;
    report.leader = co_await leadership_.try_hold();
    if (!report.leader) co_return report;
    try {
        co_await read_and_take_in(report);
    } catch (const db::database_closed&) {
        throw;
    } catch (const std::exception& e) {
        report.error = std::string("database: ") + e.what();
    }
    if (report.error) {
        log_.warn("orders.poll_incomplete", {{"error", *report.error}, {"pages", report.pages}});
        // Visible beside the orders' own rows; the next poll starts from the same watermark.
        try {
            co_await db_.run([&](pqxx::work& w) {
                db::audit_log::entry e;
                e.dir = db::audit_log::direction::inbound;
                e.entity_type = "sap_orders_poll";
                e.entity_key = settings_.company_db;
                e.action = "poll";
                e.result = db::audit_log::outcome::failed;
                db::audit_log::append(w, e.with_response(boost::json::object{{"pages_recorded", report.pages},
                                                                             {"orders_read", report.orders},
                                                                             {"queued", report.queued}})
                                             .with_error(*report.error));
            });
        } catch (const db::database_closed&) {
            throw;
        } catch (const std::exception& e) {
            log_.warn("orders.poll_audit_failed", {{"error", e.what()}});
        }
    } else {
        log_.info("orders.polled", {{"orders", report.orders},
                                    {"queued", report.queued},
                                    {"unchanged", report.unchanged + report.already_seen},
                                    {"refused", report.refused},
                                    {"ignored", report.ignored},
                                    {"locked", report.locked}});
    }
    co_return report;
}

boost::asio::awaitable<sap::order_watermark> order_poller::stored_watermark() {
    const auto name = watermark_name();
    auto stored = co_await db_.run([&](pqxx::work& w) { return db::watermarks::get(w, name); });
    if (stored) {
        if (auto parsed = parse_watermark(*stored)) co_return *parsed;
        log_.warn("orders.watermark_unreadable", {{"name", name}});
    }
    co_return sap::order_watermark{settings_.first_day, std::chrono::seconds(0)};
}

boost::asio::awaitable<void> order_poller::read_and_take_in(poll_report& report) {
    const auto since = co_await stored_watermark();
    // Shipping type names change rarely; one read per poll keeps them current at the cost of one request.
    auto types = co_await shipping_type_names(sap_);
    if (!types) {
        report.error = "SAP ShippingTypes: " + types.error().describe();
        co_return;
    }
    const auto& shipping_names = *types;

    partner_cache partners;  // per poll: customers repeat across orders
    auto newest = since;
    // The UpdateDate literal is written in the form this Service Layer accepts (probed once per client).
    if (auto form = co_await sap::learn_date_form(sap_); !form) {
        report.error = "SAP date filter: " + form.error().describe();
        co_return;
    }
    std::optional<std::string> target = sap::orders_changed_target(sap_, since, settings_.poll_overlap);
    std::set<std::string> read;  // a next link naming an earlier page would repeat the poll for ever
    while (target) {
        if (!read.insert(*target).second) {
            report.error = "SAP Orders: " + sap::repeated_link().describe();
            co_return;
        }
        auto page = co_await sap::read_order_page(sap_, std::move(*target));
        if (!page) {
            report.error = "SAP Orders: " + page.error().describe();
            co_return;
        }
        ++report.pages;
        report.orders += page->orders.size();
        auto fresh = co_await not_seen_yet(page->orders, report);
        auto results = co_await take_in_page(fresh, partners, shipping_names, report);
        if (!results) co_return;
        if (tally(*results, report) && on_queued_) on_queued_();
        newest = newest_change(page->orders, newest);
        target = std::move(page->next_target);
    }
    // Every page is committed: only now may the next poll start later.
    co_await db_.run(
        [&](pqxx::work& w) { db::watermarks::set(w, watermark_name(), watermark_json(newest)); });
    report.complete = true;
}

boost::asio::awaitable<std::optional<std::vector<intake_result>>> order_poller::take_in_page(
    const std::vector<const sap::document*>& fresh, partner_cache& partners,
    const std::map<int, std::string>& shipping_names, poll_report& report) {
    if (auto failed = co_await look_up_partners(sap_, fresh, partners)) {
        report.error = std::move(*failed);
        co_return std::nullopt;
    }
    auto facts = co_await look_up_items(items_, fresh);
    if (!facts) {
        report.error = "SAP Items: " + facts.error().describe();
        co_return std::nullopt;
    }
    intake_context context{
        settings_,
        shipping_names,
        *facts,
        items_settings_.product_share > 0,
        items_settings_.first_alignment_delay,
        items_settings_.inventory && items_settings_.quantity == stock_quantity::available};
    // May run twice (a serialization failure or deadlock is retried): it only reads what the page gathered,
    // and the results come back from it.
    co_return co_await db_.run([&](pqxx::work& w) {
        std::vector<intake_result> out;
        out.reserve(fresh.size());
        for (const auto* order : fresh)
            out.push_back(take_in(w, *order, partners.at(order->card_code), context));
        return out;
    });
}

boost::asio::awaitable<std::vector<const sap::document*>> order_poller::not_seen_yet(
    const std::vector<sap::document>& orders, poll_report& report) {
    // Versions already processed (overlapping windows re-read them) cost no further request.
    std::vector<int> entries;
    for (const auto& order : orders) entries.push_back(order.doc_entry);
    auto known = co_await db_.run(
        [&](pqxx::work& w) { return db::order_links::versions(w, settings_.company_db, entries); });
    std::vector<const sap::document*> fresh;
    for (const auto& order : orders) {
        auto it = known.find(order.doc_entry);
        if (it != known.end() && it->second.first == sap_version_of(order) &&
            it->second.second == raw_hash(order)) {
            ++report.already_seen;
            continue;
        }
        fresh.push_back(&order);
    }
    co_return fresh;
}

}  // namespace mlc::flows::orders
