// /admin/preview endpoints: what the flows would send for an SAP order or a ShipStation shipment, without
// sending or writing anything.
#pragma once

#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc {
struct security_config;
}
namespace mlc::server::app {
class previews;
}

namespace mlc::server::handlers {

// GET /admin/preview/orders/{DocNum}[?doc_entry=N]: 200 {"doc_num","orders":[{"doc_entry","would_send",
// "operation","body","reason",...}]} (several when numbering series repeat the DocNum), 404 when SAP has no
// such order. GET /admin/preview/shipments/{shipmentId}: 200 {"would_send","delivery","order_patch",
// "reason",...}, 404 when the shipment is not recorded. 400 for a number that is not positive, 502 when SAP
// could not say, 503 while SAP is not configured (`previews` null). Admin token required.
boost::asio::awaitable<http::response> admin_preview(const http::request_context& ctx,
                                                     const security_config& sec, app::previews* previews);

}  // namespace mlc::server::handlers
