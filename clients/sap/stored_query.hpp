// A stored SQL query the connector keeps in SAP (SQLQueries, Service Layer 10.0 FP 2011 and later): created
// the first time its List is refused because it is missing, then run through its List function.
#pragma once

#include "clients/sap/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

namespace mlc::clients::sap {

struct stored_query {
    std::string_view code;       // SqlCode ("MLC_BATCH_STOCK")
    std::string_view name;       // SqlName
    std::string_view sql;        // SqlText; parameters as :Name, bound by Service Layer
    std::string_view operation;  // the metrics' operation of its List ("batch_stock")
};

// What to do when a stored query is missing: create it (the flows), or report it and write nothing
// (previews).
enum class missing_query { create, report };

// "/SQLQueries('CODE')". Throws std::bad_alloc only.
std::string stored_query_path(const stored_query& q);

// Makes sure `q` exists: GET /SQLQueries('code'), and on 404 POST it. A query of that code that exists is
// used as it is (an administrator may have adapted it; its columns must stay). Returns true when it was
// missing (now created), false when it was there, or the error (SAP's refusal of the POST, e.g. 702 for a
// table outside Service Layer's allowlist). With missing_query::report nothing is created: a missing query is
// a `not_found` error saying so. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<bool>> ensure_stored_query(client& c, const stored_query& q,
                                                          missing_query when_missing = missing_query::create);

// How a List is read: client::read_all (every page) or client::read_page (one).
template <class R>
using list_reader = boost::asio::awaitable<outcome<R>> (client::*)(std::string, std::string);

// Reads `target` (q's List with its parameters, or a page's next target) through `read`. Which error Service
// Layer gives for a missing query is not documented: whenever the List is refused or not found, the query is
// looked for, and the List runs again only if it had to be created; otherwise the List's own error is the
// answer. Returns what `read` returns. Throws std::bad_alloc only.
template <class R>
boost::asio::awaitable<outcome<R>> read_stored_query(client& c, const stored_query& q, std::string target,
                                                     list_reader<R> read,
                                                     missing_query when_missing = missing_query::create) {
    auto rows = co_await (c.*read)(std::string(q.operation), target);
    if (!rows && (rows.error().kind == error_kind::not_found || rows.error().kind == error_kind::refused)) {
        auto created = co_await ensure_stored_query(c, q, when_missing);
        if (!created) co_return created.error();
        if (*created) rows = co_await (c.*read)(std::string(q.operation), std::move(target));
    }
    co_return rows;
}

}  // namespace mlc::clients::sap
