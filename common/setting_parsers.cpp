// Parsers for the textual values of settings; messages never quote the text (it may be a secret).
#include "common/setting_parsers.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <stdexcept>

namespace mlc {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

struct size_unit {
    std::string_view suffix;
    std::size_t bytes;
};

// Largest first, for format_size.
constexpr std::array<size_unit, 2> size_units{{{"MiB", 1024 * 1024}, {"KiB", 1024}}};

// listen_address is an aggregate, constructible from a string too, so the error must be named explicitly.
parse_result<listen_address> listen_error(std::string_view why) {
    return {boost::system::in_place_error,
            std::string(why) + ": expected host:port, e.g. 0.0.0.0:8080 or [::]:8080"};
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

parse_result<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    bool whole_text = end == text.data() + text.size();
    if (ec == std::errc::invalid_argument || !whole_text) return std::string("not a whole number");
    if (ec == std::errc::result_out_of_range || value < min || value > max) {
        if (max == std::numeric_limits<std::int64_t>::max()) return "must be at least " + std::to_string(min);
        return "must be between " + std::to_string(min) + " and " + std::to_string(max);
    }
    return value;
}

parse_result<bool> parse_bool(std::string_view text) {
    constexpr std::array<named_value<bool>, 6> words{
        {{"true", true}, {"false", false}, {"1", true}, {"0", false}, {"yes", true}, {"no", false}}};
    return parse_choice<bool>(text, words);
}

parse_result<std::size_t> parse_size(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && is_digit(text[digits])) ++digits;
    std::string_view suffix = text.substr(digits);
    auto unit = std::find_if(size_units.begin(), size_units.end(),
                             [&](const size_unit& u) { return u.suffix == suffix; });
    if (digits == 0 || (!suffix.empty() && unit == size_units.end())) {
        return std::string("not a size: expected bytes, or a whole number with KiB or MiB, e.g. 16KiB");
    }
    std::size_t unit_bytes = suffix.empty() ? 1 : unit->bytes;

    std::size_t count = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + digits, count);
    if (ec != std::errc{} || count > std::numeric_limits<std::size_t>::max() / unit_bytes) {
        return std::string("size too large");
    }
    if (count == 0) return std::string("must be greater than 0");
    return count * unit_bytes;
}

std::string format_size(std::size_t bytes) {
    for (const auto& unit : size_units) {
        if (bytes != 0 && bytes % unit.bytes == 0) {
            return std::to_string(bytes / unit.bytes) + std::string(unit.suffix);
        }
    }
    return std::to_string(bytes);
}

parse_result<listen_address> parse_listen(std::string_view text) {
    listen_address address;
    std::string_view port_text;
    if (text.starts_with('[')) {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos) return listen_error("missing ']' after the IPv6 address");
        std::string_view host = text.substr(1, close - 1);
        if (!boost::urls::parse_ipv6_address(host)) return listen_error("not an IPv6 address");
        if (close + 1 >= text.size() || text[close + 1] != ':') {
            return listen_error("missing :port after the IPv6 address");
        }
        address.host = host;
        port_text = text.substr(close + 2);
    } else {
        std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos) return listen_error("missing :port");
        std::string_view host = text.substr(0, colon);
        if (host.find(':') != std::string_view::npos) return listen_error("an IPv6 address goes in brackets");
        if (host.empty()) return listen_error("missing host");
        bool plain = std::all_of(host.begin(), host.end(),
                                 [](char c) { return is_letter(c) || is_digit(c) || c == '.' || c == '-'; });
        if (!plain) return listen_error("not a host name or IPv4 address");
        address.host = host;
        port_text = text.substr(colon + 1);
    }
    auto port = parse_integer(port_text, 0, std::numeric_limits<std::uint16_t>::max());
    if (!port) return listen_error("port " + port.error());
    address.port = static_cast<std::uint16_t>(*port);
    return address;
}

std::string format_listen(const listen_address& address) {
    std::string port = std::to_string(address.port);
    if (address.host.find(':') != std::string::npos) return "[" + address.host + "]:" + port;
    return address.host + ":" + port;
}

check_result check_http_url(std::string_view text) {
    auto url = boost::urls::parse_absolute_uri(text);
    if (!url) return std::string("not a URL, e.g. https://host:50000/b1s/v1");
    auto scheme = url->scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) {
        return std::string("must be an http:// or https:// URL");
    }
    if (url->encoded_host().empty()) return std::string("the URL has no host");
    // Credentials in a URL end up in logs and in `ml-connector config`; they have settings of their own.
    if (url->has_userinfo()) return std::string("must not hold user info (user:password@)");
    return {};
}

bool is_loopback_host(std::string_view url_text) {
    auto url = boost::urls::parse_absolute_uri(url_text);
    if (!url) return false;
    switch (url->host_type()) {
        case boost::urls::host_type::ipv4:
            return url->host_ipv4_address().to_bytes()[0] == 127;
        case boost::urls::host_type::ipv6:
            return url->host_ipv6_address().is_loopback();
        case boost::urls::host_type::name: {
            std::string host = url->host();
            if (!host.empty() && host.back() == '.') host.pop_back();
            return equals_ignoring_case(host, "localhost");
        }
        default:
            return false;
    }
}

bool is_plain_http_off_loopback(std::string_view url_text) {
    auto url = boost::urls::parse_absolute_uri(url_text);
    return url && url->scheme_id() == boost::urls::scheme::http && !is_loopback_host(url_text);
}

check_result check_database_url(std::string_view text) {
    bool url = text.starts_with("postgresql://") || text.starts_with("postgres://");
    if (url || text.find('=') != std::string_view::npos) return {};
    return std::string("not a PostgreSQL connection string: expected postgresql://... or key=value pairs");
}

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// The comma-separated parts of `text`, trimmed (an empty text has none).
std::vector<std::string_view> comma_parts(std::string_view text) {
    std::vector<std::string_view> parts;
    if (trimmed(text).empty()) return parts;
    for (std::size_t start = 0;;) {
        auto comma = text.find(',', start);
        parts.push_back(
            trimmed(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return parts;
}

}  // namespace

parse_result<std::vector<std::string>> parse_list(std::string_view text) {
    std::vector<std::string> items;
    for (auto part : comma_parts(text)) {
        if (part.empty()) return std::string("an empty item in the comma-separated list");
        items.emplace_back(part);
    }
    return items;
}

std::string format_list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

parse_result<std::vector<std::pair<std::string, std::string>>> parse_pairs(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (auto part : comma_parts(text)) {
        auto eq = part.find('=');
        if (eq == std::string_view::npos) return std::string("expected key=value pairs separated by commas");
        auto key = trimmed(part.substr(0, eq));
        auto value = trimmed(part.substr(eq + 1));
        if (key.empty() || value.empty()) return std::string("a key=value pair with an empty key or value");
        if (std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == key; }))
            return std::string("a key given twice");
        pairs.emplace_back(key, value);
    }
    return pairs;
}

parse_result<std::chrono::sys_days> parse_date(std::string_view text) {
    auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int n = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (!is_digit(text[i])) return std::nullopt;
            n = n * 10 + (text[i] - '0');
        }
        return n;
    };
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
        if (y && m && d) {
            std::chrono::year_month_day ymd{std::chrono::year(*y),
                                            std::chrono::month(static_cast<unsigned>(*m)),
                                            std::chrono::day(static_cast<unsigned>(*d))};
            if (ymd.ok()) return std::chrono::sys_days(ymd);
        }
    }
    return std::string("expected a date YYYY-MM-DD");
}

std::string format_date(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

check_result check_time_zone(std::string_view text) {
    try {
        date::locate_zone(std::string(text));
        return {};
    } catch (const std::runtime_error&) {
        return std::string("not a time zone the tz database knows (e.g. UTC, Europe/Berlin)");
    }
}

check_result check_schema_name(std::string_view text) {
    constexpr std::size_t max_identifier_bytes = 63;  // PostgreSQL's NAMEDATALEN - 1
    bool valid =
        !text.empty() && text.size() <= max_identifier_bytes && !is_digit(text.front()) &&
        std::all_of(text.begin(), text.end(), [](char c) { return is_letter(c) || is_digit(c) || c == '_'; });
    if (!valid)
        return std::string("expected letters, digits and '_', not starting with a digit, at most 63 bytes");
    return {};
}

}  // namespace mlc
