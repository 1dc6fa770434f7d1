// Delivery operations: create from order lines, find by idempotency stamp (deliveries and drafts), cancel.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/delivery_request.hpp"
#include "clients/sap/documents.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace mlc::clients::sap {

struct created_delivery {
    int doc_entry = 0;   // the delivery's, or the draft's when `draft`
    int doc_num = 0;     // 0 for a draft
    bool draft = false;  // an approval procedure saved a draft instead (204 with Location Drafts(n))
    document delivery;   // the document as Service Layer answered it (empty for a draft)
};

// POST /DeliveryNotes. The outcome tells apart:
// - created: the value (a draft when an approval procedure answered 204 with its Location);
// - refused: SAP refused it (code and message as SAP gave them: -5002, -10, -2028, ...); nothing was posted,
//   but -2028 may also mean that an approval procedure saved a draft (look with
//   find_delivery_drafts_by_stamp);
// - in_doubt: it may have been posted (timeout after sending, 502, 504, empty 500): never send it again
//   before find_deliveries_by_stamp() says it is not there;
// - other kinds: it was certainly not posted (transport before sending, unauthorized Login, ...).
// A 401/301 answer means SAP did not process it: it is sent once more after a re-login.
// Throws std::invalid_argument for a malformed request (see delivery_body), std::bad_alloc.
boost::asio::awaitable<outcome<created_delivery>> create_delivery(client& c, const delivery_request& r);

// Where the idempotency stamp is written on the delivery.
struct delivery_stamp {
    std::string field;  // a UDF ("U_ShipmentId": compared with eq) or "Comments" (compared with contains)
    std::string value;  // the stamp as written: in Comments a delimited token such as "[SS-SHIP-12]"
};

// Deliveries that may carry `stamp` (SAP's contains() and a case-insensitive collation can return more than
// the exact stamp: the caller checks each), cancellation documents excluded (CancelStatus csCancellation; a
// cancelled original is returned with cancelled set), ordered by DocEntry. Returns them (possibly none) or an
// error. Throws std::invalid_argument if stamp.field is neither "Comments" nor a "U_" field or the value is
// empty; std::bad_alloc.
boost::asio::awaitable<outcome<std::vector<document>>> find_deliveries_by_stamp(client& c,
                                                                                delivery_stamp stamp);

// Drafts of deliveries (DocObjectCode oDeliveryNotes) that may carry `stamp`: what an approval procedure
// saved instead of posting. Same contract as find_deliveries_by_stamp.
boost::asio::awaitable<outcome<std::vector<document>>> find_delivery_drafts_by_stamp(client& c,
                                                                                     delivery_stamp stamp);

// POST /DeliveryNotes(doc_entry)/Cancel: SAP adds a cancellation document, puts the stock back and reopens
// the order lines. Returns success, business (already cancelled, ...), not_found, in_doubt (look with
// find_deliveries_by_stamp or get the delivery before retrying) or another error. Throws std::bad_alloc.
boost::asio::awaitable<outcome<void>> cancel_delivery(client& c, int doc_entry);

}  // namespace mlc::clients::sap
