// The shipments flow's jobs.
#include "flows/shipments/shipment_jobs.hpp"

#include "db/job_queue.hpp"

#include <stdexcept>
#include <string>

namespace mlc::flows::shipments {

namespace {

std::int64_t required_id(const boost::json::value& v, const char* key, const char* job) {
    const auto* o = v.if_object();
    const auto* id = o ? o->if_contains(key) : nullptr;
    if (!id || !id->is_int64() || id->get_int64() <= 0)
        throw std::invalid_argument(std::string("a ") + job + " job's payload has no " + key);
    return id->get_int64();
}

}  // namespace

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const fetch_resource_job& job) {
    v = boost::json::object{{"inbox_id", job.inbox_id}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const deliver_shipment_job& job) {
    v = boost::json::object{{"kind", db::shipment_links::to_string(job.kind)}, {"id", job.id}};
}

fetch_resource_job tag_invoke(boost::json::value_to_tag<fetch_resource_job>, const boost::json::value& v) {
    return {required_id(v, "inbox_id", "fetch")};
}

deliver_shipment_job tag_invoke(boost::json::value_to_tag<deliver_shipment_job>,
                                const boost::json::value& v) {
    deliver_shipment_job job;
    job.id = required_id(v, "id", "delivery");
    const auto* kind = v.as_object().if_contains("kind");
    if (!kind || !kind->is_string()) throw std::invalid_argument("a delivery job's payload has no kind");
    job.kind = db::shipment_links::parse_link_kind(std::string_view(kind->get_string()));
    return job;
}

void queue_resource_fetch(pqxx::work& work, std::int64_t inbox_id, std::string_view correlation_id) {
    db::job_queue::job_spec spec;
    spec.kind = fetch_job_kind;
    spec.dedupe_key = "inbox:" + std::to_string(inbox_id);
    spec.payload = boost::json::value_from(fetch_resource_job{inbox_id});
    spec.priority = tracking_priority;
    spec.max_attempts = 10;
    spec.correlation_id = std::string(correlation_id);
    db::job_queue::enqueue(work, spec);
}

}  // namespace mlc::flows::shipments
