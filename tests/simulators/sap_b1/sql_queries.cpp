// Stored SQL queries: creating them, and running the one query shape the simulator understands.
#include "tests/simulators/sap_b1/sql_queries.hpp"

#include "tests/simulators/sap_b1/batches.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/odata_query.hpp"
#include "tests/simulators/sap_b1/paged_collection.hpp"
#include "tests/simulators/sap_b1/schema.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
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
    return business_error(-1000,
                          "The simulator runs only the batch stock query shape (SqlText reading OBTQ with "
                          "the parameters :ItemCode and :WhsCode); it cannot run SQL query '" +
                              std::string(code) + "'");
}

}  // namespace

sl_result<std::string> create_sql_query(store& s, const boost::json::object& body, const sim_time& now) {
    for (const auto& [name, value] : body)
        if (!known_property("SQLQueries", name)) return invalid_property(name, "SQLQuery");
    std::string code = string_or(body, "SqlCode"), text = string_or(body, "SqlText");
    if (code.empty()) return business_error(-1000, "SqlCode is required");
    if (text.empty()) return business_error(-1000, "SqlText is required");
    if (s.sql_queries.contains(code)) return business_error(-10, "SQL query '" + code + "' already exists");
    s.sql_queries[code] = {{"SqlCode", code},        {"SqlName", string_or(body, "SqlName", code)},
                           {"SqlText", text},        {"ParamList", nullptr},
                           {"CreateDate", now.date}, {"UpdateDate", now.date}};
    return code;
}

response list_sql_query(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
                        std::string_view method) {
    query_options q;
    parameters params;
    try {
        q = parse_query(ctx.query);
        for (const auto& [name, text] : q.raw)
            if (!name.starts_with("$")) params.emplace(name, percent_decode(text.substr(text.find('=') + 1)));
    } catch (const odata_syntax_error& e) {
        return sl_error_response(business_error(-1000, e.what()), p.version);
    }
    if (method == "POST" && !ctx.req.body().empty()) {
        boost::system::error_code ec;
        auto body = boost::json::parse(ctx.req.body(), ec);
        if (ec || !body.is_object())
            return sl_error_response(business_error(-1000, "Invalid JSON in the request body"), p.version);
        params = split_param_list(string_or(body.as_object(), "ParamList"));
        // The next link is a GET: it carries the parameters in its query string.
        for (const auto& [name, literal] : params)
            q.raw.emplace_back(name, name + "=" + percent_encode(literal));
    }
    auto sql = state.with_store([&](const store& s, const sim_time&) -> std::optional<std::string> {
        auto it = s.sql_queries.find(*p.key);
        if (it == s.sql_queries.end()) return std::nullopt;
        return string_or(it->second, "SqlText");
    });
    if (!sql) return sl_error_response(no_matching_records(), p.version);
    if (!contains_ignoring_case(*sql, "OBTQ") ||
        parameter_names(*sql) != std::set<std::string>{"ItemCode", "WhsCode"})
        return sl_error_response(cannot_run(*p.key), p.version);
    std::map<std::string, std::string> values;
    for (const std::string name : {"ItemCode", "WhsCode"}) {
        auto it = params.find(name);
        if (it == params.end())
            return sl_error_response(
                business_error(-1000, "Parameter '" + name + "' of SQL query '" + *p.key + "' has no value"),
                p.version);
        auto value = literal_value(it->second);
        if (!value)
            return sl_error_response(business_error(-1000, "Malformed value of parameter '" + name + "'"),
                                     p.version);
        values[name] = *value;
    }
    auto rows = state.with_store([&](const store& s, const sim_time&) {
        std::vector<boost::json::object> out;
        for (auto& row : batch_stock_rows(s, values["ItemCode"], values["WhsCode"]))
            out.push_back(std::move(row.as_object()));
        return out;
    });
    std::string quoted_key;
    for (char ch : *p.key) quoted_key += ch == '\'' ? std::string("''") : std::string(1, ch);
    std::string set = "SQLQueries('" + quoted_key + "')/List";
    return paged_collection(ctx.req, p.version, state.config().default_page_size, "SAPB1.SQLQueryResult", set,
                            rows, q, boost::json::object{{"SqlText", *sql}});
}

}  // namespace mlc::sim::sap
