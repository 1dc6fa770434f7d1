// Reading a whole OData collection through server-driven paging (Prefer: odata.maxpagesize, next links).
#pragma once

#include "clients/call_error.hpp"
#include "clients/sap/collection_page.hpp"
#include "clients/sap/session.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>

#include <cstddef>
#include <limits>
#include <string>

namespace mlc::clients::sap {

// bad_response "odata.nextLink names a page already read: paging stopped". Throws std::bad_alloc only.
error repeated_link();

// GETs `target` ("/Orders?$filter=..."; see odata_query) with Prefer: odata.maxpagesize=`page_size` and
// follows odata.nextLink (v1) or @odata.nextLink (v2) until the last page or `max_rows` rows. `base_path`
// is the service root's path (http::client::base_path()). Returns the rows, or the first page's error;
// bad_response if a page is not a collection, its next link leaves the service root, or it names a page
// already read (repeated_link(): a Service Layer that pages in a circle is not followed). Throws
// std::bad_alloc only.
boost::asio::awaitable<outcome<boost::json::array>> read_collection(
    session& s, std::string base_path, std::string target, unsigned page_size,
    std::size_t max_rows = std::numeric_limits<std::size_t>::max());

// GETs one page of `target` (the first page's target, or a previous page's next_target) with
// Prefer: odata.maxpagesize=`page_size`. For callers that process a large collection page by page instead of
// holding all of it. Returns the page or the error; bad_response as read_collection(), repeated_link() for a
// page whose next link is its own target (a caller's loop keeps its own record of earlier pages). Throws
// std::bad_alloc.
boost::asio::awaitable<outcome<collection_page>> read_collection_page(session& s, std::string_view base_path,
                                                                      std::string target, unsigned page_size);

}  // namespace mlc::clients::sap
