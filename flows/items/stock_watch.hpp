// What brings stock changes made in SAP by anything else to ShipStation: SAP's warehouse journal (OINM,
// through a stored SQL query) when the administrator allows it, read every poll; otherwise a full scan every
// MLC_INVENTORY_INTERVAL. Runs on one replica (the caller holds the lock). A resync (an operator's) reads
// ShipStation's own levels first and scans everything.
#pragma once

#include "clients/sap/client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/items/stock_sync.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace mlc::flows::items {

enum class stock_source { unknown, journal, scan };

struct watch_report {
    stock_source source = stock_source::unknown;
    std::size_t journal_rows = 0;
    std::size_t queued = 0;            // items queued for a sync from the journal
    std::optional<stock_report> scan;  // when a scan ran
    std::optional<std::string> error;
    std::chrono::milliseconds next{0};  // when to look again
};

class stock_watch {
public:
    // `on_queued` wakes the stock syncs. References must outlive the watch.
    stock_watch(db::database& database, clients::sap::client& sap, stock_sync& sync,
                const items_settings& settings, const logger& log, std::function<void()> on_queued);

    // One look: the journal since its watermark, or a scan when one is due (or `resync`). Never throws except
    // std::bad_alloc, database_closed and system_error(operation_aborted): errors are reported, the next look
    // retries.
    boost::asio::awaitable<watch_report> look(bool resync);

    stock_source source() const noexcept { return source_; }
    std::string watermark_name() const;

private:
    boost::asio::awaitable<void> look_unguarded(bool resync, watch_report& report);
    boost::asio::awaitable<void> read_journal(std::int64_t after, watch_report& report);
    boost::asio::awaitable<void> run_scan(bool resync, watch_report& report);

    db::database& db_;
    clients::sap::client& sap_;
    stock_sync& sync_;
    const items_settings& settings_;
    const logger& log_;
    std::function<void()> on_queued_;
    stock_source source_ = stock_source::unknown;
    std::optional<std::chrono::steady_clock::time_point> last_scan_;
};

}  // namespace mlc::flows::items
