// Item stock: per item and SAP warehouse, SAP's quantity, the level ShipStation confirmed and what it listed.
#include "db/item_stock.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace mlc::db::item_stock {

namespace {

boost::json::array levels_json(const std::vector<sap_level>& levels) {
    boost::json::array out;
    for (const auto& l : levels)
        out.push_back({{"item_code", l.item_code},
                       {"warehouse_code", l.warehouse_code},
                       {"location_id", l.location_id},
                       {"sku", l.sku},
                       {"quantity", l.quantity}});
    return out;
}

}  // namespace

std::vector<sap_level> note_sap_levels(pqxx::work& work, std::string_view company_db,
                                       const std::vector<sap_level>& levels) {
    std::vector<sap_level> changed;
    if (levels.empty()) return changed;
    // One statement for a page of items: upsert every level, keep pending_since of a change already pending,
    // and return the rows ShipStation has not confirmed at this quantity.
    auto rows = work.exec_params(
        "WITH input AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(item_code text, warehouse_code text,"
        "   location_id text, sku text, quantity bigint))"
        " INSERT INTO item_stock AS s (company_db, item_code, warehouse_code, location_id, sku, sap_quantity,"
        "   pending_since)"
        " SELECT $1, item_code, warehouse_code, location_id, sku, quantity, now() FROM input"
        " ON CONFLICT (company_db, item_code, warehouse_code) DO UPDATE SET"
        "   location_id = EXCLUDED.location_id, sku = EXCLUDED.sku, sap_quantity = EXCLUDED.sap_quantity,"
        "   pending_since = CASE"
        "     WHEN s.sent_quantity IS NOT DISTINCT FROM EXCLUDED.sap_quantity"
        "          AND s.location_id = EXCLUDED.location_id AND s.sku = EXCLUDED.sku THEN NULL"
        "     ELSE coalesce(s.pending_since, now()) END"
        " RETURNING item_code, warehouse_code, location_id, sku, sap_quantity, pending_since IS NOT NULL",
        std::string(company_db), detail::json_text(boost::json::value(levels_json(levels))));
    for (const auto& r : rows)
        if (r[5].as<bool>())
            changed.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                               r[3].as<std::string>(), r[4].as<std::int64_t>()});
    return changed;
}

void confirm(pqxx::work& work, std::string_view company_db, const sap_level& level) {
    work.exec_params0(
        "UPDATE item_stock SET sent_quantity = $5, sent_at = now(), last_error = NULL,"
        " location_id = $4, reported_quantity = $5, reported_at = now(),"
        " pending_since = CASE WHEN sap_quantity IS NOT DISTINCT FROM $5 THEN NULL ELSE pending_since END"
        " WHERE company_db = $1 AND item_code = $2 AND warehouse_code = $3",
        std::string(company_db), level.item_code, level.warehouse_code, level.location_id, level.quantity);
}

void note_failure(pqxx::work& work, std::string_view company_db, const sap_level& level,
                  std::string_view error) {
    work.exec_params0(
        "UPDATE item_stock SET last_error = $4, pending_since = coalesce(pending_since, now())"
        " WHERE company_db = $1 AND item_code = $2 AND warehouse_code = $3",
        std::string(company_db), level.item_code, level.warehouse_code, std::string(error));
}

void note_reported(pqxx::work& work, std::string_view company_db, std::string_view location_id,
                   const std::vector<std::pair<std::string, std::int64_t>>& listed) {
    boost::json::object quantities;
    for (const auto& [sku, quantity] : listed) quantities[sku] = quantity;
    work.exec_params0(
        "UPDATE item_stock SET reported_at = now(),"
        " reported_quantity = coalesce(($3::jsonb ->> sku)::bigint, 0)"
        " WHERE company_db = $1 AND location_id = $2",
        std::string(company_db), std::string(location_id),
        detail::json_text(boost::json::value(std::move(quantities))));
}

std::vector<stock_row> of_item(pqxx::work& work, std::string_view company_db, std::string_view item_code) {
    auto rows = work.exec_params(
        "SELECT item_code, warehouse_code, location_id, sku, sap_quantity, sent_quantity, reported_quantity,"
        " (extract(epoch FROM sent_at) * 1000000)::bigint, (extract(epoch FROM reported_at) * "
        "1000000)::bigint,"
        " (extract(epoch FROM pending_since) * 1000000)::bigint, last_error"
        " FROM item_stock WHERE company_db = $1 AND item_code = $2 ORDER BY warehouse_code",
        std::string(company_db), std::string(item_code));
    std::vector<stock_row> out;
    auto number = [](const pqxx::field& f) {
        return f.is_null() ? std::optional<std::int64_t>() : f.as<std::int64_t>();
    };
    for (const auto& r : rows)
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>(), number(r[4]), number(r[5]), number(r[6]),
                       detail::optional_time_field(r[7]), detail::optional_time_field(r[8]),
                       detail::optional_time_field(r[9]), detail::optional_text(r[10])});
    return out;
}

pending_summary pending(pqxx::work& work) {
    auto r = work.exec(
        "SELECT count(*), coalesce((extract(epoch FROM now() - min(pending_since)) * 1000)::bigint, 0)"
        " FROM item_stock WHERE pending_since IS NOT NULL");
    return {r[0][0].as<std::int64_t>(), std::chrono::milliseconds(r[0][1].as<std::int64_t>())};
}

}  // namespace mlc::db::item_stock
