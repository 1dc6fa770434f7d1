// Builds the libpq connection string every pooled connection uses, from the configured URL and settings.
#include "db/conninfo.hpp"

#include <algorithm>
#include <libpq-fe.h>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::db {

namespace {

struct conninfo_options_deleter {
    void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};

// A value in libpq's key=value syntax: single-quoted, with backslash and quote escaped.
std::string quote_value(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

// The server splits the "options" startup parameter on whitespace; a backslash keeps the next character.
std::string escape_server_option(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            out += '\\';
        out += c;
    }
    return out;
}

// TCP keepalives and a send timeout, so a half-open connection (PostgreSQL's host gone, a NAT that dropped
// the flow) fails in seconds instead of after the kernel's default of about 15 minutes. A URL's own value
// for any of them wins.
constexpr std::pair<std::string_view, std::string_view> keepalive_defaults[] = {
    {"keepalives", "1"},       {"keepalives_idle", "10"},     {"keepalives_interval", "5"},
    {"keepalives_count", "3"}, {"tcp_user_timeout", "30000"},
};

long long whole_seconds_rounded_up(std::chrono::milliseconds d) {
    long long ms = d.count();
    return ms <= 0 ? 0 : (ms + 999) / 1000;
}

using parsed_conninfo = std::unique_ptr<PQconninfoOption, conninfo_options_deleter>;

parsed_conninfo parse_conninfo(const std::string& url) {
    char* error = nullptr;
    parsed_conninfo parsed(PQconninfoParse(url.c_str(), &error));
    if (!parsed) {
        // libpq's message may quote part of the string, password included: it is dropped on purpose.
        if (error != nullptr) PQfreemem(error);
        throw std::invalid_argument("database url is not a valid libpq URL or key=value connection string");
    }
    return parsed;
}

}  // namespace

bool may_land_on_standby(const std::string& url) {
    auto parsed = parse_conninfo(url);
    bool several_hosts = false;
    std::string_view target = "any";
    for (const PQconninfoOption* o = parsed.get(); o->keyword != nullptr; ++o) {
        if (o->val == nullptr) continue;
        std::string_view keyword = o->keyword;
        if ((keyword == "host" || keyword == "hostaddr") &&
            std::string_view(o->val).find(',') != std::string_view::npos)
            several_hosts = true;
        if (keyword == "target_session_attrs") target = o->val;
    }
    return several_hosts && target != "read-write" && target != "primary";
}

std::string quote_identifier(const std::string& identifier) {
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string make_conninfo(const database_config& config) {
    auto parsed = parse_conninfo(config.url.reveal());

    std::string conninfo;
    std::string user_options;
    bool has_application_name = false;
    std::vector<std::string_view> given;  // keywords the URL set
    for (const PQconninfoOption* o = parsed.get(); o->keyword != nullptr; ++o) {
        if (o->val == nullptr) continue;
        std::string_view keyword = o->keyword;
        if (keyword == "connect_timeout") continue;  // the configured value wins
        if (keyword == "options") {
            user_options = o->val;
            continue;
        }
        if (keyword == "application_name") has_application_name = true;
        given.push_back(o->keyword);
        conninfo += o->keyword;
        conninfo += '=';
        conninfo += quote_value(o->val);
        conninfo += ' ';
    }
    if (!has_application_name) conninfo += "application_name='ml-connector' ";
    for (const auto& [keyword, value] : keepalive_defaults) {
        if (std::find(given.begin(), given.end(), keyword) != given.end()) continue;
        conninfo += std::string(keyword) + '=' + std::string(value) + ' ';
    }
    conninfo += "connect_timeout=" + std::to_string(whole_seconds_rounded_up(config.connect_timeout)) + ' ';

    std::string options = user_options;
    if (!options.empty()) options += ' ';
    options += "-c statement_timeout=" + std::to_string(config.statement_timeout.count());
    if (!config.schema.empty()) {
        options += " -c search_path=" + escape_server_option(quote_identifier(config.schema));
    }
    conninfo += "options=" + quote_value(options);
    return conninfo;
}

}  // namespace mlc::db
