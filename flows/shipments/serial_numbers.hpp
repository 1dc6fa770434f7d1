// The serial numbers of a serial-managed item's delivery line, taken from its ShipStation items' options.
#pragma once

#include "clients/sap/documents.hpp"

#include <boost/json/array.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <vector>

namespace mlc::flows::shipments {

// The serial numbers in the options ([{name, value}]) of `shipment_items` whose name is one of
// `option_names` (compared ignoring case and surrounding spaces); a value holds one or more, separated by
// commas, semicolons or white space. Returns one allocation per serial number ({InternalSerialNumber, 1}), as
// many as `quantity` of item `item_code`, or why there are none: no shipment items (a fulfillment carries no
// options), no such option, a count other than the quantity, or a serial number given twice. Throws
// std::bad_alloc only.
boost::system::result<std::vector<clients::sap::serial_allocation>, std::string> serials_from_options(
    const std::string& item_code, double quantity, const boost::json::array& shipment_items,
    const std::vector<std::string>& option_names);

}  // namespace mlc::flows::shipments
