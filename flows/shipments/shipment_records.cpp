// Shipments and fulfillments as the shipments flow records them, and the queueing of their deliveries.
#include "flows/shipments/shipment_records.hpp"

#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "flows/shipments/shipment_audit.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace ss = clients::shipstation;
namespace jobs = db::job_queue;
namespace links = db::shipment_links;
namespace audit = db::audit_log;

// shipDate is a Pacific calendar date ("2024-07-01T00:00:00.0000000"), read as Pacific midnight: the UTC
// instant's Pacific date is the date ShipStation shows.
std::optional<std::chrono::sys_days> pacific_day(const std::optional<ss::utc_time>& t) {
    if (!t) return std::nullopt;
    return std::chrono::floor<std::chrono::days>(*t +
                                                 std::chrono::hours(12));  // midnight Pacific: 07/08:00 UTC
}

void queue_delivery(pqxx::work& w, const links::received_record& r) {
    jobs::job_spec spec;
    spec.kind = deliver_job_kind;
    spec.dedupe_key = std::string(links::to_string(r.kind)) + ":" + std::to_string(r.shipstation_id);
    spec.payload = boost::json::value_from(deliver_shipment_job{r.kind, r.shipstation_id});
    spec.priority = tracking_priority;
    spec.correlation_id = r.correlation_id;
    jobs::enqueue(w, spec);
}

}  // namespace

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
    r.shipstation_created_at = s.create_date;
    r.voided_at = s.void_date;
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
    r.shipstation_created_at = f.create_date;
    r.voided_at = f.void_date;
    r.voided = f.voided;
    r.payload = f.raw;
    r.correlation_id = correlation;
    return r;
}

recorded record_and_queue(pqxx::work& work, const std::vector<links::received_record>& records,
                          std::string_view found_by) {
    recorded out;
    std::vector<audit::entry> rows;
    for (const auto& r : records) {
        auto result = links::record(work, r);
        if (result.created) ++out.created;
        if (result.void_is_new) ++out.new_voids;
        // A new record needs its delivery; a void of a known one needs its handling.
        if (result.created || result.void_is_new) queue_delivery(work, r);
        if (!result.created && !result.void_is_new && found_by != "webhook") continue;  // nothing new to say
        rows.push_back(
            shipment_row(shipment_audit_key(r.kind, r.shipstation_id), audit::direction::inbound,
                         result.created       ? "received"
                         : result.void_is_new ? "void_received"
                                              : "seen_again",
                         result.created || result.void_is_new ? audit::outcome::ok : audit::outcome::info)
                .with_request(boost::json::object{{"found_by", found_by},
                                                  {"orderKey", r.order_key},
                                                  {"orderNumber", r.order_number},
                                                  {"trackingNumber", r.tracking_number},
                                                  {"carrierCode", r.carrier_code},
                                                  {"voided", r.voided}})
                .correlated(r.correlation_id));
    }
    audit::append_all(work, rows);
    return out;
}

}  // namespace mlc::flows::shipments
