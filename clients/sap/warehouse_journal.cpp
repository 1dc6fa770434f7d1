// The warehouse journal through the stored query MLC_WHS_JOURNAL (SQLQueries and its List function).
#include "clients/sap/warehouse_journal.hpp"

#include "clients/sap/stored_query.hpp"
#include "common/json_fields.hpp"

#include <boost/json/object.hpp>

#include <charconv>

namespace mlc::clients::sap {

namespace {

namespace jf = json_fields;

// Double quotes name columns on HANA and SQL Server alike; :TransNum is bound by Service Layer.
constexpr std::string_view journal_sql =
    "SELECT T0.\"TransNum\", T0.\"TransType\", T0.\"CreatedBy\", T0.\"ItemCode\", T0.\"Warehouse\", "
    "T0.\"InQty\", T0.\"OutQty\", T0.\"DocDate\" FROM OINM T0 WHERE T0.\"TransNum\" > :TransNum "
    "ORDER BY T0.\"TransNum\"";

constexpr stored_query journal_query{warehouse_journal_query_code, "ml-connector warehouse journal",
                                     journal_sql, "warehouse_journal"};

constexpr std::string_view head_sql = "SELECT MAX(T0.\"TransNum\") AS \"TransNum\" FROM OINM T0";

constexpr stored_query head_query{"MLC_WHS_JOURNAL_HEAD", "ml-connector warehouse journal head", head_sql,
                                  "warehouse_journal_head"};

// TransNum as a number or a numeric string (a database may give either); nullopt otherwise.
std::optional<std::int64_t> trans_num_of(const boost::json::object& row) {
    const auto* v = row.if_contains("TransNum");
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double() && v->get_double() == static_cast<double>(static_cast<std::int64_t>(v->get_double())))
        return static_cast<std::int64_t>(v->get_double());
    if (!v->is_string()) return std::nullopt;
    std::string_view text = v->get_string();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return n;
}

outcome<journal_page> to_journal_page(collection_page page) {
    journal_page out;
    out.rows.reserve(page.rows.size());
    for (const auto& row : page.rows) {
        const auto* o = row.if_object();
        auto trans_num = o ? trans_num_of(*o) : std::nullopt;
        std::string item_code = o ? jf::text(*o, "ItemCode") : std::string();
        if (!trans_num || item_code.empty())
            return error{error_kind::bad_response,
                         200,
                         {},
                         "a row without TransNum or ItemCode from SQL query " +
                             std::string(warehouse_journal_query_code)};
        out.rows.push_back({*trans_num, std::move(item_code), jf::text(*o, "Warehouse"),
                            jf::number(*o, "InQty"), jf::number(*o, "OutQty")});
    }
    out.next_target = std::move(page.next_target);
    return out;
}

}  // namespace

boost::asio::awaitable<outcome<journal_page>> warehouse_journal(client& c, std::int64_t after_trans_num) {
    std::string target =
        stored_query_path(journal_query) + "/List?TransNum=" + std::to_string(after_trans_num);
    auto page = co_await read_stored_query(c, journal_query, std::move(target), &client::read_page);
    if (!page) co_return page.error();
    co_return to_journal_page(std::move(*page));
}

boost::asio::awaitable<outcome<journal_page>> read_journal_page(client& c, std::string next_target) {
    auto page = co_await c.read_page(std::string(journal_query.operation), std::move(next_target));
    if (!page) co_return page.error();
    co_return to_journal_page(std::move(*page));
}

boost::asio::awaitable<outcome<std::int64_t>> journal_head(client& c) {
    std::string target = stored_query_path(head_query) + "/List";
    auto page = co_await read_stored_query(c, head_query, std::move(target), &client::read_page);
    if (!page) co_return page.error();
    if (page->rows.empty() || !page->rows.front().is_object()) co_return std::int64_t{0};
    const auto& row = page->rows.front().as_object();
    const auto* n = row.if_contains("TransNum");
    if (!n || n->is_null()) co_return std::int64_t{0};  // an empty journal
    auto head = trans_num_of(row);
    if (!head)
        co_return error{error_kind::bad_response, 200, {}, "SQL query MLC_WHS_JOURNAL_HEAD gave no TransNum"};
    co_return *head;
}

}  // namespace mlc::clients::sap
