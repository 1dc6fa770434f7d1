// What an operator sees of one item, and the operator's requests to align or sync it now.
#include "flows/items/item_status.hpp"

#include "common/clock.hpp"
#include "db/audit_log.hpp"
#include "db/item_links.hpp"
#include "db/item_stock.hpp"
#include "db/job_queue.hpp"
#include "db/sku_map.hpp"
#include "flows/items/item_audit.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/json_values.hpp"

#include <boost/json/array.hpp>

namespace mlc::flows::items {

namespace {

namespace jobs = db::job_queue;
namespace audit = db::audit_log;

boost::json::value job_json(pqxx::work& w, const char* kind, const std::string& key) {
    auto job = jobs::find_by_key(w, kind, key);
    if (!job) return nullptr;
    return boost::json::object{{"id", job->id},
                               {"state", jobs::to_string(job->state)},
                               {"attempts", job->attempts},
                               {"max_attempts", job->max_attempts},
                               {"last_error", or_null(job->last_error)},
                               {"next_attempt_at", format_utc_iso8601(job->next_attempt_at)}};
}

boost::json::array stock_json(const std::vector<db::item_stock::stock_row>& rows) {
    boost::json::array out;
    for (const auto& r : rows)
        out.push_back(boost::json::object{{"WarehouseCode", r.warehouse_code},
                                          {"inventory_location_id", r.location_id},
                                          {"sku", r.sku},
                                          {"sap_quantity", or_null(r.sap_quantity)},
                                          {"sent_quantity", or_null(r.sent_quantity)},
                                          {"sent_at", time_or_null(r.sent_at)},
                                          {"reported_quantity", or_null(r.reported_quantity)},
                                          {"reported_at", time_or_null(r.reported_at)},
                                          {"pending_since", time_or_null(r.pending_since)},
                                          {"last_error", or_null(r.last_error)}});
    return out;
}

boost::json::array audit_json(std::vector<audit::record> rows) {
    boost::json::array out;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        out.push_back(boost::json::object{{"id", it->id},
                                          {"occurred_at", format_utc_iso8601(it->occurred_at)},
                                          {"direction", audit::to_string(it->dir)},
                                          {"action", it->action},
                                          {"result", audit::to_string(it->result)},
                                          {"request", or_null(it->request_summary)},
                                          {"response", or_null(it->response_summary)},
                                          {"error", or_null(it->error)}});
    return out;
}

}  // namespace

std::optional<boost::json::object> item_status(pqxx::work& work, std::string_view company_db,
                                               std::string_view item_code, std::size_t audit_limit) {
    const std::string key = std::string(company_db) + ":" + std::string(item_code);
    auto link = db::item_links::find(work, company_db, item_code);
    auto stock = db::item_stock::of_item(work, company_db, item_code);
    auto align_job = job_json(work, align_product_kind, key);
    auto stock_job = job_json(work, sync_stock_kind, key);
    auto rows = audit::find_by_entity(work, audit_entity, item_code, audit_limit);
    // The SKU map's rows for the item (a handful at most; the first hundred shown).
    auto mapped = db::sku_map::list(work, "", 100, std::string(item_code));
    if (!link && stock.empty() && align_job.is_null() && stock_job.is_null() && rows.empty() &&
        mapped.empty())
        return std::nullopt;
    boost::json::array sku_map;
    for (const auto& m : mapped)
        sku_map.push_back(boost::json::object{{"sku", m.sku}, {"preferred", m.preferred}, {"note", m.note}});
    boost::json::object product;
    if (link)
        product = {{"sku", link->sku},
                   {"product_id", or_null(link->product_id)},
                   {"aligned", or_null(link->aligned)},
                   {"aligned_at", time_or_null(link->aligned_at)},
                   {"first_sent_at", format_utc_iso8601(link->first_sent_at)}};
    return boost::json::object{
        {"item_code", item_code},
        {"company_db", company_db},
        {"sku_map", std::move(sku_map)},
        {"product", link ? boost::json::value(std::move(product)) : nullptr},
        {"stock", stock_json(stock)},
        {"jobs", boost::json::object{{"align_product", align_job}, {"sync_stock", stock_job}}},
        {"audit", audit_json(std::move(rows))}};
}

void queue_by_operator(pqxx::work& work, std::string_view company_db, std::string_view item_code,
                       bool product) {
    const std::vector<std::string> codes{std::string(item_code)};
    if (product)
        queue_alignments(work, company_db, codes, "operator");
    else
        queue_stock_syncs(work, company_db, codes, "operator");
    audit::append(work, item_row(std::string(item_code), audit::direction::internal,
                                 product ? "align_requested" : "stock_sync_requested", audit::outcome::info));
}

}  // namespace mlc::flows::items
