// OData system query options ($filter, $select, $orderby, $top, $skip, counts) and server-driven paging.
#pragma once

#include "tests/simulators/sap_b1/odata_filter.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::sim::sap {

struct order_key {
    std::string property;
    bool descending = false;
};

struct query_options {
    std::optional<odata_filter> filter;
    std::vector<std::string> select;  // empty: every property ("*" also means every property)
    std::vector<order_key> orderby;
    std::optional<std::size_t> top;
    std::size_t skip = 0;
    bool inline_count = false;  // v1 $inlinecount=allpages, v2 $count=true
    // Each option's decoded name and its "name=value" text as received (still percent-encoded), in order:
    // next links repeat them.
    std::vector<std::pair<std::string, std::string>> raw;
};

// Percent-decodes `text` ('+' stays '+'). Throws odata_syntax_error on a malformed escape.
std::string percent_decode(std::string_view text);

// Parses a raw query string. Unknown '$' options and non-'$' parameters are kept for next links but
// otherwise ignored. Throws odata_syntax_error for a malformed option (the message names it).
query_options parse_query(std::string_view raw_query);

// Every property named by $filter, $select and $orderby, for validation against the entity type.
std::set<std::string> referenced_properties(const query_options& q);

// N from a Prefer header holding "odata.maxpagesize=N" (among other preferences); nullopt if absent or
// malformed. Never throws.
std::optional<std::size_t> preferred_page_size(std::string_view prefer_header) noexcept;

struct query_result {
    boost::json::array value;               // the page, $select applied
    std::size_t count = 0;                  // rows matching $filter (before $skip/$top), for inline counts
    std::optional<std::string> next_query;  // the query string of the next page; unset on the last page
};

// Filters `rows` (already in key order), sorts by $orderby (stable, so ties keep key order), applies $skip
// then $top, cuts one page of `page_size` rows (0: no paging) and selects properties. The next page's
// query repeats the other options and sets $skip (and the remaining $top). Throws std::bad_alloc only.
query_result run_query(const std::vector<boost::json::object>& rows, const query_options& q,
                       std::size_t page_size, const filter_options& options = {});

// The next link in the version's style: v1 "/b1s/v1/Orders?$skip=20" (absolute path), v2
// "Orders?$skip=20" (relative to the service root). Throws std::bad_alloc only.
std::string next_link(api_version version, std::string_view entity_set, std::string_view next_query);

// Keeps only the $select properties of `entity` (all when `select` is empty or holds "*").
boost::json::object select_properties(const boost::json::object& entity,
                                      const std::vector<std::string>& select);

}  // namespace mlc::sim::sap
