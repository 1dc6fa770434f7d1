// The shipments flow's jobs.
#include "flows/shipments/shipment_jobs.hpp"

#include "db/job_queue.hpp"

#include <string>

namespace mlc::flows::shipments {

void queue_resource_fetch(pqxx::work& work, std::int64_t inbox_id, std::string_view correlation_id) {
    db::job_queue::job_spec spec;
    spec.kind = fetch_job_kind;
    spec.dedupe_key = "inbox:" + std::to_string(inbox_id);
    spec.payload = boost::json::object{{"inbox_id", inbox_id}};
    spec.priority = tracking_priority;
    spec.max_attempts = 10;
    spec.correlation_id = std::string(correlation_id);
    db::job_queue::enqueue(work, spec);
}

}  // namespace mlc::flows::shipments
