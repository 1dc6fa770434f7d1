// Master data operations: Items and BusinessPartners changed since a day or by code, an item's batches,
// ShippingTypes.
#pragma once

#include "clients/sap/client.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::sap {

struct item_warehouse {
    std::string warehouse_code;  // WarehouseCode
    double in_stock = 0;         // InStock
    double committed = 0;        // Committed (open sales orders)
    double ordered = 0;          // Ordered (open purchase orders)
};

struct item {
    std::string item_code;                             // ItemCode (the key)
    std::string item_name;                             // ItemName
    std::string bar_code;                              // BarCode
    bool manage_batch_numbers = false;                 // ManageBatchNumbers == tYES
    bool manage_serial_numbers = false;                // ManageSerialNumbers == tYES
    bool valid = true;                                 // Valid == tYES
    bool frozen = false;                               // Frozen == tYES
    double sales_unit_weight = 0;                      // SalesUnitWeight (unit: SalesWeightUnit)
    std::optional<std::chrono::sys_days> update_date;  // UpdateDate
    std::vector<item_warehouse> warehouses;            // ItemWarehouseInfoCollection
    boost::json::object raw;                           // the whole entity (U_ fields, dimensions, ...)
};

struct partner_address {
    std::string address_name;  // AddressName (what an order's ShipToCode names)
    std::string address_type;  // AddressType: bo_ShipTo / bo_BillTo
    std::string street, street_no, block, city, zip_code, county, state, country;
};

struct business_partner {
    std::string card_code;                             // CardCode (the key)
    std::string card_name;                             // CardName
    std::string card_type;                             // CardType: cCustomer, cSupplier, cLid
    std::string email_address;                         // EmailAddress
    std::string phone1;                                // Phone1
    std::string ship_to_default;                       // ShipToDefault (an AddressName)
    std::optional<int> shipping_type;                  // ShippingType (a ShippingTypes.Code)
    std::optional<std::chrono::sys_days> update_date;  // UpdateDate
    std::vector<partner_address> addresses;            // BPAddresses
    boost::json::object raw;                           // the whole entity
};

struct batch {
    int doc_entry = 0;         // DocEntry (the key of BatchNumberDetails)
    std::string item_code;     // ItemCode
    std::string batch_number;  // Batch
    std::string status;        // Status: bdsStatus_Released, _NotAccessible, _Locked
    std::optional<std::chrono::sys_days> admission_date;   // AdmissionDate
    std::optional<std::chrono::sys_days> expiration_date;  // ExpirationDate
};

struct shipping_type {
    int code = 0;         // Code (what TransportationCode holds)
    std::string name;     // Name
    std::string website;  // Website
};

// Items with UpdateDate on or after `since`, ordered by ItemCode, paged. Returns them or the first error.
// Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<item>>> items_changed_since(client& c,
                                                                       std::chrono::sys_days since);

// BusinessPartners with UpdateDate on or after `since`, ordered by CardCode, paged. Returns them or the first
// error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<business_partner>>> business_partners_changed_since(
    client& c, std::chrono::sys_days since);

// The business partner `card_code` (matched exactly). Returns it, not_found, or another error. Throws
// std::bad_alloc only.
boost::asio::awaitable<outcome<business_partner>> get_business_partner(client& c, std::string card_code);

// The business partners among `card_codes` that exist, read 20 to a request (a $filter of ORs), so that a
// page of orders from many customers costs a few requests instead of one per customer. Returns them (in no
// particular order) or the first error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<business_partner>>> business_partners_by_code(
    client& c, std::vector<std::string> card_codes);

// The items among `item_codes` that exist, read 20 to a request like business_partners_by_code, with only
// `fields` when given (e.g. {"ItemCode", "ManageBatchNumbers", "ManageSerialNumbers"}: what a delivery needs
// to know of its lines' items). Returns them (in no particular order) or the first error. Throws
// std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<item>>> items_by_code(client& c,
                                                                 std::vector<std::string> item_codes,
                                                                 std::vector<std::string> fields = {});

// The items whose `field` (a property such as a U_ field; the caller checked its name) equals one of
// `values`, read 20 values to a request like items_by_code, with only ItemCode and `field`: which items hold
// a SKU in MLC_SKU_FIELD. The value is in each item's `raw`. Returns them (in no particular order) or the
// first error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<item>>> items_by_field(client& c, std::string field,
                                                                  std::vector<std::string> values);

// The released batches of `item_code` (BatchNumberDetails, Status bdsStatus_Released), not expired on
// `today`, oldest expiry first: the candidates for a delivery's BatchNumbers. BatchNumberDetails holds no
// per-warehouse quantity; whether a batch has stock in the line's warehouse shows when the delivery is posted
// (-10 "negative inventory"). Returns them or an error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<batch>>> released_batches(client& c, std::string item_code,
                                                                     std::chrono::sys_days today);

// Every ShippingTypes entry (TransportationCode -> name). Returns them or an error. Throws std::bad_alloc.
boost::asio::awaitable<outcome<std::vector<shipping_type>>> shipping_types(client& c);

}  // namespace mlc::clients::sap
