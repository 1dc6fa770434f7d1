// A DeliveryNote to create from sales order lines, and its Service Layer JSON body.
#pragma once

#include "clients/sap/documents.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::sap {

struct delivery_line_request {
    int base_entry = 0;                             // the order's DocEntry (BaseEntry; BaseType is 17)
    int base_line = 0;                              // the order line's LineNum (BaseLine)
    double quantity = 0;                            // at most the line's RemainingOpenQuantity
    std::optional<std::string> warehouse_code;      // unset: inherited from the order line
    std::vector<batch_allocation> batch_numbers;    // required for batch-managed items; sums to quantity
    std::vector<serial_allocation> serial_numbers;  // required for serial-managed items; one per unit
};

struct delivery_request {
    std::string card_code;                          // must match the order's CardCode
    std::optional<std::chrono::sys_days> doc_date;  // DocDate (unset: the server's today)
    std::optional<int> transportation_code;         // TransportationCode (a ShippingTypes.Code)
    std::string tracking_number;                    // TrackingNumber ("" : not sent)
    std::string comments;                           // Comments ("" : not sent)
    boost::json::object user_fields;                // U_ fields, e.g. the idempotency stamp U_ShipmentId
    std::vector<delivery_line_request> lines;
};

// A line's BatchNumbers as the body holds them: [{BatchNumber, Quantity}]. Throws std::bad_alloc only.
boost::json::array batch_numbers_json(const std::vector<batch_allocation>& batches);

// The POST /DeliveryNotes body, each line's batches under `batch_property` ("BatchNumbers", or
// "BatchNumberProperty" in WCFCompatible mode: learn_batch_property). Throws std::invalid_argument if there
// are no lines, a quantity is not positive, or a user field's name does not start with "U_"; std::bad_alloc.
boost::json::object delivery_body(const delivery_request& r,
                                  std::string_view batch_property = "BatchNumbers");

}  // namespace mlc::clients::sap
