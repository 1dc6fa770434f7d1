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
#include "flows/job_payload.hpp"
#include "flows/shipments/shipment_audit.hpp"
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
    for (const auto& job : claimed) co_await fetch_one(job, report);
    if (report.claimed > 0)
        log_.info("shipments.fetched", {{"claimed", report.claimed},
                                        {"records", report.records},
                                        {"new", report.new_records},
                                        {"new_voids", report.new_voids},
                                        {"failed", report.failed},
                                        {"capped", report.capped},
                                        {"rejected", report.rejected}});
    co_return report;
}

boost::asio::awaitable<void> resource_fetcher::fetch_one(const jobs::job& job, fetch_report& report) {
    const auto inbox_id = read_job<fetch_resource_job>(job.payload).value_or(fetch_resource_job{}).inbox_id;
    auto row = co_await db_.run([&](pqxx::work& w) {
        auto r = inbox::find(w, inbox_id);
        if (r) inbox::mark(w, r->id, inbox::inbox_state::processing, std::nullopt);
        return r;
    });
    if (!row || !row->resource_url) {  // nothing left to fetch (pruned, or an unreadable payload)
        co_await db_.run([&](pqxx::work& w) { jobs::complete(w, job.id, owner_); });
        co_return;
    }
    if (!is_shipment_event(row->event_type) && row->event_type != "FULFILLMENT_SHIPPED") {
        ++report.not_used;
        const std::string note = row->event_type + " is not used by the connector (orders come from SAP)";
        co_await db_.run([&](pqxx::work& w) {
            finish(w, job, row->id, inbox::inbox_state::processed,
                   webhook_row(std::to_string(row->id), "webhook_ignored", audit::outcome::skipped)
                       .with_response(boost::json::object{{"resource_type", row->event_type}})
                       .with_error(note));
        });
        co_return;
    }
    auto answer = co_await fetch_leased(job, *row->resource_url);
    if (!answer) co_return;  // another fetcher took the job over: its result counts
    auto verdict = verdict_of(std::move(*answer));
    if (verdict.rejected) {
        ++report.rejected;
        co_await db_.run([&](pqxx::work& w) {
            finish(w, job, row->id, inbox::inbox_state::rejected,
                   webhook_row(std::to_string(row->id), "webhook_rejected", audit::outcome::failed)
                       .with_response(boost::json::object{{"resource_url", *row->resource_url}})
                       .with_error(verdict.failure));
        });
    } else if (verdict.failure) {
        ++report.failed;
        auto delay = doubling_backoff(job.attempts, settings_.retry_delay, settings_.retry_max_delay);
        co_await db_.run([&](pqxx::work& w) {
            inbox::mark(w, row->id, inbox::inbox_state::failed, verdict.failure);
            jobs::fail(w, job.id, owner_, *verdict.failure, delay);
        });
        log_.warn("shipments.fetch_failed", {{"inbox_id", row->id}, {"error", *verdict.failure}});
    } else {
        co_await record(job, row->id, *verdict.contents, report);
    }
}

boost::asio::awaitable<std::optional<clients::outcome<ss::resource_contents>>> resource_fetcher::fetch_leased(
    const jobs::job& job, const std::string& resource_url) {
    std::optional<clients::outcome<ss::resource_contents>> answer;
    std::exception_ptr stopped;
    // A resource of many pages takes minutes at ShipStation's rate limit: the lease is kept meanwhile.
    job_lease lease(db_, job.id, owner_, settings_.lease);
    co_await lease.start();
    try {
        answer = co_await ss::fetch_resource(ss_, resource_url, settings_.resource_origins,
                                             settings_.max_pages, settings_.page_size);
    } catch (...) {
        stopped = std::current_exception();  // the client shut down: the lease ends first
    }
    co_await lease.stop();
    if (stopped) std::rethrow_exception(stopped);
    if (lease.lost()) answer.reset();
    co_return answer;
}

boost::asio::awaitable<void> resource_fetcher::record(const jobs::job& job, std::int64_t inbox_id,
                                                      const ss::resource_contents& contents,
                                                      fetch_report& report) {
    const std::string correlation = job.correlation_id.value_or("");
    std::vector<links::received_record> records;
    std::vector<std::string> unreadable;
    for (const auto& item : contents.items) {
        try {
            if (contents.collection == "fulfillments")
                records.push_back(record_of(ss::parse_fulfillment(item), correlation));
            else
                records.push_back(record_of(ss::parse_shipment(item), correlation));
        } catch (const std::runtime_error& e) {
            unreadable.push_back(e.what());
        }
    }
    report.records += records.size();
    std::optional<std::string> note;
    if (!unreadable.empty()) note = std::to_string(unreadable.size()) + " unreadable: " + unreadable.front();
    if (!contents.complete) {
        // Not a failure to retry (it would stop at the same cap) and nothing is lost: the reconciler lists
        // the same shipments by date. The row says so for whoever reads the inbox.
        ++report.capped;
        note = "more than " + std::to_string(contents.pages) + " pages: the rest is left to reconciliation" +
               (note ? "; " + *note : std::string());
        log_.warn("shipments.fetch_capped",
                  {{"inbox_id", inbox_id}, {"path", "/" + contents.collection}, {"pages", contents.pages}});
    }
    auto counts = co_await db_.run([&](pqxx::work& w) {
        auto result = record_and_queue(w, records, "webhook");
        finish(w, job, inbox_id, inbox::inbox_state::processed,
               webhook_row(std::to_string(inbox_id), "resource_fetched",
                           unreadable.empty() ? audit::outcome::ok : audit::outcome::failed)
                   .with_response(boost::json::object{{"collection", contents.collection},
                                                      {"records", records.size()},
                                                      {"pages", contents.pages},
                                                      {"complete", contents.complete},
                                                      {"unreadable", unreadable.size()}})
                   .with_error(note));
        return result;
    });
    report.new_records += counts.created;
    report.new_voids += counts.new_voids;
}

void resource_fetcher::finish(pqxx::work& w, const jobs::job& job, std::int64_t inbox_id,
                              inbox::inbox_state state, db::audit_log::entry row) const {
    inbox::mark(w, inbox_id, state, row.error);
    jobs::complete(w, job.id, owner_);
    audit::append(w, row.correlated(job.correlation_id.value_or(""), job.id));
}

}  // namespace mlc::flows::shipments
