// Hides the password inside a PostgreSQL connection string: URL form via Boost.URL, key=value form by hand.
#include "common/redact.hpp"

#include "common/secret.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace mlc {

namespace {

// A part of the original string to be replaced by the redaction marker.
struct span_to_hide {
    std::size_t offset;
    std::size_t length;
};

// libpq keywords whose values are secrets: the password and the passphrase of the client key (sslpassword).
bool is_secret_keyword(std::string_view keyword) {
    return keyword == "password" || keyword == "sslpassword";
}

std::string replace_spans(std::string_view text, const std::vector<span_to_hide>& spans) {
    std::string out;
    std::size_t copied = 0;
    for (const auto& s : spans) {
        out.append(text.substr(copied, s.offset - copied));
        out += secret::redacted;
        copied = s.offset + s.length;
    }
    out.append(text.substr(copied));
    return out;
}

// Boost.URL views point into `url`, so each password's position falls out of pointer arithmetic.
std::optional<std::vector<span_to_hide>> password_spans_in_rfc3986_url(std::string_view url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return std::nullopt;
    auto offset_of = [&](boost::urls::pct_string_view part) {
        return static_cast<std::size_t>(part.data() - url.data());
    };
    std::vector<span_to_hide> spans;
    if (parsed->has_password()) {
        auto password = parsed->encoded_password();
        spans.push_back({offset_of(password), password.size()});
    }
    for (auto param : parsed->encoded_params()) {
        if (param.has_value && is_secret_keyword(param.key.decode())) {
            spans.push_back({offset_of(param.value), param.value.size()});
        }
    }
    return spans;
}

// libpq's URL may list several hosts (postgresql://u:pw@a:5432,b:5433/db), which RFC 3986 does not allow:
// the list is parsed as a single host "h" and the spans behind it shifted back. The user info before the
// hosts keeps its offsets.
std::optional<std::vector<span_to_hide>> password_spans_in_url(std::string_view url) {
    std::size_t authority = url.find("://") + 3;
    std::size_t hosts_end = std::min(url.find_first_of("/?#", authority), url.size());
    std::size_t at = url.substr(authority, hosts_end - authority).rfind('@');
    std::size_t hosts = at == std::string_view::npos ? authority : authority + at + 1;
    std::string_view host_list = url.substr(hosts, hosts_end - hosts);
    if (host_list.find(',') == std::string_view::npos) return password_spans_in_rfc3986_url(url);

    std::string single_host = std::string(url.substr(0, hosts)) + "h" + std::string(url.substr(hosts_end));
    auto spans = password_spans_in_rfc3986_url(single_host);
    if (!spans) return std::nullopt;
    for (auto& s : *spans) {
        if (s.offset > hosts) s.offset += host_list.size() - 1;
    }
    return spans;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_keyword_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// libpq's key=value grammar: keyword, optional spaces, '=', optional spaces, then a value that is either
// single-quoted (with \' and \\ escapes) or runs to the next space (with backslash escapes).
std::optional<std::vector<span_to_hide>> password_spans_in_key_values(std::string_view text) {
    std::vector<span_to_hide> spans;
    std::size_t pos = 0;
    auto skip_spaces = [&] {
        while (pos < text.size() && is_space(text[pos])) ++pos;
    };
    skip_spaces();
    while (pos < text.size()) {
        std::size_t keyword_begin = pos;
        while (pos < text.size() && is_keyword_char(text[pos])) ++pos;
        std::string_view keyword = text.substr(keyword_begin, pos - keyword_begin);
        skip_spaces();
        if (keyword.empty() || pos == text.size() || text[pos] != '=') return std::nullopt;
        ++pos;
        skip_spaces();

        std::size_t value_begin = pos;
        if (pos < text.size() && text[pos] == '\'') {
            ++pos;
            while (pos < text.size() && text[pos] != '\'') pos += text[pos] == '\\' ? 2 : 1;
            if (pos >= text.size()) return std::nullopt;  // unterminated quote
            ++pos;
        } else {
            while (pos < text.size() && !is_space(text[pos])) pos += text[pos] == '\\' ? 2 : 1;
            // A trailing lone backslash would make pos overshoot the end.
            if (pos > text.size()) return std::nullopt;
        }
        if (is_secret_keyword(keyword)) spans.push_back({value_begin, pos - value_begin});
        skip_spaces();
    }
    return spans;
}

}  // namespace

std::string redact_database_url(std::string_view conninfo) {
    bool is_url = conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
    auto spans = is_url ? password_spans_in_url(conninfo) : password_spans_in_key_values(conninfo);
    if (!spans) return secret::redacted;
    return replace_spans(conninfo, *spans);
}

}  // namespace mlc
