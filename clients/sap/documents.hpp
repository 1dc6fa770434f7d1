// Typed views of Service Layer documents (Orders, DeliveryNotes) with their raw JSON kept.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::sap {

struct batch_allocation {
    std::string batch_number;  // BatchNumber
    double quantity = 0;       // Quantity
};

struct serial_allocation {
    std::string internal_serial_number;       // InternalSerialNumber
    std::optional<int> system_serial_number;  // SystemSerialNumber, when known
    double quantity = 1;                      // Quantity (1 per serial)
};

struct document_line {
    int line_num = 0;                             // LineNum (0-based key within the document)
    std::string item_code;                        // ItemCode
    std::string item_description;                 // ItemDescription
    double quantity = 0;                          // Quantity (sales UoM)
    double remaining_open_quantity = 0;           // RemainingOpenQuantity (undelivered)
    std::string line_status;                      // LineStatus: bost_Open / bost_Close
    std::string warehouse_code;                   // WarehouseCode
    double price = 0;                             // Price (after the line discount)
    double unit_price = 0;                        // UnitPrice (before it)
    std::optional<int> base_type;                 // BaseType (17 on a delivery line copied from an order)
    std::optional<int> base_entry;                // BaseEntry
    std::optional<int> base_line;                 // BaseLine
    std::vector<batch_allocation> batch_numbers;  // BatchNumbers (BatchNumberProperty in WCFCompatible mode)
};

// An Order or a DeliveryNote (Service Layer's shared Document type).
struct document {
    int doc_entry = 0;                                 // DocEntry (the key)
    int doc_num = 0;                                   // DocNum (what users see)
    std::string card_code;                             // CardCode
    std::string card_name;                             // CardName
    std::optional<std::chrono::sys_days> doc_date;     // DocDate
    std::optional<std::chrono::seconds> doc_time;      // DocTime (time of day)
    std::optional<std::chrono::sys_days> update_date;  // UpdateDate (company time)
    std::optional<std::chrono::seconds> update_time;   // UpdateTime (time of day)
    std::string document_status;                       // DocumentStatus: bost_Open / bost_Close
    bool cancelled = false;                            // Cancelled == tYES
    std::string cancel_status;                         // CancelStatus: csNo, csCancelled, csCancellation
    std::string comments;                              // Comments
    std::string num_at_card;                           // NumAtCard (customer reference)
    std::optional<int> transportation_code;            // TransportationCode (unset: absent or -1)
    std::string tracking_number;                       // TrackingNumber
    double doc_total = 0;                              // DocTotal
    double vat_sum = 0;                                // VatSum
    boost::json::object address_extension;             // AddressExtension (ShipTo*, BillTo*)
    std::vector<document_line> lines;                  // DocumentLines
    boost::json::object raw;                           // the whole entity as received (U_ fields, ...)

    // DocumentStatus bost_Open and not cancelled: lines may still be delivered. Never throws.
    bool is_open() const noexcept { return document_status == "bost_Open" && !cancelled; }
};

// Reads a Document entity. nullopt if `v` is not an object with an integer DocEntry. Tolerates missing and
// null fields (they keep their defaults) and both versions' date forms. Throws std::bad_alloc only.
std::optional<document> parse_document(const boost::json::value& v);

// Every row of a collection read as a document; nullopt if one cannot be read. Throws std::bad_alloc only.
std::optional<std::vector<document>> parse_documents(const boost::json::array& rows);

// "17:13:12" or "17:13" (v1 and v2 time forms) as the time of day; nullopt otherwise. Never throws.
std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text) noexcept;

}  // namespace mlc::clients::sap
