// Stock changes made in SAP by anything else: the warehouse journal, or full scans.
#include "flows/items/stock_watch.hpp"

#include "clients/sap/collection.hpp"
#include "clients/sap/warehouse_journal.hpp"
#include "db/watermarks.hpp"
#include "flows/items/item_jobs.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <set>

namespace mlc::flows::items {

namespace {

namespace sap = clients::sap;

std::optional<std::int64_t> stored_trans_num(const std::optional<boost::json::value>& v) {
    if (!v || !v->is_object()) return std::nullopt;
    const auto* n = v->as_object().if_contains("trans_num");
    if (!n || !n->is_int64()) return std::nullopt;
    return n->get_int64();
}

}  // namespace

stock_watch::stock_watch(db::database& database, clients::sap::client& sap, stock_sync& sync,
                         const items_settings& settings, const logger& log, std::function<void()> on_queued)
    : db_(database),
      sap_(sap),
      sync_(sync),
      settings_(settings),
      log_(log),
      on_queued_(std::move(on_queued)) {}

std::string stock_watch::watermark_name() const {
    return "inventory_journal:" + settings_.company_db;
}

boost::asio::awaitable<watch_report> stock_watch::look(bool resync) {
    watch_report report;
    try {
        co_await look_unguarded(resync, report);
    } catch (const db::database_closed&) {
        throw;
    } catch (const boost::system::system_error&) {
        throw;  // the clients shut down
    } catch (const std::exception& e) {
        report.error = std::string("database: ") + e.what();
    }
    report.source = source_;
    if (report.error) log_.warn("inventory.watch_failed", {{"error", *report.error}});
    if (source_ == stock_source::journal || report.error) {
        report.next = settings_.poll_interval;
    } else {
        auto due = *last_scan_ + settings_.scan_interval - std::chrono::steady_clock::now();
        report.next = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(due),
                               std::chrono::milliseconds(0));
    }
    co_return report;
}

boost::asio::awaitable<void> stock_watch::look_unguarded(bool resync, watch_report& report) {
    const auto name = watermark_name();
    auto stored =
        stored_trans_num(co_await db_.run([&](pqxx::work& w) { return db::watermarks::get(w, name); }));
    if (!stored) {
        // The journal's head first, then everything once: what changes during the scan is in the journal
        // after the head. Without a journal, a scan when one is due.
        auto head = co_await sap::journal_head(sap_);
        if (!head && head.error().kind != clients::error_kind::refused) {
            report.error = "SAP warehouse journal: " + head.error().describe();
            co_return;
        }
        if (!head) {
            if (source_ != stock_source::scan)
                log_.warn("inventory.journal_closed",
                          {{"reason", head.error().describe()},
                           {"then",
                            "full stock scans every MLC_INVENTORY_INTERVAL; ml-connector check says how to "
                            "open the journal"}});
            source_ = stock_source::scan;
            if (resync || !last_scan_ ||
                std::chrono::steady_clock::now() - *last_scan_ >= settings_.scan_interval)
                co_await run_scan(resync || !last_scan_, report);
            co_return;
        }
        source_ = stock_source::journal;
        co_await run_scan(true, report);
        if (report.scan && report.scan->error) co_return;  // the next look starts over
        co_await db_.run([&](pqxx::work& w) {
            db::watermarks::set(w, name, boost::json::object{{"trans_num", *head}});
        });
        co_return;
    }
    source_ = stock_source::journal;
    if (resync) co_await run_scan(true, report);
    co_await read_journal(*stored, report);
}

boost::asio::awaitable<void> stock_watch::run_scan(bool resync, watch_report& report) {
    report.scan = co_await sync_.scan(resync);
    last_scan_ = std::chrono::steady_clock::now();
    if (report.scan->error) report.error = report.scan->error;
}

boost::asio::awaitable<void> stock_watch::read_journal(std::int64_t after, watch_report& report) {
    auto page = co_await sap::warehouse_journal(sap_, after);
    std::set<std::string> read;  // next links followed: one seen before would go round for ever
    while (true) {
        if (!page) {
            report.error = "SAP warehouse journal: " + page.error().describe();
            if (page.error().kind == clients::error_kind::refused) {
                // Closed since: forget the watermark, so the next look falls back to scans (and back to the
                // journal, from its head, once it opens again).
                co_await db_.run([&](pqxx::work& w) { db::watermarks::remove(w, watermark_name()); });
                source_ = stock_source::unknown;
            }
            co_return;
        }
        std::set<std::string> codes;
        for (const auto& row : page->rows) {
            codes.insert(row.item_code);
            after = std::max(after, row.trans_num);
        }
        report.journal_rows += page->rows.size();
        std::vector<std::string> items(codes.begin(), codes.end());
        co_await db_.run([&](pqxx::work& w) {
            queue_stock_syncs(w, settings_.company_db, items, "warehouse journal");
            db::watermarks::set(w, watermark_name(), boost::json::object{{"trans_num", after}});
        });
        report.queued += items.size();
        if (!items.empty() && on_queued_) on_queued_();
        if (!page->next_target) co_return;
        if (!read.insert(*page->next_target).second) {
            report.error = "SAP warehouse journal: " + sap::repeated_link().describe();
            co_return;
        }
        page = co_await sap::read_journal_page(sap_, std::move(*page->next_target));
    }
}

}  // namespace mlc::flows::items
