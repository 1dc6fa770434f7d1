// Batch stock per warehouse through the stored query MLC_BATCH_STOCK (SQLQueries and its List function).
#include "clients/sap/batch_stock.hpp"

#include "clients/sap/odata_query.hpp"
#include "clients/sap/stored_query.hpp"
#include "common/json_fields.hpp"

#include <boost/json/object.hpp>

namespace mlc::clients::sap {

namespace {

namespace jf = json_fields;

// Double quotes name columns on HANA and SQL Server alike; the parameters are bound by Service Layer, never
// pasted into the text.
constexpr std::string_view batch_stock_sql =
    "SELECT T0.\"ItemCode\", T1.\"DistNumber\" AS \"BatchNumber\", T0.\"WhsCode\", "
    "T0.\"Quantity\" - T0.\"CommitQty\" AS \"Available\", T1.\"InDate\" AS \"AdmissionDate\", "
    "T1.\"ExpDate\" AS \"ExpirationDate\", T1.\"Status\" "
    "FROM OBTQ T0 INNER JOIN OBTN T1 ON T0.\"MdAbsEntry\" = T1.\"AbsEntry\" "
    "WHERE T0.\"ItemCode\" = :ItemCode AND T0.\"WhsCode\" = :WhsCode AND T0.\"Quantity\" > 0";

constexpr stored_query batch_stock_query{batch_stock_query_code, "ml-connector batch stock", batch_stock_sql,
                                         "batch_stock"};

// An SQL query answers dates as the database gives them: "2025-08-01", "2025-08-01T00:00:00Z",
// "2025-08-01 00:00:00.000" or "20250801".
std::optional<std::chrono::sys_days> date_of(const boost::json::object& row, std::string_view key) {
    std::string text = jf::text(row, key);
    if (text.size() >= 10 && text[4] == '-') return parse_date(text.substr(0, 10));
    if (text.size() >= 8 && text.find_first_not_of("0123456789") >= 8)
        return parse_date(text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2));
    return std::nullopt;
}

// OBTN.Status holds "0", "1" or "2"; an adapted query may give BatchNumberDetails' names instead.
batch_status status_of(const boost::json::object& row) {
    std::string s = jf::text(row, "Status");
    if (s.empty())
        if (auto n = jf::integer(row, "Status")) s = std::to_string(*n);
    if (s == "0" || s == "bdsStatus_Released") return batch_status::released;
    if (s == "1" || s == "bdsStatus_NotAccessible") return batch_status::not_accessible;
    if (s == "2" || s == "bdsStatus_Locked") return batch_status::locked;
    return batch_status::unknown;
}

outcome<std::vector<available_batch>> parse_batches(const boost::json::array& rows) {
    std::vector<available_batch> out;
    for (const auto& row : rows) {
        const auto* o = row.if_object();
        std::string number = o ? jf::text(*o, "BatchNumber") : std::string();
        if (number.empty())
            return error{error_kind::bad_response,
                         200,
                         {},
                         "a row without BatchNumber from SQL query " + std::string(batch_stock_query_code)};
        out.push_back({std::move(number), jf::number(*o, "Available"), date_of(*o, "AdmissionDate"),
                       date_of(*o, "ExpirationDate"), status_of(*o)});
    }
    return out;
}

}  // namespace

boost::asio::awaitable<outcome<bool>> ensure_batch_stock_query(client& c) {
    co_return co_await ensure_stored_query(c, batch_stock_query);
}

boost::asio::awaitable<outcome<std::vector<available_batch>>> available_batches(client& c,
                                                                                std::string item_code,
                                                                                std::string warehouse,
                                                                                missing_query when_missing) {
    std::string target = stored_query_path(batch_stock_query) +
                         "/List?ItemCode=" + encode_query_value(string_literal(item_code)) +
                         "&WhsCode=" + encode_query_value(string_literal(warehouse));
    auto rows =
        co_await read_stored_query(c, batch_stock_query, std::move(target), &client::read_all, when_missing);
    if (!rows) co_return rows.error();
    co_return parse_batches(*rows);
}

}  // namespace mlc::clients::sap
