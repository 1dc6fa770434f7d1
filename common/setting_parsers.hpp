// Parsers for the textual values of settings: numbers, sizes, booleans, choices, addresses, URLs.
#pragma once

#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc {

// Every parser here takes the text of one setting and throws only std::bad_alloc. Its error message says
// what is wrong without quoting the text: the caller decides whether the text may be shown (not for secrets).
template <class T>
using parse_result = boost::system::result<T, std::string>;
using check_result = boost::system::result<void, std::string>;

// A whole number in [min, max], e.g. "64". Returns it, or "not a whole number" / the accepted range.
parse_result<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max);

// true/false, 1/0, yes/no, in any letter case. Returns the value, or a message listing the accepted words.
parse_result<bool> parse_bool(std::string_view text);

// A positive byte count: plain bytes ("16384") or whole KiB/MiB ("16KiB", "1MiB"). Returns the bytes.
parse_result<std::size_t> parse_size(std::string_view text);

// The shortest exact text parse_size reads back as `bytes`: "1MiB", "16KiB", "1000".
std::string format_size(std::size_t bytes);

struct listen_address {
    std::string host;        // IPv4 address, host name, or IPv6 address without brackets ("::").
    std::uint16_t port = 0;  // 0: any free port.
};

// host:port, with an IPv6 host in brackets: "0.0.0.0:8080", "localhost:0", "[::]:8080". Returns the parts,
// or a message naming the missing or malformed part.
parse_result<listen_address> parse_listen(std::string_view text);

// The text parse_listen reads back as the address: IPv6 hosts get their brackets back.
std::string format_listen(const listen_address& address);

// Succeeds for an absolute http:// or https:// URL with a host and without user info (checked with
// Boost.URL).
check_result check_http_url(std::string_view text);

// Whether the URL's host is a loopback one: 127.0.0.0/8, ::1 or localhost. Never throws but std::bad_alloc.
bool is_loopback_host(std::string_view url);

// Whether the URL is http:// (not https://) to a host other than loopback, i.e. crosses a network in clear.
// Never throws but std::bad_alloc.
bool is_plain_http_off_loopback(std::string_view url);

// Succeeds for a string libpq may accept: a postgresql:// or postgres:// URL, or key=value pairs. The
// message never contains any part of the text, which may hold a password.
check_result check_database_url(std::string_view text);

// Succeeds for a plain PostgreSQL identifier (letters, digits, '_', not starting with a digit, at most 63
// bytes), so that the schema name never needs quoting in SQL.
check_result check_schema_name(std::string_view text);

// Items separated by commas, each trimmed of spaces: "01, 02" gives {"01", "02"}. Returns them, or a message
// for an empty item.
parse_result<std::vector<std::string>> parse_list(std::string_view text);

// The items joined by "," (what parse_list reads back).
std::string format_list(const std::vector<std::string>& items);

// key=value pairs separated by commas, each part trimmed: "01=12345, 02=67890". Returns them in order, or a
// message for a pair without '=' or with an empty key or value, or a key given twice.
parse_result<std::vector<std::pair<std::string, std::string>>> parse_pairs(std::string_view text);

// A calendar date YYYY-MM-DD. Returns it, or a message for another form or an invalid date.
parse_result<std::chrono::sys_days> parse_date(std::string_view text);

// YYYY-MM-DD.
std::string format_date(std::chrono::sys_days day);

// Succeeds for an IANA time zone name the tz database knows ("UTC", "Europe/Berlin").
check_result check_time_zone(std::string_view text);

// One accepted word for an enumeration and the value it stands for.
template <class Enum>
struct named_value {
    std::string_view name;
    Enum value;
};

// Compares ASCII letters without regard to case.
bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept;

// One of `choices`, in any letter case. Returns its value, or a message listing the accepted names.
template <class Enum>
parse_result<Enum> parse_choice(std::string_view text, std::span<const named_value<Enum>> choices) {
    std::string accepted;
    for (const auto& choice : choices) {
        if (equals_ignoring_case(text, choice.name)) return choice.value;
        accepted += accepted.empty() ? "" : ", ";
        accepted += choice.name;
    }
    return "expected one of: " + accepted;
}

// The name of `value` in `choices` (empty if it has none).
template <class Enum>
std::string_view name_of(Enum value, std::span<const named_value<Enum>> choices) noexcept {
    for (const auto& choice : choices) {
        if (choice.value == value) return choice.name;
    }
    return {};
}

}  // namespace mlc
