// Shared pieces of the V1 operations: query strings, JSON field access, Pacific timestamps, paged reads.
#pragma once

#include "clients/shipstation/client.hpp"
#include "clients/shipstation/pacific_time.hpp"
#include "clients/shipstation/response_outcome.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::clients::shipstation {

using query = std::vector<std::pair<std::string, std::string>>;

// `path` followed by the percent-encoded `params`. Throws std::bad_alloc only.
std::string with_query(std::string_view path, const query& params);

// Adds name=<Pacific filter text> when `t` is set. Throws as format_pacific_filter().
void add_time(query& params, std::string_view name, const std::optional<utc_time>& t, range_edge edge);

// A string field ("" when absent or not a string). Never throws except std::bad_alloc.
std::string string_field(const boost::json::object& o, std::string_view key);
// An integer field (nullopt when absent, null or not an integer). Never throws.
std::optional<std::int64_t> int_field(const boost::json::object& o, std::string_view key) noexcept;
// A boolean field (false when absent). Never throws.
bool bool_field(const boost::json::object& o, std::string_view key) noexcept;
// A Pacific timestamp field converted to UTC (nullopt when absent, null or unparsable). Throws
// std::runtime_error if the tz database lacks America/Los_Angeles.
std::optional<utc_time> time_field(const boost::json::object& o, std::string_view key);

// The elements of `v` that are objects (`v` an array; anything else gives none). Throws std::bad_alloc.
std::vector<boost::json::object> objects_of(const boost::json::value& v);

// What a paged GET reads.
struct paged_read {
    std::string path;        // "/orders"
    query params;            // filters, without page and pageSize
    std::string collection;  // the array's key in the answer, "orders"
    unsigned page_size = 500;
    priority prio = priority::normal;
    std::string_view endpoint;  // metrics label
    // Asked after each full page: false ends the read there (a listing sorted newest first that reached what
    // was read before). Unset: every page.
    std::function<bool(const std::vector<boost::json::object>& page)> more{};
    unsigned max_pages = 10'000;  // read_pages() stops after this many pages
};

// What read_pages() read.
struct paged_items {
    std::vector<boost::json::object> items;  // in the order read
    unsigned pages = 0;                      // pages read
    bool complete = true;                    // false: it stopped at max_pages with pages left to read
};

// Reads page 1, 2, ... as read_all_pages() does, but at most read.max_pages pages; reaching that with a full
// last page (more may follow) returns what was read with complete == false. Returns and throws as
// read_all_pages().
boost::asio::awaitable<outcome<paged_items>> read_pages(client& c, paged_read read);

// (GCC 12 destroys a braced temporary inside a co_await expression twice: callers name their api_request
// and paged_read before co_await.)
// Reads page 1, 2, ... until a page holds fewer than page_size elements (an empty page included): the
// answer's `pages` is not trusted (the docs show 0 with results). Stops after read.max_pages (at most
// 10,000) pages. Returns every
// element in order, or the first page's error as client::call() returns it, or bad_response for an answer
// without the collection. Throws std::invalid_argument for a page_size outside 1..500 (V1's bound), and as
// client::call().
boost::asio::awaitable<outcome<std::vector<boost::json::object>>> read_all_pages(client& c, paged_read read);

// Each of `items` parsed with `parse` (parse_order, ...). An element `parse` cannot read (std::runtime_error:
// no id, no tz database) makes the whole answer bad_response with its message. Throws std::bad_alloc only.
template <class Parse>
auto parse_each(const std::vector<boost::json::object>& items, Parse parse)
    -> outcome<std::vector<decltype(parse(items.front()))>> {
    std::vector<decltype(parse(items.front()))> out;
    out.reserve(items.size());
    try {
        for (const auto& o : items) out.push_back(parse(o));
    } catch (const std::runtime_error& e) {
        return unreadable_answer(e.what());
    }
    return out;
}

}  // namespace mlc::clients::shipstation
