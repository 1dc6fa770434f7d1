// Reconciliation: shipments, fulfillments and voids the webhooks did not bring.
#include "flows/shipments/reconciler.hpp"

#include "clients/call_error.hpp"
#include "clients/shipstation/shipments.hpp"
#include "common/clock.hpp"
#include "common/random_id.hpp"
#include "db/watermarks.hpp"
#include "flows/shipments/shipment_records.hpp"

#include <boost/json/value.hpp>

#include <algorithm>

namespace mlc::flows::shipments {

namespace {

namespace ss = clients::shipstation;
using clock_type = std::chrono::system_clock;

// The watermark as stored: {"since_us": microseconds since the epoch, "since": ISO 8601 for people}.
boost::json::value watermark_json(clock_type::time_point t) {
    return boost::json::object{
        {"since_us", std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count()},
        {"since", format_utc_iso8601(t)}};
}

std::optional<clock_type::time_point> parse_watermark(const boost::json::value& v) {
    const auto* o = v.if_object();
    const auto* us = o ? o->if_contains("since_us") : nullptr;
    if (!us || !us->is_int64()) return std::nullopt;
    return clock_type::time_point(
        std::chrono::duration_cast<clock_type::duration>(std::chrono::microseconds(us->get_int64())));
}

// The store a shipment names in advancedOptions.storeId, if any.
std::optional<std::int64_t> store_of(const ss::shipment& s) {
    const auto* options = s.raw.if_contains("advancedOptions");
    const auto* o = options ? options->if_object() : nullptr;
    const auto* id = o ? o->if_contains("storeId") : nullptr;
    if (!id || !id->is_number()) return std::nullopt;
    boost::system::error_code ec;
    auto n = id->to_number<std::int64_t>(ec);
    if (ec) return std::nullopt;
    return n;
}

// Why a listing failed, for the report and the log. An unreadable answer keeps the "ShipStation answer: "
// prefix the reconciliation has always given it.
std::string failure_text(const clients::error& e) {
    return e.kind == clients::error_kind::bad_response ? "ShipStation answer: " + e.describe() : e.describe();
}

}  // namespace

reconciler::reconciler(db::database& database, clients::shipstation::client& shipstation,
                       db::leader_lock& leadership, reconcile_settings settings, const logger& log)
    : db_(database), ss_(shipstation), leadership_(leadership), settings_(settings), log_(log) {}

boost::asio::awaitable<reconcile_report> reconciler::reconcile_once(clock_type::time_point now) {
    reconcile_report report;
    report.leader = co_await leadership_.try_hold();
    if (!report.leader) co_return report;

    auto stored = co_await db_.run([](pqxx::work& w) { return db::watermarks::get(w, watermark_name); });
    auto since = now - settings_.first_look;
    if (stored)
        if (auto parsed = parse_watermark(*stored)) since = *parsed;
    // ShipStation filters in Pacific local time; the client widens each edge so DST never loses a record,
    // and the overlap covers records that become visible late and clocks that disagree.
    const auto from = since - settings_.overlap;

    std::vector<db::shipment_links::received_record> records;
    auto read_up_to = now;
    if (auto failed = co_await list_since(from, records, read_up_to, report))
        report.error = failure_text(*failed);
    if (report.error) {
        log_.warn("shipments.reconcile_incomplete", {{"error", *report.error}});
        co_return report;
    }

    // Never back before the previous watermark (what lies before it was read then), never past what was read.
    const auto next = std::max(since, read_up_to);
    if (report.capped)
        log_.warn("shipments.reconcile_capped",
                  {{"max_pages", settings_.max_pages}, {"watermark", format_utc_iso8601(next)}});
    auto result = co_await db_.run([&](pqxx::work& w) {
        auto r = record_and_queue(w, records, "reconciliation");
        // Only now may the next listing start later: everything up to `next` is recorded.
        db::watermarks::set(w, watermark_name, watermark_json(next));
        return r;
    });
    report.new_records = result.created;
    report.new_voids = result.new_voids;
    report.complete = true;
    if (report.new_records + report.new_voids > 0)
        log_.warn("shipments.reconciled_missed",
                  {{"new", report.new_records}, {"new_voids", report.new_voids}});
    else
        log_.info("shipments.reconciled", {{"shipments", report.shipments},
                                           {"fulfillments", report.fulfillments},
                                           {"voids", report.voids}});
    co_return report;
}

boost::asio::awaitable<std::optional<clients::error>> reconciler::list_since(
    clock_type::time_point from, std::vector<db::shipment_links::received_record>& records,
    clock_type::time_point& read_up_to, reconcile_report& report) {
    const std::string correlation = random_id();
    // A listing sorted oldest first that stopped at its cap has read everything created before its last
    // element; one that cannot be sorted that way (voids) has read nothing certain: it holds the watermark.
    auto capped_at = [&](bool complete, std::optional<clock_type::time_point> last) {
        if (complete) return;
        report.capped = true;
        read_up_to = std::min(read_up_to, last.value_or(from + settings_.overlap));
    };
    ss::shipment_filter created;
    created.create_date_start = from;
    created.store_id = settings_.store_id;
    created.oldest_first = true;
    created.max_pages = settings_.max_pages;
    created.page_size = settings_.page_size;
    auto shipments = co_await ss::list_shipments_paged(ss_, created);
    if (!shipments) co_return shipments.error();
    capped_at(shipments->complete,
              shipments->items.empty() ? std::nullopt : shipments->items.back().create_date);
    report.shipments += record_store_shipments(shipments->items, correlation, records);

    ss::shipment_filter voided;
    voided.void_date_start = from;
    voided.store_id = settings_.store_id;
    voided.max_pages = settings_.max_pages;
    voided.page_size = settings_.page_size;
    auto voids = co_await ss::list_shipments_paged(ss_, voided);
    if (!voids) co_return voids.error();
    capped_at(voids->complete, std::nullopt);
    report.voids += record_store_shipments(voids->items, correlation, records);

    // Fulfillments carry no store (the API has no storeId filter for them); see the README.
    ss::fulfillment_filter fulfilled;
    fulfilled.create_date_start = from;
    fulfilled.oldest_first = true;
    fulfilled.max_pages = settings_.max_pages;
    fulfilled.page_size = settings_.page_size;
    auto fulfillments = co_await ss::list_fulfillments_paged(ss_, fulfilled);
    if (!fulfillments) co_return fulfillments.error();
    capped_at(fulfillments->complete,
              fulfillments->items.empty() ? std::nullopt : fulfillments->items.back().create_date);
    for (const auto& f : fulfillments->items) records.push_back(record_of(f, correlation));
    report.fulfillments += fulfillments->items.size();
    co_return std::nullopt;
}

std::size_t reconciler::record_store_shipments(
    const std::vector<ss::shipment>& listed, const std::string& correlation,
    std::vector<db::shipment_links::received_record>& records) const {
    std::size_t kept = 0;
    for (const auto& s : listed) {
        // ShipStation filters by store already; a shipment that says it belongs to another store is not ours.
        if (settings_.store_id && store_of(s) && store_of(s) != settings_.store_id) continue;
        records.push_back(record_of(s, correlation));
        ++kept;
    }
    return kept;
}

}  // namespace mlc::flows::shipments
