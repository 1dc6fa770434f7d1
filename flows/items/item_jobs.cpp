// The items flow's jobs and how they are queued.
#include "flows/items/item_jobs.hpp"

#include "common/json_fields.hpp"
#include "db/job_queue.hpp"

#include <stdexcept>

namespace mlc::flows::items {

namespace {

// Product and stock work yields to orders and deliveries when they share the queue's workers.
constexpr std::int16_t item_job_priority = -1;
// An item that cannot be aligned after this many tries (no product appears, ShipStation refuses) needs a
// person; the backoff spreads them over about a day.
constexpr int item_job_attempts = 12;

void queue(pqxx::work& work, const char* kind, std::string_view company_db,
           const std::vector<std::string>& item_codes, std::string_view cause,
           std::chrono::milliseconds delay) {
    for (const auto& code : item_codes) {
        db::job_queue::job_spec spec;
        spec.kind = kind;
        spec.dedupe_key = std::string(company_db) + ":" + code;
        spec.payload = boost::json::value_from(item_job{std::string(company_db), code, std::string(cause)});
        spec.priority = item_job_priority;
        spec.max_attempts = item_job_attempts;
        spec.run_after = delay;
        db::job_queue::enqueue(work, spec);
    }
}

}  // namespace

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const item_job& job) {
    v = boost::json::object{
        {"company_db", job.company_db}, {"item_code", job.item_code}, {"cause", job.cause}};
}

item_job tag_invoke(boost::json::value_to_tag<item_job>, const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o) throw std::invalid_argument("an item job's payload is not an object");
    item_job job{json_fields::text(*o, "company_db"), json_fields::text(*o, "item_code"),
                 json_fields::text(*o, "cause")};
    if (job.company_db.empty() || job.item_code.empty())
        throw std::invalid_argument("an item job needs company_db and item_code");
    return job;
}

void queue_alignments(pqxx::work& work, std::string_view company_db,
                      const std::vector<std::string>& item_codes, std::string_view cause,
                      std::chrono::milliseconds delay) {
    queue(work, align_product_kind, company_db, item_codes, cause, delay);
}

void queue_stock_syncs(pqxx::work& work, std::string_view company_db,
                       const std::vector<std::string>& item_codes, std::string_view cause) {
    queue(work, sync_stock_kind, company_db, item_codes, cause, {});
}

}  // namespace mlc::flows::items
