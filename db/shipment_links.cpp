// Shipment links: each ShipStation shipment or fulfillment the shipments flow received, and its delivery.
#include "db/shipment_links.hpp"

#include "common/setting_parsers.hpp"
#include "db/pg_values.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace mlc::db::shipment_links {

namespace {

constexpr std::array<std::pair<link_state, std::string_view>, 6> state_names{{
    {link_state::received, "received"},
    {link_state::delivered, "delivered"},
    {link_state::skipped, "skipped"},
    {link_state::failed, "failed"},
    {link_state::dead, "dead"},
    {link_state::cancelled, "cancelled"},
}};

constexpr const char* columns = R"sql(
    kind, shipstation_id, shipstation_order_id, coalesce(order_key, ''), coalesce(order_number, ''),
    coalesce(tracking_number, ''), coalesce(carrier_code, ''), coalesce(service_code, ''), ship_date::text,
    voided, payload::text, state, delivery_doc_entry, delivery_doc_num, last_error, coalesce(correlation_id, ''),
    (extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint,
    (extract(epoch FROM shipstation_created_at) * 1000000)::bigint, (extract(epoch FROM voided_at) * 1000000)::bigint,
    (extract(epoch FROM delivery_in_doubt_at) * 1000000)::bigint, order_update, order_update_error,
    (extract(epoch FROM now() - delivery_in_doubt_at) * 1000)::bigint
)sql";

std::optional<std::string> date_text(const std::optional<std::chrono::sys_days>& day) {
    return day ? std::optional<std::string>(format_date(*day)) : std::nullopt;
}

std::optional<std::chrono::sys_days> date_of(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    auto day = parse_date(f.c_str());
    return day ? std::optional<std::chrono::sys_days>(*day) : std::nullopt;
}

shipment_link read_link(const pqxx::row& r) {
    shipment_link l;
    l.kind = parse_link_kind(r[0].as<std::string>());
    l.shipstation_id = r[1].as<std::int64_t>();
    if (!r[2].is_null()) l.shipstation_order_id = r[2].as<std::int64_t>();
    l.order_key = r[3].as<std::string>();
    l.order_number = r[4].as<std::string>();
    l.tracking_number = r[5].as<std::string>();
    l.carrier_code = r[6].as<std::string>();
    l.service_code = r[7].as<std::string>();
    l.ship_date = date_of(r[8]);
    l.voided = r[9].as<bool>();
    l.payload = detail::json_field(r[10]);
    l.state = parse_link_state(r[11].as<std::string>());
    if (!r[12].is_null()) l.delivery_doc_entry = r[12].as<int>();
    if (!r[13].is_null()) l.delivery_doc_num = r[13].as<int>();
    l.last_error = detail::optional_text(r[14]);
    l.correlation_id = r[15].as<std::string>();
    l.created_at = detail::time_field(r[16]);
    l.updated_at = detail::time_field(r[17]);
    l.shipstation_created_at = detail::optional_time_field(r[18]);
    l.voided_at = detail::optional_time_field(r[19]);
    l.delivery_in_doubt_at = detail::optional_time_field(r[20]);
    if (!r[21].is_null()) l.order_update_state = parse_order_update(r[21].c_str());
    l.order_update_error = detail::optional_text(r[22]);
    if (!r[23].is_null())
        l.in_doubt_for = std::chrono::milliseconds(std::max<std::int64_t>(r[23].as<std::int64_t>(), 0));
    return l;
}

// A nullable bigint parameter as text (the repositories bind NULL through a null char pointer).
std::optional<std::string> number_text(const std::optional<std::int64_t>& n) {
    return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
}

std::optional<std::string> non_empty(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

std::string_view to_string(link_kind kind) noexcept {
    return kind == link_kind::fulfillment ? "fulfillment" : "shipment";
}

std::string_view to_string(link_state state) noexcept {
    for (const auto& [value, name] : state_names)
        if (value == state) return name;
    return "received";
}

std::string_view to_string(order_update update) noexcept {
    switch (update) {
        case order_update::pending:
            return "pending";
        case order_update::done:
            return "done";
        case order_update::refused:
            return "refused";
    }
    return "pending";
}

order_update parse_order_update(std::string_view text) {
    for (auto u : {order_update::pending, order_update::done, order_update::refused})
        if (to_string(u) == text) return u;
    throw std::invalid_argument("unknown order update state: " + std::string(text));
}

link_kind parse_link_kind(std::string_view text) {
    if (text == "shipment") return link_kind::shipment;
    if (text == "fulfillment") return link_kind::fulfillment;
    throw std::invalid_argument("unknown shipment link kind: " + std::string(text));
}

link_state parse_link_state(std::string_view text) {
    for (const auto& [value, name] : state_names)
        if (name == text) return value;
    throw std::invalid_argument("unknown shipment link state: " + std::string(text));
}

std::map<link_state, std::int64_t> count_by_state(pqxx::work& work) {
    std::map<link_state, std::int64_t> counts;
    for (const auto& [value, name] : state_names) counts[value] = 0;
    for (const auto& row : work.exec("SELECT state, count(*) FROM shipment_links GROUP BY state"))
        counts[parse_link_state(row[0].as<std::string>())] = row[1].as<std::int64_t>();
    return counts;
}

record_result record(pqxx::work& work, const received_record& r) {
    // xmax = 0 tells an insert from an update; the old voided flag comes from the row locked by the upsert.
    auto before = work.exec_params(
        "SELECT voided FROM shipment_links WHERE kind = $1 AND shipstation_id = $2 FOR UPDATE",
        std::string(to_string(r.kind)), r.shipstation_id);
    const auto order_id = number_text(r.shipstation_order_id);
    auto row = work.exec_params1(
        "INSERT INTO shipment_links (kind, shipstation_id, shipstation_order_id, order_key, order_number,"
        " tracking_number, carrier_code, service_code, ship_date, voided, payload, correlation_id,"
        " shipstation_created_at, voided_at)"
        " VALUES ($1, $2, $3::bigint, $4, $5, $6, $7, $8, $9::date, $10, $11::jsonb, $12,"
        " to_timestamp($13::bigint / 1000000.0), to_timestamp($14::bigint / 1000000.0))"
        " ON CONFLICT (kind, shipstation_id) DO UPDATE SET shipstation_order_id = "
        "EXCLUDED.shipstation_order_id,"
        " order_key = EXCLUDED.order_key, order_number = EXCLUDED.order_number,"
        " tracking_number = EXCLUDED.tracking_number, carrier_code = EXCLUDED.carrier_code,"
        " service_code = EXCLUDED.service_code, ship_date = EXCLUDED.ship_date,"
        " voided = shipment_links.voided OR EXCLUDED.voided, payload = EXCLUDED.payload,"
        " shipstation_created_at = coalesce(EXCLUDED.shipstation_created_at, "
        "shipment_links.shipstation_created_at),"
        " voided_at = coalesce(EXCLUDED.voided_at, shipment_links.voided_at), updated_at = now()"
        " RETURNING state",
        std::string(to_string(r.kind)), r.shipstation_id, detail::nullable(order_id),
        detail::nullable(non_empty(r.order_key)), detail::nullable(non_empty(r.order_number)),
        detail::nullable(non_empty(r.tracking_number)), detail::nullable(non_empty(r.carrier_code)),
        detail::nullable(non_empty(r.service_code)), detail::nullable(date_text(r.ship_date)), r.voided,
        detail::json_text(r.payload), detail::nullable(non_empty(r.correlation_id)),
        detail::nullable(detail::optional_time_param(r.shipstation_created_at)),
        detail::nullable(detail::optional_time_param(r.voided_at)));
    record_result out;
    out.created = before.empty();
    out.void_is_new = r.voided && !before.empty() && !before[0][0].as<bool>();
    out.state = parse_link_state(row[0].as<std::string>());
    return out;
}

std::optional<shipment_link> find(pqxx::work& work, link_kind kind, std::int64_t shipstation_id) {
    auto rows = work.exec_params(
        std::string("SELECT") + columns + "FROM shipment_links WHERE kind = $1 AND shipstation_id = $2",
        std::string(to_string(kind)), shipstation_id);
    if (rows.empty()) return std::nullopt;
    return read_link(rows[0]);
}

std::vector<shipment_link> find_by_order(pqxx::work& work, std::string_view order_key,
                                         std::optional<std::int64_t> shipstation_order_id) {
    std::vector<shipment_link> out;
    const auto id = number_text(shipstation_order_id);
    for (const auto& row :
         work.exec_params(std::string("SELECT") + columns +
                              "FROM shipment_links WHERE order_key = $1"
                              " OR ($2::bigint IS NOT NULL AND shipstation_order_id = $2::bigint)"
                              " ORDER BY created_at, shipstation_id",
                          std::string(order_key), detail::nullable(id)))
        out.push_back(read_link(row));
    return out;
}

void mark_in_doubt(pqxx::work& work, link_kind kind, std::int64_t shipstation_id) {
    work.exec_params0(
        "UPDATE shipment_links SET delivery_in_doubt_at = now(), updated_at = now()"
        " WHERE kind = $1 AND shipstation_id = $2",
        std::string(to_string(kind)), shipstation_id);
}

void settle(pqxx::work& work, link_kind kind, std::int64_t shipstation_id, const settlement& s) {
    const std::optional<std::string> state =
        s.state ? std::optional<std::string>(to_string(*s.state)) : std::nullopt;
    const std::optional<std::string> update =
        s.update ? std::optional<std::string>(to_string(*s.update)) : std::nullopt;
    const auto entry =
        s.delivery ? std::optional<std::string>(std::to_string(s.delivery->first)) : std::nullopt;
    const auto num =
        s.delivery ? std::optional<std::string>(std::to_string(s.delivery->second)) : std::nullopt;
    work.exec_params0(
        "UPDATE shipment_links SET"
        " state = coalesce($3, state),"
        " last_error = CASE WHEN $3 IS NULL THEN last_error ELSE $4 END,"
        " delivery_doc_entry = coalesce($5::integer, delivery_doc_entry),"
        " delivery_doc_num = coalesce($6::integer, delivery_doc_num),"
        " order_update = coalesce($7, order_update),"
        " order_update_error = CASE WHEN $7 IS NULL THEN order_update_error ELSE $8 END,"
        " delivery_in_doubt_at = CASE WHEN $9 THEN delivery_in_doubt_at END,"
        " updated_at = now()"
        " WHERE kind = $1 AND shipstation_id = $2",
        std::string(to_string(kind)), shipstation_id, detail::nullable(state), detail::nullable(s.reason),
        detail::nullable(entry), detail::nullable(num), detail::nullable(update),
        detail::nullable(s.update_error), s.keep_in_doubt);
}

bool retry_order_update(pqxx::work& work, link_kind kind, std::int64_t shipstation_id) {
    return work.exec_params0(
                   "UPDATE shipment_links SET order_update = 'pending', updated_at = now()"
                   " WHERE kind = $1 AND shipstation_id = $2 AND order_update = 'refused'",
                   std::string(to_string(kind)), shipstation_id)
               .affected_rows() == 1;
}

std::int64_t count_refused_order_updates(pqxx::work& work) {
    return work.exec1("SELECT count(*) FROM shipment_links WHERE order_update = 'refused'")[0]
        .as<std::int64_t>();
}

void set_state(pqxx::work& work, link_kind kind, std::int64_t shipstation_id, link_state state,
               const std::optional<std::string>& reason) {
    work.exec_params0(
        "UPDATE shipment_links SET state = $3, last_error = $4, updated_at = now()"
        " WHERE kind = $1 AND shipstation_id = $2",
        std::string(to_string(kind)), shipstation_id, std::string(to_string(state)),
        detail::nullable(reason));
}

}  // namespace mlc::db::shipment_links
