// Item links: each item whose SKU went to ShipStation, its product there and what was last aligned.
#include "db/item_links.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>

namespace mlc::db::item_links {

bool note_sent(pqxx::work& work, std::string_view company_db, std::string_view item_code,
               std::string_view sku) {
    // A known item under the same SKU whose product is aligned updates nothing and returns no row; a new
    // item, a changed SKU or a product never aligned (not made yet when last looked for) needs aligning.
    auto r = work.exec_params(
        "INSERT INTO item_links (company_db, item_code, sku) VALUES ($1, $2, $3)"
        " ON CONFLICT (company_db, item_code) DO UPDATE SET sku = EXCLUDED.sku,"
        "   aligned_hash = CASE WHEN item_links.sku = EXCLUDED.sku THEN item_links.aligned_hash END"
        " WHERE item_links.sku IS DISTINCT FROM EXCLUDED.sku OR item_links.aligned_hash IS NULL"
        " RETURNING 1",
        std::string(company_db), std::string(item_code), std::string(sku));
    return !r.empty();
}

std::optional<item_link> find(pqxx::work& work, std::string_view company_db, std::string_view item_code) {
    auto r = work.exec_params(
        "SELECT company_db, item_code, sku, product_id, aligned_hash, aligned::text,"
        " (extract(epoch FROM aligned_at) * 1000000)::bigint,"
        " (extract(epoch FROM first_sent_at) * 1000000)::bigint"
        " FROM item_links WHERE company_db = $1 AND item_code = $2",
        std::string(company_db), std::string(item_code));
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    item_link l;
    l.company_db = row[0].as<std::string>();
    l.item_code = row[1].as<std::string>();
    l.sku = row[2].as<std::string>();
    if (!row[3].is_null()) l.product_id = row[3].as<std::int64_t>();
    l.aligned_hash = detail::optional_text(row[4]);
    l.aligned = detail::optional_json_field(row[5]);
    l.aligned_at = detail::optional_time_field(row[6]);
    l.first_sent_at = detail::time_field(row[7]);
    return l;
}

std::vector<std::string> linked(pqxx::work& work, std::string_view company_db,
                                const std::vector<std::string>& item_codes) {
    std::vector<std::string> out;
    if (item_codes.empty()) return out;
    auto r = work.exec_params(
        "SELECT item_code FROM item_links WHERE company_db = $1"
        " AND item_code IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY item_code",
        std::string(company_db),
        detail::json_text(boost::json::value(boost::json::array(item_codes.begin(), item_codes.end()))));
    for (const auto& row : r) out.push_back(row[0].as<std::string>());
    return out;
}

std::vector<std::string> changed_versions(pqxx::work& work, std::string_view company_db,
                                          const std::vector<std::pair<std::string, std::string>>& versions) {
    std::vector<std::string> out;
    if (versions.empty()) return out;
    boost::json::object by_code;
    for (const auto& [code, version] : versions) by_code[code] = version;
    auto r = work.exec_params(
        "UPDATE item_links SET sap_version = $2::jsonb ->> item_code"
        " WHERE company_db = $1 AND $2::jsonb ? item_code"
        "   AND sap_version IS DISTINCT FROM $2::jsonb ->> item_code"
        " RETURNING item_code",
        std::string(company_db), detail::json_text(boost::json::value(std::move(by_code))));
    for (const auto& row : r) out.push_back(row[0].as<std::string>());
    std::sort(out.begin(), out.end());
    return out;
}

void set_aligned(pqxx::work& work, std::string_view company_db, std::string_view item_code,
                 std::int64_t product_id, std::string_view aligned_hash, const boost::json::value& aligned) {
    work.exec_params0(
        "UPDATE item_links SET product_id = $3, aligned_hash = $4, aligned = $5::jsonb, aligned_at = now()"
        " WHERE company_db = $1 AND item_code = $2",
        std::string(company_db), std::string(item_code), product_id, std::string(aligned_hash),
        detail::json_text(aligned));
}

}  // namespace mlc::db::item_links
