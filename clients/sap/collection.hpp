// Reading a whole OData collection through server-driven paging (Prefer: odata.maxpagesize, next links).
#pragma once

#include "clients/sap/error.hpp"
#include "clients/sap/session.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>

#include <cstddef>
#include <limits>
#include <string>

namespace mlc::clients::sap {

// GETs `target` ("/Orders?$filter=..."; see odata_query) with Prefer: odata.maxpagesize=`page_size` and
// follows odata.nextLink (v1) or @odata.nextLink (v2) until the last page or `max_rows` rows. `base_path`
// is the service root's path (http::client::base_path()). Returns the rows, or the first page's error;
// bad_response if a page is not a collection or its next link leaves the service root. Throws
// std::bad_alloc only.
boost::asio::awaitable<outcome<boost::json::array>> read_collection(
    session& s, std::string base_path, std::string target, unsigned page_size,
    std::size_t max_rows = std::numeric_limits<std::size_t>::max());

}  // namespace mlc::clients::sap
