// The SKU map: ShipStation SKUs that are not SAP ItemCodes, and the item each names.
#include "db/sku_map.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <set>

namespace mlc::db::sku_map {

namespace {

constexpr const char* columns =
    " sku, item_code, preferred, coalesce(note, ''), (extract(epoch FROM updated_at) * 1000000)::bigint ";

// The rows of an import arrive as one jsonb parameter: [{sku, item_code, preferred, note}].
#define MLC_IMPORT_ROWS \
    "jsonb_to_recordset($1::jsonb) AS r(sku text, item_code text, preferred boolean, note text)"

// Before the upsert: takes the preferred mark from the rows it would collide with (a unique index is checked
// row by row, so within one statement a mark cannot move): the other rows of each item the import prefers a
// row of, and the import's own rows that do not keep it on the same item.
constexpr const char* demote_sql = "WITH r AS (SELECT * FROM " MLC_IMPORT_ROWS R"sql()
UPDATE sku_map s SET preferred = false, updated_at = now()
WHERE s.preferred
  AND NOT EXISTS (SELECT 1 FROM r WHERE r.sku = s.sku AND r.preferred AND r.item_code = s.item_code)
  AND (s.item_code IN (SELECT item_code FROM r WHERE r.preferred) OR s.sku IN (SELECT sku FROM r))
RETURNING s.sku
)sql";

// A row already as imported is left alone, so its updated_at says when it last changed.
constexpr const char* upsert_sql = R"sql(
INSERT INTO sku_map (sku, item_code, preferred, note)
SELECT sku, item_code, coalesce(preferred, false), note FROM )sql" MLC_IMPORT_ROWS R"sql(
ON CONFLICT (sku) DO UPDATE
SET item_code = EXCLUDED.item_code, preferred = EXCLUDED.preferred, note = EXCLUDED.note, updated_at = now()
WHERE (sku_map.item_code, sku_map.preferred, sku_map.note)
      IS DISTINCT FROM (EXCLUDED.item_code, EXCLUDED.preferred, EXCLUDED.note)
RETURNING sku
)sql";

constexpr const char* remove_others_sql =
    "DELETE FROM sku_map s WHERE NOT EXISTS (SELECT 1 FROM " MLC_IMPORT_ROWS
    " WHERE r.sku = s.sku) RETURNING s.sku";

#undef MLC_IMPORT_ROWS

sku_mapping read_row(const pqxx::row& r) {
    return {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<bool>(), r[3].as<std::string>(),
            detail::time_field(r[4])};
}

std::string rows_json(const std::vector<sku_mapping>& rows) {
    boost::json::array out;
    out.reserve(rows.size());
    for (const auto& m : rows) {
        boost::json::value note = nullptr;
        if (!m.note.empty()) note = boost::json::string(m.note);
        out.push_back(boost::json::object{{"sku", m.sku},
                                          {"item_code", m.item_code},
                                          {"preferred", m.preferred},
                                          {"note", std::move(note)}});
    }
    return detail::json_text(boost::json::value(std::move(out)));
}

std::string texts_json(const std::vector<std::string>& texts) {
    return detail::json_text(boost::json::value(boost::json::array(texts.begin(), texts.end())));
}

// Upserts the rows `json` names; returns the SKUs of the rows inserted or changed.
std::set<std::string> upsert(pqxx::work& work, const std::string& json) {
    std::set<std::string> changed;
    for (const char* statement : {demote_sql, upsert_sql})
        for (const auto& row : work.exec_params(statement, json)) changed.insert(row[0].as<std::string>());
    return changed;
}

}  // namespace

std::vector<sku_mapping> list(pqxx::work& work, std::string_view after_sku, std::size_t limit,
                              const std::optional<std::string>& item_code) {
    std::vector<sku_mapping> out;
    auto rows = work.exec_params(std::string("SELECT") + columns +
                                     "FROM sku_map WHERE sku > $1 AND ($2::text IS NULL OR item_code = $2)"
                                     " ORDER BY sku LIMIT $3",
                                 std::string(after_sku), detail::nullable(item_code),
                                 static_cast<std::int64_t>(limit));
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(read_row(row));
    return out;
}

std::optional<sku_mapping> find(pqxx::work& work, std::string_view sku) {
    auto rows =
        work.exec_params(std::string("SELECT") + columns + "FROM sku_map WHERE sku = $1", std::string(sku));
    if (rows.empty()) return std::nullopt;
    return read_row(rows[0]);
}

sku_mapping put(pqxx::work& work, const sku_mapping& m) {
    upsert(work, rows_json({m}));
    return *find(work, m.sku);
}

bool remove(pqxx::work& work, std::string_view sku) {
    return work.exec_params("DELETE FROM sku_map WHERE sku = $1", std::string(sku)).affected_rows() > 0;
}

import_result import(pqxx::work& work, const std::vector<sku_mapping>& rows, bool replace_all) {
    import_result out;
    out.imported = rows.size();
    const std::string json = rows_json(rows);
    if (replace_all) {
        auto removed = work.exec_params(remove_others_sql, json);
        for (const auto& row : removed) out.removed_skus.push_back(row[0].as<std::string>());
        std::sort(out.removed_skus.begin(), out.removed_skus.end());
        out.removed = out.removed_skus.size();
    }
    if (!rows.empty()) {
        auto changed = upsert(work, json);
        out.changed_skus.assign(changed.begin(), changed.end());
    }
    return out;
}

std::map<std::string, std::string> item_codes_for_skus(pqxx::work& work,
                                                       const std::vector<std::string>& skus) {
    std::map<std::string, std::string> out;
    if (skus.empty()) return out;
    for (const auto& row : work.exec_params(
             "SELECT sku, item_code FROM sku_map WHERE sku IN (SELECT jsonb_array_elements_text($1::jsonb))",
             texts_json(skus)))
        out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    return out;
}

std::map<std::string, std::string> skus_for_item_codes(pqxx::work& work,
                                                       const std::vector<std::string>& item_codes) {
    std::map<std::string, std::string> out;
    if (item_codes.empty()) return out;
    // The preferred row first, then the lowest SKU (byte order: the column's collation is "C").
    for (const auto& row :
         work.exec_params("SELECT DISTINCT ON (item_code) item_code, sku FROM sku_map"
                          " WHERE item_code IN (SELECT jsonb_array_elements_text($1::jsonb))"
                          " ORDER BY item_code, preferred DESC, sku",
                          texts_json(item_codes)))
        out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    return out;
}

}  // namespace mlc::db::sku_map
