// A collection answer: one page of rows with the version's annotations, inline count and next link.
#pragma once

#include "tests/simulators/sap_b1/odata_query.hpp"
#include "tests/simulators/sap_b1/sl_responses.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace mlc::sim::sap {

// Runs `q` over `rows` and answers one page: the page size from Prefer: odata.maxpagesize (confirmed in
// Preference-Applied), else B1S-PageSize, else `default_page_size`. The body holds `head`'s fields, the
// metadata annotation naming `context` ("Orders", "SAPB1.SQLQueryResult"), the inline count when asked, the
// rows, and a next link to `link_path` ("Orders", "SQLQueries('q')/List") with the next $skip. Throws
// std::bad_alloc only.
response paged_collection(const request& req, api_version version, std::size_t default_page_size,
                          std::string_view context, std::string_view link_path,
                          const std::vector<boost::json::object>& rows, const query_options& q,
                          boost::json::object head = {}, const filter_options& options = {});

}  // namespace mlc::sim::sap
