// Reconciliation: shipments, fulfillments and voids the webhooks did not bring.
#include "flows/shipments/reconciler.hpp"

#include "clients/call_error.hpp"
#include "clients/shipstation/shipments.hpp"
#include "common/clock.hpp"
#include "common/random_id.hpp"
#include "db/watermarks.hpp"
#include "flows/shipments/shipment_records.hpp"

#include <boost/json/value.hpp>

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
    if (auto failed = co_await list_since(from, records, report)) report.error = failure_text(*failed);
    if (report.error) {
        log_.warn("shipments.reconcile_incomplete", {{"error", *report.error}});
        co_return report;
    }

    auto result = co_await db_.run([&](pqxx::work& w) {
        auto r = record_and_queue(w, records, "reconciliation");
        // Only now may the next listing start later: everything up to `now` is recorded.
        db::watermarks::set(w, watermark_name, watermark_json(now));
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
    reconcile_report& report) {
    const std::string correlation = random_id();
    ss::shipment_filter created;
    created.create_date_start = from;
    auto shipments = co_await ss::list_shipments(ss_, created);
    if (!shipments) co_return shipments.error();
    for (const auto& s : *shipments) records.push_back(record_of(s, correlation));
    report.shipments += shipments->size();

    ss::shipment_filter voided;
    voided.void_date_start = from;
    auto voids = co_await ss::list_shipments(ss_, voided);
    if (!voids) co_return voids.error();
    for (const auto& s : *voids) records.push_back(record_of(s, correlation));
    report.voids += voids->size();

    ss::fulfillment_filter fulfilled;
    fulfilled.create_date_start = from;
    auto fulfillments = co_await ss::list_fulfillments(ss_, fulfilled);
    if (!fulfillments) co_return fulfillments.error();
    for (const auto& f : *fulfillments) records.push_back(record_of(f, correlation));
    report.fulfillments += fulfillments->size();
    co_return std::nullopt;
}

}  // namespace mlc::flows::shipments
