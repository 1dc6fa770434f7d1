// /admin/sku-map: the SKU map an operator maintains (one mapping, or a CSV import), every change audited.
#pragma once

#include "server/http/request_context.hpp"
#include "server/http/types.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>

namespace mlc {
struct security_config;
}
namespace mlc::db {
class database;
}

namespace mlc::server::handlers {

// The largest CSV import accepted (POST /admin/sku-map/import).
constexpr std::size_t sku_map_import_limit = 8 * 1024 * 1024;

// GET /admin/sku-map?item_code=&after=&limit=: 200 {"mappings":[{sku, item_code, preferred, note,
// updated_at}], "next_after": the last SKU when the page is full (pass it as after=), else null}, in byte
// order of the SKU; limit 1..1000 (default 100). 400 for a bad limit. Throws database errors (a 500).
boost::asio::awaitable<http::response> admin_sku_map_list(const http::request_context& ctx,
                                                          const security_config& sec, db::database& database);

// Below /admin/sku-map/, the SKU percent-encoded in the path (it may hold '/' or spaces):
// GET {sku}: 200 the mapping, 404. PUT {sku} with {"item_code": "...", "preferred": bool?, "note": "..."?}:
// 200 the mapping as stored (a replace: what the body leaves out is false or empty), 400 naming what is wrong
// with the body or the SKU. DELETE {sku}: 204, 404.
// POST import?mode=merge|replace with a text/csv body (server/handlers/sku_map_csv.hpp): 200 {"imported": n,
// "removed": m}; replace first deletes every mapping the file does not name; 400 naming the bad line, and
// then nothing is written; 415 for another Content-Type. Each change is an audit row (entity sku_map, key
// the SKU, action put, delete or import, the request id as correlation). Throws database errors (a 500).
boost::asio::awaitable<http::response> admin_sku_map(const http::request_context& ctx,
                                                     const security_config& sec, db::database& database);

}  // namespace mlc::server::handlers
