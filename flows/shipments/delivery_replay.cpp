// An operator's replay of failed and dead deliveries.
#include "flows/shipments/delivery_replay.hpp"

#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <string>

namespace mlc::flows::shipments {

namespace links = db::shipment_links;
namespace jobs = db::job_queue;
namespace audit = db::audit_log;

std::size_t replay_deliveries(pqxx::work& work, std::string_view order_key,
                              std::optional<std::int64_t> shipstation_order_id) {
    std::size_t replayed = 0;
    for (const auto& link : links::find_by_order(work, order_key, shipstation_order_id)) {
        if (link.state != links::link_state::failed && link.state != links::link_state::dead) continue;
        const std::string key = std::string(links::to_string(link.kind)) + ":" + std::to_string(link.shipstation_id);
        auto job = jobs::find_by_key(work, deliver_job_kind, key);
        if (!job || !jobs::requeue_now(work, *job)) continue;
        links::set_state(work, link.kind, link.shipstation_id, links::link_state::received, std::nullopt);
        audit::entry e;
        e.entity_type = audit_entity;
        e.entity_key = key;
        e.action = "replay_requested";
        e.result = audit::outcome::info;
        e.correlation_id = job->correlation_id;
        e.job_id = job->id;
        e.request_summary = boost::json::object{{"previous_state", links::to_string(link.state)},
                                                {"previous_error", link.last_error ? boost::json::value(*link.last_error)
                                                                                   : boost::json::value(nullptr)}};
        audit::append(work, e);
        ++replayed;
    }
    return replayed;
}

}  // namespace mlc::flows::shipments
