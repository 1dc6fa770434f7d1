// Items changed in SAP: the linked ones are queued for product alignment, page by page.
#include "flows/items/items_poller.hpp"

#include "clients/sap/collection.hpp"
#include "clients/sap/discovery.hpp"
#include "clients/sap/items.hpp"
#include "clients/sap/master_data.hpp"
#include "db/item_links.hpp"
#include "db/watermarks.hpp"
#include "flows/change_watermark.hpp"
#include "flows/items/item_jobs.hpp"

#include <boost/json/serialize.hpp>

#include <set>
#include <string>

namespace mlc::flows::items {

namespace sap = clients::sap;

items_poller::items_poller(db::database& database, clients::sap::client& sap, db::leader_lock& leadership,
                           item_reader& items, const items_settings& settings, const logger& log)
    : db_(database), sap_(sap), leadership_(leadership), items_(items), settings_(settings), log_(log) {}

std::string items_poller::watermark_name() const {
    return "items_poller:" + settings_.company_db;
}

boost::asio::awaitable<items_poll_report> items_poller::poll_once() {
    items_poll_report report;
    report.leader = co_await leadership_.try_hold();
    if (!report.leader) co_return report;
    try {
        co_await read_pages(report);
    } catch (const db::database_closed&) {
        throw;
    } catch (const std::exception& e) {
        report.error = std::string("database: ") + e.what();
    }
    if (report.error)
        log_.warn("items.poll_incomplete", {{"error", *report.error}, {"pages", report.pages}});
    else if (report.items > 0)
        log_.info("items.polled", {{"items", report.items}, {"queued", report.queued}});
    co_return report;
}

boost::asio::awaitable<void> items_poller::read_pages(items_poll_report& report) {
    const auto name = watermark_name();
    auto stored = co_await db_.run([&](pqxx::work& w) { return db::watermarks::get(w, name); });
    auto since = stored ? parse_watermark(*stored) : std::nullopt;
    auto newest = since.value_or(change_watermark{settings_.first_day, std::chrono::seconds(0)});
    // The UpdateDate literal is written in the form this Service Layer accepts (probed once per client).
    if (auto form = co_await sap::learn_date_form(sap_); !form) {
        report.error = "SAP date filter: " + form.error().describe();
        co_return;
    }
    std::optional<std::string> target =
        sap::items_changed_target(sap_, newest, settings_.poll_overlap, items_.item_fields());
    std::set<std::string> read;  // a next link naming an earlier page would repeat the poll for ever
    while (target) {
        if (!read.insert(*target).second) {
            report.error = "SAP Items: " + sap::repeated_link().describe();
            co_return;
        }
        auto page = co_await sap::read_item_page(sap_, std::move(*target));
        if (!page) {
            report.error = "SAP Items: " + page.error().describe();
            co_return;
        }
        ++report.pages;
        report.items += page->items.size();
        std::vector<std::pair<std::string, std::string>> versions;
        for (const auto& item : page->items) {
            change_watermark seen{item.update_date.value_or(std::chrono::sys_days{}),
                                  item.update_time.value_or(std::chrono::seconds(0))};
            versions.emplace_back(item.item_code, boost::json::serialize(watermark_json(seen)));
            if (item.update_date && later(seen, newest)) newest = seen;
        }
        // Overlapping polls read an item again; only a version not seen before is aligned again.
        report.queued += co_await db_.run([&](pqxx::work& w) {
            auto changed = db::item_links::changed_versions(w, settings_.company_db, versions);
            queue_alignments(w, settings_.company_db, changed, "changed in SAP");
            return changed.size();
        });
        target = std::move(page->next_target);
    }
    co_await db_.run([&](pqxx::work& w) { db::watermarks::set(w, name, watermark_json(newest)); });
    report.complete = true;
}

}  // namespace mlc::flows::items
