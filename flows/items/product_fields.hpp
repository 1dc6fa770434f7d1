// The product fields the connector owns in ShipStation, from SAP's item, and the product with them put in
// (pure). Everything else on the product (tags, defaults, aliases, what a person set in the UI) is left
// alone.
#pragma once

#include "flows/items/shipping_measures.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace mlc::flows::items {

// What SAP says about one item, already read and converted.
struct item_source {
    std::string item_code;
    std::string item_name;                          // ItemName
    std::optional<shipping_weight> weight;          // one sales unit
    std::optional<shipping_dimensions> dimensions;  // one sales unit
    std::string country_of_origin;                  // ItemCountryOrg (sent only when two letters)
    std::string tariff_number;                      // MLC_TARIFF_FIELD's value ("" when unset or empty)
    std::string bin_code;                           // the default warehouse's default bin ("" when none)
    bool active = true;                             // Valid, not Frozen, and a sales item
};

// The owned fields, as ShipStation's product names them: name, weightOz, length, width, height,
// customsDescription, customsCountryCode, customsTariffNo, warehouseLocation, active. A field SAP has no
// value for is null (cleared in ShipStation): the item is the source of truth for what the connector owns.
// Never throws except std::bad_alloc.
boost::json::object owned_fields(const item_source& item);

// `product` (as ShipStation returned it) with `owned` put in, for a full-replace PUT; nullopt when every
// owned field already has that value (no call needed). Numbers compare by value (12 equals 12.0). Never
// throws except std::bad_alloc.
std::optional<boost::json::object> with_owned_fields(const boost::json::object& product,
                                                     const boost::json::object& owned);

}  // namespace mlc::flows::items
