// A small SQL tokenizer that finds the tables of FROM and JOIN clauses, and the allowlist check over them.
#include "tests/simulators/sap_b1/sql_tables.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mlc::sim::sap {

namespace {

constexpr std::array<std::string_view, 10> default_allowlist{"OITM", "OITW", "OIBQ", "OBIN", "OBTQ",
                                                             "OBBQ", "OBTN", "OSRQ", "OSBQ", "OSRN"};

// Words that end a table reference, so that they are not taken for an alias.
constexpr std::array<std::string_view, 16> clause_words{"WHERE", "INNER", "LEFT", "RIGHT", "FULL",  "CROSS",
                                                        "OUTER", "JOIN",  "ON",   "GROUP", "ORDER", "HAVING",
                                                        "UNION", "LIMIT", "WITH", "FOR"};

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '#' || c == '$' || c == '@';
}

// Tokens: words (quoted "..." and [...] names without their quotes), and single punctuation characters.
// String literals are dropped. A quoted name keeps a leading '"' so that it is never taken for a keyword.
std::vector<std::string> tokens_of(std::string_view sql) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < sql.size();) {
        char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '\'') {
            // A literal ends at a quote that is not doubled ('O''Brien').
            for (++i; i < sql.size(); ++i) {
                if (sql[i] != '\'') continue;
                if (i + 1 < sql.size() && sql[i + 1] == '\'') {
                    ++i;
                    continue;
                }
                break;
            }
            ++i;
        } else if (c == '"' || c == '[') {
            char close = c == '"' ? '"' : ']';
            std::size_t end = sql.find(close, i + 1);
            if (end == std::string_view::npos) end = sql.size();
            out.push_back("\"" + std::string(sql.substr(i + 1, end - i - 1)));
            i = end + 1;
        } else if (word_char(c)) {
            std::size_t end = i;
            while (end < sql.size() && word_char(sql[end])) ++end;
            out.emplace_back(sql.substr(i, end - i));
            i = end;
        } else {
            out.emplace_back(1, c);
            ++i;
        }
    }
    return out;
}

bool is_name(const std::string& token) {
    return !token.empty() && (token.front() == '"' || word_char(token.front()));
}

std::string name_of(const std::string& token) {
    return upper(token.front() == '"' ? std::string_view(token).substr(1) : std::string_view(token));
}

bool is_clause_word(const std::string& token) {
    if (token.empty() || token.front() == '"') return false;
    return std::ranges::find(clause_words, upper(token)) != clause_words.end();
}

// Reads the table reference at tokens[i] ("schema"."table" alias), appending the table; returns the index
// after it (and after its alias).
std::size_t read_table(const std::vector<std::string>& tokens, std::size_t i, std::vector<std::string>& out) {
    if (i >= tokens.size() || !is_name(tokens[i])) return i;  // a subquery "(" is read by the caller's loop
    std::string table = name_of(tokens[i++]);
    while (i + 1 < tokens.size() && tokens[i] == "." && is_name(tokens[i + 1])) {
        table = name_of(tokens[i + 1]);
        i += 2;
    }
    out.push_back(std::move(table));
    if (i < tokens.size() && upper(tokens[i]) == "AS") ++i;
    if (i < tokens.size() && is_name(tokens[i]) && !is_clause_word(tokens[i])) ++i;
    return i;
}

}  // namespace

std::vector<std::string> tables_read(std::string_view sql) {
    auto tokens = tokens_of(sql);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < tokens.size();) {
        std::string word = tokens[i].front() == '"' ? std::string() : upper(tokens[i]);
        ++i;
        if (word == "JOIN") {
            i = read_table(tokens, i, out);
        } else if (word == "FROM") {
            i = read_table(tokens, i, out);
            while (i < tokens.size() && tokens[i] == ",") i = read_table(tokens, i + 1, out);
        }
    }
    return out;
}

std::optional<std::string> table_not_allowed(const company_rules& rules, std::string_view sql) {
    for (const std::string& table : tables_read(sql)) {
        if (std::ranges::find(default_allowlist, table) != default_allowlist.end()) continue;
        if (table == "OINM" && rules.journal_accessible) continue;
        return table;
    }
    return std::nullopt;
}

}  // namespace mlc::sim::sap
