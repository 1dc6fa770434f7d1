// Order links: each SAP sales order the orders flow has seen, its ShipStation order and its sync state.
#include "db/order_links.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>

#include <array>
#include <stdexcept>

namespace mlc::db::order_links {

namespace {

constexpr std::array<std::pair<link_state, std::string_view>, 9> state_names{{
    {link_state::seen, "seen"},
    {link_state::ignored, "ignored"},
    {link_state::refused, "refused"},
    {link_state::queued, "queued"},
    {link_state::sent, "sent"},
    {link_state::failed, "failed"},
    {link_state::dead, "dead"},
    {link_state::cancelled, "cancelled"},
    {link_state::shipped, "shipped"},
}};

constexpr const char* columns = R"sql(
    company_db, doc_entry, doc_num, order_key, sap_version, sap_hash, state, shipstation_order_id, shipstation_status,
    queued_hash, sent_hash, sent_body::text,
    (extract(epoch FROM sent_at) * 1000000)::bigint,
    in_doubt_hash,
    (extract(epoch FROM in_doubt_at) * 1000000)::bigint,
    last_error, correlation_id,
    (extract(epoch FROM created_at) * 1000000)::bigint,
    (extract(epoch FROM updated_at) * 1000000)::bigint
)sql";

order_link read_link(const pqxx::row& r) {
    order_link l;
    l.company_db = r[0].as<std::string>();
    l.doc_entry = r[1].as<int>();
    l.doc_num = r[2].as<int>();
    l.order_key = r[3].as<std::string>();
    l.sap_version = detail::optional_text(r[4]);
    l.sap_hash = detail::optional_text(r[5]);
    l.state = parse_link_state(r[6].as<std::string>());
    if (!r[7].is_null()) l.shipstation_order_id = r[7].as<std::int64_t>();
    l.shipstation_status = detail::optional_text(r[8]);
    l.queued_hash = detail::optional_text(r[9]);
    l.sent_hash = detail::optional_text(r[10]);
    l.sent_body = detail::optional_json_field(r[11]);
    l.sent_at = detail::optional_time_field(r[12]);
    l.in_doubt_hash = detail::optional_text(r[13]);
    l.in_doubt_at = detail::optional_time_field(r[14]);
    l.last_error = detail::optional_text(r[15]);
    l.correlation_id = detail::optional_text(r[16]);
    l.created_at = detail::time_field(r[17]);
    l.updated_at = detail::time_field(r[18]);
    return l;
}

std::optional<order_link> first_link(const pqxx::result& rows) {
    if (rows.empty()) return std::nullopt;
    return read_link(rows[0]);
}

}  // namespace

std::string_view to_string(link_state state) noexcept {
    for (const auto& [value, name] : state_names)
        if (value == state) return name;
    return "seen";
}

link_state parse_link_state(std::string_view text) {
    for (const auto& [value, name] : state_names)
        if (name == text) return value;
    throw std::invalid_argument("unknown order link state: " + std::string(text));
}

std::optional<order_link> find(pqxx::work& work, std::string_view company_db, int doc_entry) {
    return first_link(work.exec_params(
        std::string("SELECT") + columns + "FROM order_links WHERE company_db = $1 AND doc_entry = $2",
        std::string(company_db), doc_entry));
}

std::vector<order_link> find_by_doc_num(pqxx::work& work, std::string_view company_db, int doc_num) {
    std::vector<order_link> out;
    for (const auto& row : work.exec_params(std::string("SELECT") + columns +
                                                "FROM order_links WHERE company_db = $1 AND doc_num = $2"
                                                " ORDER BY doc_entry",
                                            std::string(company_db), doc_num))
        out.push_back(read_link(row));
    return out;
}

std::optional<order_link> find_by_key(pqxx::work& work, std::string_view order_key) {
    return first_link(work.exec_params(
        std::string("SELECT") + columns + "FROM order_links WHERE order_key = $1", std::string(order_key)));
}

std::optional<order_link> find_by_shipstation_order_id(pqxx::work& work, std::int64_t order_id) {
    return first_link(work.exec_params(
        std::string("SELECT") + columns + "FROM order_links WHERE shipstation_order_id = $1", order_id));
}

std::map<int, std::pair<std::string, std::string>> versions(pqxx::work& work, std::string_view company_db,
                                                            const std::vector<int>& doc_entries) {
    const boost::json::value entries = boost::json::array(doc_entries.begin(), doc_entries.end());
    std::map<int, std::pair<std::string, std::string>> out;
    auto rows = work.exec_params(
        "SELECT doc_entry, coalesce(sap_version, ''), coalesce(sap_hash, '') FROM order_links"
        " WHERE company_db = $1 AND doc_entry IN (SELECT jsonb_array_elements_text($2::jsonb)::integer)",
        std::string(company_db), detail::json_text(entries));
    for (const auto& row : rows) {
        int entry = row[0].as<int>();
        out.emplace(entry, std::make_pair(row[1].as<std::string>(), row[2].as<std::string>()));
    }
    return out;
}

std::optional<order_link> note_version(pqxx::work& work, const order_identity& id,
                                       std::string_view sap_version, std::string_view sap_hash,
                                       std::string_view correlation_id) {
    // One statement: the row as it was (locked), and the upsert, which leaves a row already at this version
    // alone. ON CONFLICT also covers a concurrent first insert of the same order (nothing to lock yet).
    return first_link(work.exec_params(
        std::string("WITH before AS (SELECT") + columns +
            "FROM order_links WHERE company_db = $1 AND doc_entry = $2 FOR UPDATE),"
            " upsert AS (INSERT INTO order_links (company_db, doc_entry, doc_num, order_key, sap_version,"
            "   sap_hash, correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            " ON CONFLICT (company_db, doc_entry) DO UPDATE SET doc_num = EXCLUDED.doc_num,"
            "   sap_version = EXCLUDED.sap_version, sap_hash = EXCLUDED.sap_hash,"
            "   correlation_id = EXCLUDED.correlation_id, updated_at = now()"
            " WHERE order_links.sap_version IS DISTINCT FROM EXCLUDED.sap_version"
            "    OR order_links.sap_hash IS DISTINCT FROM EXCLUDED.sap_hash)"
            " SELECT * FROM before",
        id.company_db, id.doc_entry, id.doc_num, id.order_key, std::string(sap_version),
        std::string(sap_hash), std::string(correlation_id)));
}

void set_state(pqxx::work& work, std::string_view order_key, link_state state,
               const std::optional<std::string>& reason) {
    work.exec_params0(
        "UPDATE order_links SET state = $2, last_error = $3, updated_at = now() WHERE order_key = $1",
        std::string(order_key), std::string(to_string(state)), detail::nullable(reason));
}

void set_queued(pqxx::work& work, std::string_view order_key, std::string_view hash) {
    work.exec_params0(
        "UPDATE order_links SET state = 'queued', queued_hash = $2, last_error = NULL, updated_at = now()"
        " WHERE order_key = $1",
        std::string(order_key), std::string(hash));
}

void mark_in_doubt(pqxx::work& work, std::string_view order_key, std::string_view hash) {
    work.exec_params0(
        "UPDATE order_links SET in_doubt_hash = $2, in_doubt_at = now(), updated_at = now() WHERE order_key "
        "= $1",
        std::string(order_key), std::string(hash));
}

void clear_in_doubt(pqxx::work& work, std::string_view order_key) {
    work.exec_params0(
        "UPDATE order_links SET in_doubt_hash = NULL, in_doubt_at = NULL, updated_at = now() WHERE order_key "
        "= $1",
        std::string(order_key));
}

void mark_sent(pqxx::work& work, std::string_view order_key, std::int64_t order_id,
               std::string_view order_status, std::string_view hash, const boost::json::value& body) {
    work.exec_params0(
        "UPDATE order_links SET state = CASE WHEN $3 = 'cancelled' THEN 'cancelled'"
        "   WHEN queued_hash IS DISTINCT FROM $4 THEN 'queued' ELSE 'sent' END,"
        " shipstation_order_id = $2, shipstation_status = $3, sent_hash = $4, sent_body = $5::jsonb,"
        " sent_at = now(), in_doubt_hash = NULL, in_doubt_at = NULL, last_error = NULL, updated_at = now()"
        " WHERE order_key = $1",
        std::string(order_key), order_id, std::string(order_status), std::string(hash),
        detail::json_text(body));
}

void note_shipstation_order(pqxx::work& work, std::string_view order_key, std::int64_t order_id,
                            std::string_view order_status) {
    work.exec_params0(
        "UPDATE order_links SET shipstation_order_id = $2, shipstation_status = $3, updated_at = now()"
        " WHERE order_key = $1",
        std::string(order_key), order_id, std::string(order_status));
}

std::map<link_state, std::int64_t> count_by_state(pqxx::work& work) {
    std::map<link_state, std::int64_t> counts;
    for (const auto& [value, name] : state_names) counts[value] = 0;
    for (const auto& row : work.exec("SELECT state, count(*) FROM order_links GROUP BY state"))
        counts[parse_link_state(row[0].as<std::string>())] = row[1].as<std::int64_t>();
    return counts;
}

}  // namespace mlc::db::order_links
