// Follows stored webhooks' resource_urls, records the shipments they name and queues their deliveries.
#include "flows/shipments/resource_fetcher.hpp"

#include "clients/http/transport_error.hpp"
#include "clients/shipstation/api_error.hpp"
#include "clients/shipstation/shipments.hpp"
#include "clients/shipstation/webhooks.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <algorithm>
#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace ss = clients::shipstation;
namespace jobs = db::job_queue;
namespace inbox = db::webhook_inbox;
namespace links = db::shipment_links;
namespace audit = db::audit_log;

std::optional<std::chrono::sys_days> day_of(const std::optional<ss::utc_time>& t) {
    if (!t) return std::nullopt;
    return std::chrono::floor<std::chrono::days>(*t);
}

// shipDate is a Pacific calendar date ("2024-07-01T00:00:00.0000000"), read as Pacific midnight: the UTC
// instant's Pacific date is the date ShipStation shows.
std::optional<std::chrono::sys_days> pacific_day(const std::optional<ss::utc_time>& t) {
    if (!t) return std::nullopt;
    return day_of(*t + std::chrono::hours(12));  // midnight Pacific is 07:00 or 08:00 UTC the same day
}

links::received_record record_of(const ss::shipment& s, const std::string& correlation) {
    links::received_record r;
    r.kind = links::link_kind::shipment;
    r.shipstation_id = s.shipment_id;
    r.shipstation_order_id = s.order_id;
    r.order_key = s.order_key;
    r.order_number = s.order_number;
    r.tracking_number = s.tracking_number;
    r.carrier_code = s.carrier_code;
    r.service_code = s.service_code;
    r.ship_date = pacific_day(s.ship_date);
    r.voided = s.voided;
    r.payload = s.raw;
    r.correlation_id = correlation;
    return r;
}

links::received_record record_of(const ss::fulfillment& f, const std::string& correlation) {
    links::received_record r;
    r.kind = links::link_kind::fulfillment;
    r.shipstation_id = f.fulfillment_id;
    r.shipstation_order_id = f.order_id;
    r.order_number = f.order_number;
    r.tracking_number = f.tracking_number;
    r.carrier_code = f.carrier_code;
    r.ship_date = pacific_day(f.ship_date);
    r.voided = f.voided;
    r.payload = f.raw;
    r.correlation_id = correlation;
    return r;
}

void queue_delivery(pqxx::work& w, const links::received_record& r) {
    jobs::job_spec spec;
    spec.kind = deliver_job_kind;
    spec.dedupe_key = std::string(links::to_string(r.kind)) + ":" + std::to_string(r.shipstation_id);
    spec.payload = boost::json::object{{"kind", links::to_string(r.kind)}, {"id", r.shipstation_id}};
    spec.priority = tracking_priority;
    spec.correlation_id = r.correlation_id;
    jobs::enqueue(w, spec);
}

bool is_shipment_event(std::string_view event) {
    return event == "SHIP_NOTIFY" || event == "ITEM_SHIP_NOTIFY";
}

}  // namespace

resource_fetcher::resource_fetcher(db::database& database, clients::shipstation::client& shipstation,
                                   fetch_settings settings, const logger& log, std::string owner)
    : db_(database), ss_(shipstation), settings_(std::move(settings)), log_(log), owner_(std::move(owner)) {}

boost::asio::awaitable<fetch_report> resource_fetcher::fetch_once(std::size_t limit) {
    fetch_report report;
    auto claimed = co_await db_.run([&](pqxx::work& w) {
        return jobs::claim(w, {fetch_job_kind}, owner_, settings_.lease, limit);
    });
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

        std::optional<ss::resource_contents> contents;
        std::optional<std::string> failure;
        bool rejected = false;
        try {
            contents = co_await ss::fetch_resource(ss_, *row->resource_url, settings_.resource_origins);
        } catch (const ss::resource_url_refused& e) {
            rejected = true;
            failure = e.what();
        } catch (const ss::api_exception& e) {
            if (e.error().kind == ss::api_error_kind::not_found) contents.emplace();  // expired: nothing left
            else failure = ss::describe(e.error());
        } catch (const clients::http::transport_exception& e) {
            failure = std::string("ShipStation unreachable: ") + e.what();
        } catch (const boost::system::system_error& e) {
            if (e.code() == boost::asio::error::operation_aborted) throw;
            failure = e.what();
        } catch (const std::runtime_error& e) {
            failure = e.what();  // an answer that could not be read
        }
        if (rejected) {
            ++report.rejected;
            co_await db_.run([&](pqxx::work& w) {
                finish_in(w, inbox::inbox_state::rejected, failure, "webhook_rejected", audit::outcome::failed,
                          {{"resource_url", *row->resource_url}});
            });
            continue;
        }
        if (failure) {
            ++report.failed;
            auto delay = settings_.retry_delay;
            for (int i = 1; i < job.attempts && delay < settings_.retry_max_delay; ++i) delay *= 2;
            delay = std::min(delay, settings_.retry_max_delay);
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
                if (contents->collection == "fulfillments") records.push_back(record_of(ss::parse_fulfillment(item), correlation));
                else records.push_back(record_of(ss::parse_shipment(item), correlation));
            } catch (const std::runtime_error& e) {
                unreadable.push_back(e.what());
            }
        }
        report.records += records.size();
        auto counts = co_await db_.run([&](pqxx::work& w) {
            std::pair<std::size_t, std::size_t> created_and_voids{0, 0};
            std::vector<audit::entry> rows;
            for (const auto& r : records) {
                auto result = links::record(w, r);
                if (result.created) ++created_and_voids.first;
                if (result.void_is_new) ++created_and_voids.second;
                // A new record needs its delivery; a void of a delivered one needs its handling.
                if (result.created || result.void_is_new) queue_delivery(w, r);
                audit::entry e;
                e.dir = audit::direction::inbound;
                e.entity_type = audit_entity;
                e.entity_key = std::string(links::to_string(r.kind)) + ":" + std::to_string(r.shipstation_id);
                e.action = result.created ? "received" : result.void_is_new ? "void_received" : "seen_again";
                e.result = result.created || result.void_is_new ? audit::outcome::ok : audit::outcome::info;
                e.request_summary = boost::json::object{{"orderKey", r.order_key},
                                                        {"orderNumber", r.order_number},
                                                        {"trackingNumber", r.tracking_number},
                                                        {"carrierCode", r.carrier_code},
                                                        {"voided", r.voided},
                                                        {"inbox_id", row->id}};
                e.correlation_id = correlation;
                rows.push_back(std::move(e));
            }
            audit::append_all(w, rows);
            std::optional<std::string> note;
            if (!unreadable.empty()) note = std::to_string(unreadable.size()) + " unreadable: " + unreadable.front();
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
            return created_and_voids;
        });
        report.new_records += counts.first;
        report.new_voids += counts.second;
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
