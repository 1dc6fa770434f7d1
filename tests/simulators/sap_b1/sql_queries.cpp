// Stored SQL queries: creating them, and running the one query shape the simulator understands.
#include "tests/simulators/sap_b1/sql_queries.hpp"

#include "tests/simulators/sap_b1/batches.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/odata_query.hpp"
#include "tests/simulators/sap_b1/paged_collection.hpp"
#include "tests/simulators/sap_b1/schema.hpp"
#include "tests/simulators/sap_b1/sql_tables.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"
#include "tests/simulators/sap_b1/user_fields.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

namespace mlc::sim::sap {

namespace {

using status = boost::beast::http::status;
using parameters = std::map<std::string, std::string, std::less<>>;  // name -> literal as sent ("'A1'")

bool contains_ignoring_case(std::string_view text, std::string_view part) {
    return std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
               return std::toupper(static_cast<unsigned char>(a)) ==
                      std::toupper(static_cast<unsigned char>(b));
           }) != text.end();
}

// The ":Name" parameters of an SQL text (outside string literals).
std::set<std::string> parameter_names(std::string_view sql) {
    std::set<std::string> names;
    bool quoted = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        if (sql[i] == '\'') quoted = !quoted;
        if (quoted || sql[i] != ':') continue;
        std::size_t end = i + 1;
        while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_'))
            ++end;
        if (end > i + 1) names.emplace(sql.substr(i + 1, end - i - 1));
        i = end - 1;
    }
    return names;
}

// "ItemCode='A&B'&WhsCode='01'": '&' separates parameters only outside quotes.
parameters split_param_list(std::string_view text) {
    parameters out;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] == '\'') quoted = !quoted;
        if (i < text.size() && (quoted || text[i] != '&')) continue;
        std::string_view part = text.substr(start, i - start);
        if (auto eq = part.find('='); eq != std::string_view::npos && eq > 0)
            out.emplace(part.substr(0, eq), part.substr(eq + 1));
        start = i + 1;
    }
    return out;
}

// 'O''Brien' -> O'Brien; an unquoted literal (a number) as it is; nullopt for a lone quote.
std::optional<std::string> literal_value(std::string_view literal) {
    if (literal.empty() || literal.front() != '\'') return std::string(literal);
    if (literal.size() < 2 || literal.back() != '\'') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        out += literal[i];
        if (literal[i] != '\'') continue;
        if (i + 2 >= literal.size() || literal[i + 1] != '\'') return std::nullopt;
        ++i;
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '\'') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

sl_error cannot_run(std::string_view code) {
    return business_error(
        -1000,
        "The simulator runs only four query shapes (SqlText reading OBTQ with the parameters "
        ":ItemCode and :WhsCode; OINM with :TransNum, or its MAX(TransNum); OITW with :ItemCode and/or "
        ":WhsCode or "
        "none); it cannot run SQL query '" +
            std::string(code) + "'");
}

// Service Layer runs queries over the tables of its allowlist only (sql_tables.hpp; OINM is not in the
// default list: reference §8.6.3, §4.10.1). The reference gives the code and message but no HTTP status: 400,
// as Service Layer answers its other refusals of a request.
sl_error table_not_accessible(std::string_view table) {
    return business_error(702, "Table '" + std::string(table) + "' not accessible");
}

// Without the "Service Layer SQL Query" authorisation Service Layer answers 403 / -6006 (reference §8.6.3);
// the reference gives no message: this wording is the simulator's.
sl_error not_authorized() {
    return {status::forbidden, -6006, "No authorization to use SQL queries (Service Layer SQL Query)"};
}

// Why `s`'s company refuses a query over `sql`: the user's authorisation, then the table allowlist.
std::optional<sl_error> refusal(const store& s, std::string_view sql) {
    if (!s.rules.sql_queries_authorized) return not_authorized();
    if (auto table = table_not_allowed(s.rules, sql)) return table_not_accessible(*table);
    return std::nullopt;
}

bool reads_journal(std::string_view sql) {
    return contains_ignoring_case(sql, "OINM");
}

// The query shapes the simulator answers, recognised by the table the text reads and its parameters.
enum class query_shape { batch_stock, journal, journal_head, warehouse_stock };

std::optional<query_shape> shape_of(std::string_view sql) {
    auto names = parameter_names(sql);
    if (reads_journal(sql)) {
        if (names == std::set<std::string>{"TransNum"}) return query_shape::journal;
        // SELECT MAX(TransNum) ... FROM OINM: where the journal ends now.
        if (names.empty() && contains_ignoring_case(sql, "MAX(")) return query_shape::journal_head;
        return std::nullopt;
    }
    if (contains_ignoring_case(sql, "OBTQ"))
        return names == std::set<std::string>{"ItemCode", "WhsCode"} ? std::optional(query_shape::batch_stock)
                                                                     : std::nullopt;
    names.erase("ItemCode");
    names.erase("WhsCode");
    if (contains_ignoring_case(sql, "OITW") && names.empty()) return query_shape::warehouse_stock;
    return std::nullopt;
}

// The value of every parameter the text names, or the error for a missing or malformed one.
sl_result<std::map<std::string, std::string>> parameter_values(std::string_view sql, const parameters& params,
                                                               std::string_view code) {
    std::map<std::string, std::string> values;
    for (const std::string& name : parameter_names(sql)) {
        auto it = params.find(name);
        if (it == params.end())
            return business_error(
                -1000, "Parameter '" + name + "' of SQL query '" + std::string(code) + "' has no value");
        auto value = literal_value(it->second);
        if (!value) return business_error(-1000, "Malformed value of parameter '" + name + "'");
        values[name] = *value;
    }
    return values;
}

// The rows of a query of `shape`, or the error for a malformed parameter.
sl_result<std::vector<boost::json::object>> run_shape(const store& s, query_shape shape,
                                                      std::map<std::string, std::string>& values) {
    std::vector<boost::json::object> out;
    if (shape == query_shape::journal) {
        const std::string& text = values["TransNum"];
        std::int64_t after = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), after);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty())
            return business_error(-1000, "Malformed value of parameter 'TransNum'");
        return journal_rows_after(s, after);
    }
    if (shape == query_shape::journal_head) {
        // MAX over no rows is NULL.
        boost::json::object row{{"TransNum", nullptr}};
        if (!s.journal.empty()) row["TransNum"] = s.journal.back().trans_num;
        out.push_back(std::move(row));
        return out;
    }
    if (shape == query_shape::warehouse_stock)
        return warehouse_stock_rows(s, values["ItemCode"], values["WhsCode"]);
    for (auto& row : batch_stock_rows(s, values["ItemCode"], values["WhsCode"]))
        out.push_back(std::move(row.as_object()));
    return out;
}

// Reads the query options and the parameters: the URL's for GET, the body's "ParamList" for POST (then
// added to the options, so that the next link, a GET, carries them).
sl_result<std::pair<query_options, parameters>> list_request(const server::http::request_context& ctx,
                                                             std::string_view method) {
    query_options q;
    parameters params;
    try {
        q = parse_query(ctx.query);
        for (const auto& [name, text] : q.raw)
            if (!name.starts_with("$")) params.emplace(name, percent_decode(text.substr(text.find('=') + 1)));
    } catch (const odata_syntax_error& e) {
        return business_error(-1000, e.what());
    }
    if (method == "POST" && !ctx.req.body().empty()) {
        boost::system::error_code ec;
        auto body = boost::json::parse(ctx.req.body(), ec);
        if (ec || !body.is_object()) return business_error(-1000, "Invalid JSON in the request body");
        params = split_param_list(string_or(body.as_object(), "ParamList"));
        for (const auto& [name, literal] : params)
            q.raw.emplace_back(name, name + "=" + percent_encode(literal));
    }
    return std::pair{std::move(q), std::move(params)};
}

}  // namespace

sl_result<std::string> create_sql_query(store& s, const boost::json::object& body, const sim_time& now) {
    for (const auto& [name, value] : body)
        if (!defined_property(s, "SQLQueries", name)) return invalid_property(name, "SQLQuery");
    std::string code = string_or(body, "SqlCode"), text = string_or(body, "SqlText");
    if (code.empty()) return business_error(-1000, "SqlCode is required");
    if (text.empty()) return business_error(-1000, "SqlText is required");
    if (auto refused = refusal(s, text)) return *refused;
    if (s.sql_queries.contains(code)) return business_error(-10, "SQL query '" + code + "' already exists");
    s.sql_queries[code] = {{"SqlCode", code},        {"SqlName", string_or(body, "SqlName", code)},
                           {"SqlText", text},        {"ParamList", nullptr},
                           {"CreateDate", now.date}, {"UpdateDate", now.date}};
    return code;
}

response list_sql_query(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
                        std::string_view method) {
    auto parsed = list_request(ctx, method);
    if (!parsed) return sl_error_response(parsed.error(), p.version);
    auto& [q, params] = *parsed;
    auto sql = state.with_store([&](const store& s, const sim_time&) -> std::optional<std::string> {
        auto it = s.sql_queries.find(*p.key);
        if (it == s.sql_queries.end()) return std::nullopt;
        return string_or(it->second, "SqlText");
    });
    if (!sql) return sl_error_response(no_matching_records(), p.version);
    if (auto refused = state.with_store([&](const store& s, const sim_time&) { return refusal(s, *sql); }))
        return sl_error_response(*refused, p.version);
    auto shape = shape_of(*sql);
    if (!shape) return sl_error_response(cannot_run(*p.key), p.version);
    auto values = parameter_values(*sql, params, *p.key);
    if (!values) return sl_error_response(values.error(), p.version);
    auto rows =
        state.with_store([&](const store& s, const sim_time&) { return run_shape(s, *shape, *values); });
    if (!rows) return sl_error_response(rows.error(), p.version);
    std::string quoted_key;
    for (char ch : *p.key) quoted_key += ch == '\'' ? std::string("''") : std::string(1, ch);
    std::string set = "SQLQueries('" + quoted_key + "')/List";
    return paged_collection(ctx.req, p.version, state.config().default_page_size, "SAPB1.SQLQueryResult", set,
                            *rows, q, boost::json::object{{"SqlText", *sql}});
}

}  // namespace mlc::sim::sap
