// What an operator sees of one order, and the replay of its push.
#include "flows/orders/order_status.hpp"

#include "clients/shipstation/order_key.hpp"
#include "common/clock.hpp"
#include "common/setting_parsers.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/json_values.hpp"
#include "flows/orders/order_audit.hpp"
#include "flows/orders/order_intake.hpp"
#include "flows/shipments/delivery_replay.hpp"

namespace mlc::flows::orders {

namespace {

namespace links = db::order_links;
namespace jobs = db::job_queue;
namespace audit = db::audit_log;

// The keys of the order's audit rows: its DocEntry's, and its DocNum's when its link keeps the orderKey of
// before DocNum could repeat (mlc-<COMPANYDB>-<DocNum>): only one document per DocNum could be recorded then,
// so the rows keyed by that DocNum are this order's.
std::vector<std::string> audit_keys_of(const links::order_link& link) {
    std::vector<std::string> keys{audit_key(link.doc_entry)};
    auto parts = clients::shipstation::parse_order_key(link.order_key);
    if (parts && !parts->doc_entry && parts->doc_num == link.doc_num)
        keys.push_back(std::to_string(link.doc_num));
    return keys;
}

boost::json::object link_json(const links::order_link& link) {
    return {
        {"company_db", link.company_db},
        {"doc_num", link.doc_num},
        {"doc_entry", link.doc_entry},
        {"order_key", link.order_key},
        {"state", links::to_string(link.state)},
        {"reason", or_null(link.last_error)},
        {"sap_version", or_null(link.sap_version)},
        {"shipstation", boost::json::object{{"order_id", or_null(link.shipstation_order_id)},
                                            {"order_status", or_null(link.shipstation_status)}}},
        {"content_hash", or_null(link.sent_hash)},
        {"sent_at", time_or_null(link.sent_at)},
        {"in_doubt_since", time_or_null(link.in_doubt_at)},
        {"updated_at", format_utc_iso8601(link.updated_at)},
    };
}

boost::json::object job_json(const jobs::job& job) {
    return {{"id", job.id},
            {"state", jobs::to_string(job.state)},
            {"attempts", job.attempts},
            {"max_attempts", job.max_attempts},
            {"last_error", or_null(job.last_error)},
            {"next_attempt_at", format_utc_iso8601(job.next_attempt_at)}};
}

boost::json::object shipment_json(const db::shipment_links::shipment_link& sl) {
    namespace shipments = db::shipment_links;
    boost::json::object one{{"kind", shipments::to_string(sl.kind)},
                            {"shipstation_id", sl.shipstation_id},
                            {"tracking_number", sl.tracking_number},
                            {"carrier_code", sl.carrier_code},
                            {"service_code", sl.service_code},
                            {"ship_date", sl.ship_date ? boost::json::value(format_date(*sl.ship_date))
                                                       : boost::json::value(nullptr)},
                            {"label_created_at", time_or_null(sl.shipstation_created_at)},
                            {"voided", sl.voided},
                            {"voided_at", time_or_null(sl.voided_at)},
                            {"state", shipments::to_string(sl.state)},
                            {"reason", or_null(sl.last_error)},
                            {"in_doubt_since", time_or_null(sl.delivery_in_doubt_at)},
                            {"updated_at", format_utc_iso8601(sl.updated_at)}};
    if (sl.delivery_doc_entry)
        one["delivery"] = boost::json::object{{"doc_entry", *sl.delivery_doc_entry},
                                              {"doc_num", or_null(sl.delivery_doc_num)}};
    else
        one["delivery"] = nullptr;
    // The sales order's update after the delivery: a refusal by SAP is shown here with its message.
    if (sl.order_update_state)
        one["order_update"] = boost::json::object{{"state", shipments::to_string(*sl.order_update_state)},
                                                  {"error", or_null(sl.order_update_error)}};
    else
        one["order_update"] = nullptr;
    return one;
}

boost::json::object audit_row_json(const audit::record& r) {
    boost::json::object row{{"at", format_utc_iso8601(r.occurred_at)},
                            {"action", r.action},
                            {"outcome", audit::to_string(r.result)},
                            {"direction", audit::to_string(r.dir)}};
    if (r.error) row["error"] = *r.error;
    if (r.request_summary) row["request"] = *r.request_summary;
    if (r.response_summary) row["response"] = *r.response_summary;
    if (r.correlation_id) row["correlation_id"] = *r.correlation_id;
    if (r.job_id) row["job_id"] = *r.job_id;
    return row;
}

}  // namespace

std::vector<int> doc_entries_with_doc_num(pqxx::work& work, std::string_view company_db, int doc_num) {
    std::vector<int> entries;
    for (const auto& link :
         links::find_by_doc_num(work, clients::shipstation::company_key(company_db), doc_num))
        entries.push_back(link.doc_entry);
    return entries;
}

std::optional<boost::json::object> order_status_by_entry(pqxx::work& work, std::string_view company_db,
                                                         int doc_entry, std::size_t audit_limit) {
    auto link = links::find(work, clients::shipstation::company_key(company_db), doc_entry);
    if (!link) return std::nullopt;
    auto out = link_json(*link);
    auto job = jobs::find_by_key(work, push_job_kind, link->order_key);
    out["job"] = job ? boost::json::value(job_json(*job)) : boost::json::value(nullptr);
    // Its shipments and the SAP deliveries written for them (the shipments flow).
    boost::json::array shipments;
    for (const auto& sl :
         db::shipment_links::find_by_order(work, link->order_key, link->shipstation_order_id))
        shipments.push_back(shipment_json(sl));
    out["shipments"] = std::move(shipments);
    boost::json::array timeline;
    auto rows = audit::find_by_entities(work, audit_entity, audit_keys_of(*link), audit_limit);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) timeline.push_back(audit_row_json(*it));
    out["audit"] = std::move(timeline);
    return out;
}

replay_result replay_order(pqxx::work& work, std::string_view company_db, int doc_num) {
    auto entries = doc_entries_with_doc_num(work, company_db, doc_num);
    if (entries.empty()) return replay_result::not_found;
    if (entries.size() > 1) return replay_result::ambiguous;
    return replay_order_by_entry(work, company_db, entries.front());
}

replay_result replay_order_by_entry(pqxx::work& work, std::string_view company_db, int doc_entry) {
    auto link = links::find(work, clients::shipstation::company_key(company_db), doc_entry);
    if (!link) return replay_result::not_found;
    // The order's deliveries that SAP refused (or that keep failing) go again too.
    const std::size_t deliveries =
        flows::shipments::replay_deliveries(work, link->order_key, link->shipstation_order_id);
    auto job = jobs::find_by_key(work, push_job_kind, link->order_key);
    if (!job || !jobs::requeue_now(work, *job))
        return deliveries > 0 ? replay_result::replayed : replay_result::nothing_to_replay;
    links::set_state(work, link->order_key, links::link_state::queued, std::nullopt);
    audit::append(work,
                  order_row(doc_entry, audit::direction::internal, "replay_requested", audit::outcome::info)
                      .with_request(boost::json::object{{"previous_state", jobs::to_string(job->state)},
                                                        {"previous_error", or_null(job->last_error)}})
                      .correlated(job->correlation_id, job->id));
    return replay_result::replayed;
}

}  // namespace mlc::flows::orders
