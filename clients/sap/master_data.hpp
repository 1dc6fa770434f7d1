// Master data operations: Items and BusinessPartners changed since a day or by code, an item's batches,
// bin codes, ShippingTypes.
#pragma once

#include "clients/sap/client.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::sap {

struct item_warehouse {
    std::string warehouse_code;      // WarehouseCode
    double in_stock = 0;             // InStock
    double committed = 0;            // Committed (open sales orders)
    double ordered = 0;              // Ordered (open purchase orders)
    std::optional<int> default_bin;  // DefaultBin: a BinLocations AbsEntry (see bin_codes), not a bin code
    bool locked = false;             // Locked == tYES
};

// Unit fields hold a UnitCode of WeightMeasures or LengthMeasures (units.hpp), company data: none when SAP
// keeps no unit (null, as real payloads show for items without a weight).
struct item {
    std::string item_code;                             // ItemCode (the key)
    std::string item_name;                             // ItemName
    std::string bar_code;                              // BarCode
    bool manage_batch_numbers = false;                 // ManageBatchNumbers == tYES
    bool manage_serial_numbers = false;                // ManageSerialNumbers == tYES
    bool valid = true;                                 // Valid == tYES
    bool frozen = false;                               // Frozen == tYES
    double sales_unit_weight = 0;                      // SalesUnitWeight (unit: SalesWeightUnit)
    std::optional<int> sales_weight_unit;              // SalesWeightUnit (a WeightMeasures UnitCode)
    double sales_unit_length = 0;                      // SalesUnitLength (0 when absent)
    double sales_unit_width = 0;                       // SalesUnitWidth
    double sales_unit_height = 0;                      // SalesUnitHeight
    std::optional<int> sales_length_unit;              // SalesLengthUnit (a LengthMeasures UnitCode)
    std::optional<int> sales_width_unit;               // SalesWidthUnit
    std::optional<int> sales_height_unit;              // SalesHeightUnit
    std::string country_of_origin;                     // ItemCountryOrg (a B1 country code)
    std::optional<std::chrono::sys_days> update_date;  // UpdateDate
    std::optional<std::chrono::seconds> update_time;   // UpdateTime (time of day)
    std::vector<item_warehouse> warehouses;            // ItemWarehouseInfoCollection
    boost::json::object raw;                           // the whole entity (U_ fields, ...)
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

// Reads an Item entity (any $select of it). nullopt without an ItemCode. Tolerates missing and null fields
// (they keep their defaults) and both versions' date forms. Throws std::bad_alloc only.
std::optional<item> parse_item(const boost::json::object& o);

// Items with UpdateDate on or after `since`, ordered by ItemCode, paged (the date form learned first, see
// learn_date_form). Returns them or the first error.
// Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<item>>> items_changed_since(client& c,
                                                                       std::chrono::sys_days since);

// BusinessPartners with UpdateDate on or after `since`, ordered by CardCode, paged (the date form learned
// first). Returns them or the first
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

// The BinCode of each BinLocations AbsEntry among `abs_entries` that exists (what an item's DefaultBin
// holds), read 20 to a request like business_partners_by_code. Returns AbsEntry -> BinCode, or the first
// error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::map<int, std::string>>> bin_codes(client& c,
                                                                      std::vector<int> abs_entries);

// Every ShippingTypes entry (TransportationCode -> name). Returns them or an error. Throws std::bad_alloc.
boost::asio::awaitable<outcome<std::vector<shipping_type>>> shipping_types(client& c);

}  // namespace mlc::clients::sap
