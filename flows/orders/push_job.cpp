// The push job's payload.
#include "flows/orders/push_job.hpp"

#include "common/json_fields.hpp"

#include <stdexcept>

namespace mlc::flows::orders {

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const push_order_job& job) {
    v = boost::json::object{{"company_db", job.company_db},
                            {"doc_entry", job.doc_entry},
                            {"doc_num", job.doc_num},
                            {"order_key", job.order_key},
                            {"operation", job.operation},
                            {"hash", job.hash},
                            {"body", job.body}};
}

push_order_job tag_invoke(boost::json::value_to_tag<push_order_job>, const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o) throw std::invalid_argument("a push job's payload is not an object");
    push_order_job job;
    job.company_db = json_fields::text(*o, "company_db");
    job.doc_entry = json_fields::integer(*o, "doc_entry").value_or(0);
    job.doc_num = json_fields::integer(*o, "doc_num").value_or(0);
    job.order_key = json_fields::text(*o, "order_key");
    job.operation = json_fields::text(*o, "operation");
    job.hash = json_fields::text(*o, "hash");
    if (const auto* body = o->if_contains("body"); body && body->is_object()) job.body = body->get_object();
    if (job.order_key.empty() || job.operation.empty() || job.hash.empty() || job.body.empty())
        throw std::invalid_argument("a push job's payload lacks its order_key, operation, hash or body");
    return job;
}

boost::json::object body_as_sent(boost::json::object body, std::optional<std::int64_t> order_id) {
    if (order_id) body["orderId"] = *order_id;
    return body;
}

}  // namespace mlc::flows::orders
