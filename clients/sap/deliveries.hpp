// Delivery operations: create from order lines, find by idempotency stamp, cancel.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/delivery_request.hpp"
#include "clients/sap/documents.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace mlc::clients::sap {

struct created_delivery {
    int doc_entry = 0;
    int doc_num = 0;
    document delivery;  // the document as Service Layer answered it
};

// POST /DeliveryNotes. The outcome tells apart:
//   created                  -> the value;
//   errc::business           -> SAP refused it (code and message as SAP gave them: -5002, -10, -2028, ...);
//                               nothing was posted;
//   errc::in_doubt           -> it may have been posted (timeout after sending, 502, 504, empty 500): never
//                               send it again before find_deliveries_by_stamp() says it is not there;
//   other errors             -> it was certainly not posted (transport before sending, login_failed, ...).
// A 401/301 answer means SAP did not process it: it is sent once more after a re-login.
// Throws std::invalid_argument for a malformed request (see delivery_body), std::bad_alloc.
boost::asio::awaitable<outcome<created_delivery>> create_delivery(client& c, const delivery_request& r);

// Where the idempotency stamp is written on the delivery.
struct delivery_stamp {
    std::string field;  // a UDF ("U_ShipmentId": compared with eq) or "Comments" (compared with contains)
    std::string value;  // the stamp, e.g. the shipment id
};

// Deliveries carrying `stamp`, cancellation documents excluded (CancelStatus csCancellation; a cancelled
// original is returned with cancelled set), ordered by DocEntry. Returns them (possibly none) or an error.
// Throws std::invalid_argument if stamp.field is neither "Comments" nor a "U_" field or the value is empty;
// std::bad_alloc.
boost::asio::awaitable<outcome<std::vector<document>>> find_deliveries_by_stamp(client& c,
                                                                                delivery_stamp stamp);

// POST /DeliveryNotes(doc_entry)/Cancel: SAP adds a cancellation document, puts the stock back and reopens
// the order lines. Returns success, business (already cancelled, ...), not_found, in_doubt (look with
// find_deliveries_by_stamp or get the delivery before retrying) or another error. Throws std::bad_alloc.
boost::asio::awaitable<outcome<void>> cancel_delivery(client& c, int doc_entry);

}  // namespace mlc::clients::sap
