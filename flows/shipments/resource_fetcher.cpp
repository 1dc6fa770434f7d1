// Follows stored webhooks' resource_urls, records the shipments they name and queues their deliveries.
#include "flows/shipments/resource_fetcher.hpp"

#include "clients/call_error.hpp"
#include "clients/shipstation/shipments.hpp"
#include "clients/shipstation/webhooks.hpp"
#include "common/backoff.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/job_lease.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "flows/shipments/shipment_records.hpp"

#include <algorithm>
#include <exception>
#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace ss = clients::shipstation;
namespace jobs = db::job_queue;
namespace inbox = db::webhook_inbox;
namespace links = db::shipment_links;
namespace audit = db::audit_log;

bool is_shipment_event(std::string_view event) {
    return event == "SHIP_NOTIFY" || event == "ITEM_SHIP_NOTIFY";
}

// What a fetch's outcome means for its inbox row: contents to record, a failure to retry, or a refusal.
struct fetch_verdict {
    std::optional<ss::resource_contents> contents;
    std::optional<std::string> failure;
    bool rejected = false;  // not on an allowed origin: never fetched, never retried
};

fetch_verdict verdict_of(clients::outcome<ss::resource_contents> fetched) {
    if (fetched) return {std::move(*fetched), std::nullopt, false};
    const auto& e = fetched.error();
    switch (e.kind) {
        case clients::error_kind::url_refused:
            return {std::nullopt, e.describe(), true};
        case clients::error_kind::not_found:
            return {ss::resource_contents{}, std::nullopt, false};  // expired: nothing left
        default:
            return {std::nullopt, e.describe(), false};
    }
}

}  // namespace

resource_fetcher::resource_fetcher(db::database& database, clients::shipstation::client& shipstation,
                                   fetch_settings settings, const logger& log, std::string owner)
    : db_(database), ss_(shipstation), settings_(std::move(settings)), log_(log), owner_(std::move(owner)) {}

boost::asio::awaitable<fetch_report> resource_fetcher::fetch_once(std::size_t limit) {
    fetch_report report;
    auto claimed = co_await db_.run(
        [&](pqxx::work& w) { return jobs::claim(w, {fetch_job_kind}, owner_, settings_.lease, limit); });
    report.claimed = claimed.size();
    for (const auto& job : claimed) {
        std::int64_t inbox_id = 0;
        if (const auto* p = job.payload.if_object())
            if (const auto* id = p->if_contains("inbox_id"); id && id->is_int64()) inbox_id = id->get_int64();
        auto row = co_await db_.run([&](pqxx::work& w) {
            auto r = inbox::find(w, inbox_id);
            if (r) inbox::mark(w, r->id, inbox::inbox_state::processing, std::nullopt);
            return r;
        });
        const std::string correlation = job.correlation_id.value_or("");
        if (!row || !row->resource_url) {
            co_await db_.run([&](pqxx::work& w) { jobs::complete(w, job.id, owner_); });
            continue;
        }

        // Ends the job and the inbox row in one transaction, with the audit row that says how.
        auto finish_in = [&](pqxx::work& w, inbox::inbox_state state, const std::optional<std::string>& note,
                             const char* action, audit::outcome result, boost::json::object summary) {
            inbox::mark(w, row->id, state, note);
            jobs::complete(w, job.id, owner_);
            audit::entry e;
            e.dir = audit::direction::inbound;
            e.entity_type = "shipstation_webhook";
            e.entity_key = std::to_string(row->id);
            e.action = action;
            e.result = result;
            e.response_summary = boost::json::value(std::move(summary));
            e.error = note;
            e.correlation_id = correlation;
            e.job_id = job.id;
            audit::append(w, e);
        };

        if (!is_shipment_event(row->event_type) && row->event_type != "FULFILLMENT_SHIPPED") {
            ++report.not_used;
            const std::optional<std::string> note =
                row->event_type + " is not used by the connector (orders come from SAP)";
            co_await db_.run([&](pqxx::work& w) {
                finish_in(w, inbox::inbox_state::processed, note, "webhook_ignored", audit::outcome::skipped,
                          {{"resource_type", row->event_type}});
            });
            continue;
        }

        std::optional<clients::outcome<ss::resource_contents>> answer;
        std::exception_ptr stopped;
        // A resource of many pages takes minutes at ShipStation's rate limit: the lease is kept meanwhile.
        job_lease lease(db_, job.id, owner_, settings_.lease);
        co_await lease.start();
        try {
            answer = co_await ss::fetch_resource(ss_, *row->resource_url, settings_.resource_origins);
        } catch (...) {
            stopped = std::current_exception();  // the client shut down: the lease ends first
        }
        co_await lease.stop();
        if (stopped) std::rethrow_exception(stopped);
        if (lease.lost()) continue;  // another fetcher took the job over: its result counts
        auto verdict = verdict_of(std::move(*answer));
        const auto& contents = verdict.contents;
        const auto& failure = verdict.failure;
        if (verdict.rejected) {
            ++report.rejected;
            co_await db_.run([&](pqxx::work& w) {
                finish_in(w, inbox::inbox_state::rejected, failure, "webhook_rejected",
                          audit::outcome::failed, {{"resource_url", *row->resource_url}});
            });
            continue;
        }
        if (failure) {
            ++report.failed;
            auto delay = doubling_backoff(job.attempts, settings_.retry_delay, settings_.retry_max_delay);
            co_await db_.run([&](pqxx::work& w) {
                inbox::mark(w, row->id, inbox::inbox_state::failed, failure);
                jobs::fail(w, job.id, owner_, *failure, delay);
            });
            log_.warn("shipments.fetch_failed", {{"inbox_id", row->id}, {"error", *failure}});
            continue;
        }

        std::vector<links::received_record> records;
        std::vector<std::string> unreadable;
        for (const auto& item : contents->items) {
            try {
                if (contents->collection == "fulfillments")
                    records.push_back(record_of(ss::parse_fulfillment(item), correlation));
                else
                    records.push_back(record_of(ss::parse_shipment(item), correlation));
            } catch (const std::runtime_error& e) {
                unreadable.push_back(e.what());
            }
        }
        report.records += records.size();
        auto counts = co_await db_.run([&](pqxx::work& w) {
            auto result = record_and_queue(w, records, "webhook");
            std::optional<std::string> note;
            if (!unreadable.empty())
                note = std::to_string(unreadable.size()) + " unreadable: " + unreadable.front();
            inbox::mark(w, row->id, inbox::inbox_state::processed, note);
            jobs::complete(w, job.id, owner_);
            audit::entry fetched;
            fetched.dir = audit::direction::inbound;
            fetched.entity_type = "shipstation_webhook";
            fetched.entity_key = std::to_string(row->id);
            fetched.action = "resource_fetched";
            fetched.result = unreadable.empty() ? audit::outcome::ok : audit::outcome::failed;
            fetched.response_summary = boost::json::object{{"collection", contents->collection},
                                                           {"records", records.size()},
                                                           {"unreadable", unreadable.size()}};
            fetched.error = note;
            fetched.correlation_id = correlation;
            fetched.job_id = job.id;
            audit::append(w, fetched);
            return result;
        });
        report.new_records += counts.created;
        report.new_voids += counts.new_voids;
    }
    if (report.claimed > 0)
        log_.info("shipments.fetched", {{"claimed", report.claimed},
                                        {"records", report.records},
                                        {"new", report.new_records},
                                        {"new_voids", report.new_voids},
                                        {"failed", report.failed},
                                        {"rejected", report.rejected}});
    co_return report;
}

}  // namespace mlc::flows::shipments
