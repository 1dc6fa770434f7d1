// Customer links: ShipStation's customerId beside the business partner it was built from.
#include "db/customer_links.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace mlc::db::customer_links {

std::size_t record(pqxx::work& work, std::string_view company_db, const std::vector<seen_customer>& seen) {
    if (seen.empty()) return 0;
    boost::json::array rows;
    for (const auto& s : seen)
        rows.push_back(boost::json::object{{"card_code", s.card_code}, {"id", s.customer_id}});
    auto r = work.exec_params(
        "WITH input AS (SELECT DISTINCT ON (card_code) card_code, id"
        "   FROM jsonb_to_recordset($2::jsonb) AS x(card_code text, id bigint) ORDER BY card_code, id)"
        " INSERT INTO customer_links AS c (company_db, card_code, customer_id)"
        " SELECT $1, i.card_code, i.id FROM input i"
        " WHERE EXISTS (SELECT 1 FROM order_links o WHERE o.company_db = $1"
        "               AND o.sent_body ->> 'customerUsername' = i.card_code)"
        " ON CONFLICT (company_db, card_code) DO UPDATE SET customer_id = EXCLUDED.customer_id, seen_at = "
        "now()"
        " WHERE c.customer_id IS DISTINCT FROM EXCLUDED.customer_id"
        " RETURNING 1",
        std::string(company_db), detail::json_text(boost::json::value(std::move(rows))));
    return r.size();
}

std::optional<std::int64_t> find(pqxx::work& work, std::string_view company_db, std::string_view card_code) {
    auto r =
        work.exec_params("SELECT customer_id FROM customer_links WHERE company_db = $1 AND card_code = $2",
                         std::string(company_db), std::string(card_code));
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::int64_t>();
}

}  // namespace mlc::db::customer_links
