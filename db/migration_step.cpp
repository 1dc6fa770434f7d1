// The expand-then-contract rule for migrations: each file's step marker, and the statements an expand must
// not hold.
#include "db/migration_step.hpp"

#include <cctype>
#include <regex>

namespace mlc::db {

namespace {

std::string_view first_line(std::string_view sql) noexcept {
    return sql.substr(0, sql.find('\n'));
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Skips a quoted run starting at sql[i] (the opening quote), a doubled quote staying inside; returns the
// index just past the closing quote (or the end).
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
    char quote = sql[i];
    for (++i; i < sql.size(); ++i) {
        if (sql[i] != quote) continue;
        if (i + 1 < sql.size() && sql[i + 1] == quote) {
            ++i;
            continue;
        }
        return i + 1;
    }
    return i;
}

// `sql` upper-cased with comments removed, quoted text and identifiers replaced by a placeholder and every
// run of white space made one space, so the patterns below need not care about layout or about words inside
// COMMENT ON texts.
std::string normalized(std::string_view sql) {
    std::string out;
    auto space = [&out] {
        if (!out.empty() && out.back() != ' ') out += ' ';
    };
    for (std::size_t i = 0; i < sql.size();) {
        if (sql.substr(i, 2) == "--") {
            i = sql.find('\n', i);
            if (i == std::string_view::npos) break;
            space();
        } else if (sql.substr(i, 2) == "/*") {
            auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
            space();
        } else if (sql[i] == '\'' || sql[i] == '"') {
            out += sql[i] == '\'' ? "'S'" : "\"I\"";
            i = skip_quoted(sql, i);
        } else if (is_space(sql[i])) {
            space();
            ++i;
        } else {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
            ++i;
        }
    }
    return out;
}

struct offence {
    const char* name;
    std::regex pattern;
};

const std::vector<offence>& offences() {
    static const std::vector<offence> all = [] {
        auto re = [](const char* p) { return std::regex(p, std::regex::ECMAScript | std::regex::optimize); };
        return std::vector<offence>{
            {"DROP TABLE", re(R"(\bDROP TABLE\b)")},
            {"DROP VIEW", re(R"(\bDROP (MATERIALIZED )?VIEW\b)")},
            {"DROP FUNCTION", re(R"(\bDROP (FUNCTION|PROCEDURE)\b)")},
            {"DROP TYPE", re(R"(\bDROP (TYPE|DOMAIN)\b)")},
            // ALTER TABLE ... DROP [COLUMN] x; dropping a constraint, default or NOT NULL only loosens.
            {"DROP COLUMN",
             re(R"(\bALTER TABLE\b[^;]*\bDROP (?!CONSTRAINT\b|DEFAULT\b|NOT NULL\b|IDENTITY\b|EXPRESSION\b))")},
            {"RENAME", re(R"(\bRENAME\b)")},
            {"SET NOT NULL", re(R"(\bSET NOT NULL\b)")},
            {"ALTER COLUMN ... TYPE", re(R"(\bALTER (COLUMN )?[^ ;]+ (SET DATA )?TYPE\b)")},
            {"CONCURRENTLY", re(R"(\bCONCURRENTLY\b)")},
        };
    }();
    return all;
}

}  // namespace

std::optional<migration_step> declared_step(std::string_view sql) {
    std::string_view line = first_line(sql);
    if (!line.starts_with(step_marker_prefix)) return std::nullopt;
    line.remove_prefix(step_marker_prefix.size());
    std::optional<migration_step> step;
    if (line.starts_with("expand: ")) {
        step = migration_step::expand;
        line.remove_prefix(8);
    } else if (line.starts_with("contract: ")) {
        step = migration_step::contract;
        line.remove_prefix(10);
    } else {
        return std::nullopt;
    }
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    if (line.empty()) return std::nullopt;  // the reason is part of the marker
    return step;
}

std::string_view without_step_marker(std::string_view sql) noexcept {
    if (!sql.starts_with(step_marker_prefix)) return sql;
    auto newline = sql.find('\n');
    return newline == std::string_view::npos ? std::string_view{} : sql.substr(newline + 1);
}

std::vector<std::string> contracting_statements(std::string_view sql) {
    std::string text = normalized(sql);
    std::vector<std::string> found;
    for (const auto& o : offences()) {
        if (std::regex_search(text, o.pattern)) found.emplace_back(o.name);
    }
    return found;
}

std::vector<std::string> step_rule_violations(std::string_view sql) {
    std::vector<std::string> problems;
    auto step = declared_step(sql);
    if (!step) {
        problems.emplace_back(
            "the first line must be \"-- step: expand: <why>\" or \"-- step: contract: <why>\"");
    }
    for (const auto& name : contracting_statements(sql)) {
        if (name == std::string("CONCURRENTLY")) {
            problems.emplace_back("CONCURRENTLY cannot run inside the migrator's transaction");
        } else if (step == migration_step::expand) {
            problems.emplace_back(name + " in a migration marked expand (it belongs in a contract step)");
        }
    }
    return problems;
}

}  // namespace mlc::db
