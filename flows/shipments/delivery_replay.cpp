// An operator's replay of failed and dead deliveries, and of refused order updates.
#include "flows/shipments/delivery_replay.hpp"

#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/shipment_audit.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <string>

namespace mlc::flows::shipments {

namespace links = db::shipment_links;
namespace jobs = db::job_queue;
namespace audit = db::audit_log;

namespace {

// Whether the operator's replay has something to do for `link` whose job is `job`.
bool replayable(const links::shipment_link& link, const jobs::job& job) {
    if (link.state == links::link_state::failed || link.state == links::link_state::dead) return true;
    if (!link.delivery_doc_entry) return false;
    const bool waiting = job.state == jobs::job_state::failed || job.state == jobs::job_state::dead;
    return link.order_update_state == links::order_update::refused ||
           (link.order_update_state == links::order_update::pending && waiting);
}

}  // namespace

std::size_t replay_deliveries(pqxx::work& work, std::string_view order_key,
                              std::optional<std::int64_t> shipstation_order_id) {
    std::size_t replayed = 0;
    for (const auto& link : links::find_by_order(work, order_key, shipstation_order_id)) {
        const std::string key = shipment_audit_key(link.kind, link.shipstation_id);
        auto job = jobs::find_by_key(work, deliver_job_kind, key);
        if (!job || !replayable(link, *job)) continue;
        if (job->state == jobs::job_state::failed || job->state == jobs::job_state::dead) {
            jobs::requeue_now(work, *job);
        } else {
            // A finished job (the refused update ended it): the same job again, at once.
            jobs::job_spec spec{job->kind,          job->dedupe_key,   job->payload,
                                job->priority,      job->max_attempts, std::chrono::milliseconds(0),
                                job->correlation_id};
            jobs::enqueue(work, spec);
        }
        if (link.state == links::link_state::failed || link.state == links::link_state::dead)
            links::set_state(
                work, link.kind, link.shipstation_id,
                link.delivery_doc_entry ? links::link_state::delivered : links::link_state::received,
                std::nullopt);
        if (link.delivery_doc_entry && link.order_update_state != links::order_update::done)
            links::retry_order_update(work, link.kind, link.shipstation_id);
        auto e = shipment_row(key, audit::direction::internal, "replay_requested", audit::outcome::info)
                     .correlated(job->correlation_id, job->id);
        e.request_summary = boost::json::object{
            {"previous_state", links::to_string(link.state)},
            {"previous_error",
             link.last_error ? boost::json::value(*link.last_error) : boost::json::value(nullptr)},
            {"delivery_doc_entry", link.delivery_doc_entry ? boost::json::value(*link.delivery_doc_entry)
                                                           : boost::json::value(nullptr)},
            {"order_update", link.order_update_state
                                 ? boost::json::value(links::to_string(*link.order_update_state))
                                 : boost::json::value(nullptr)},
            {"order_update_error", link.order_update_error ? boost::json::value(*link.order_update_error)
                                                           : boost::json::value(nullptr)},
            {"in_doubt", link.delivery_in_doubt_at.has_value()}};
        audit::append(work, e);
        ++replayed;
    }
    return replayed;
}

}  // namespace mlc::flows::shipments
