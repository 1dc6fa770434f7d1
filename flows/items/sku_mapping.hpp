// Which SKU an SAP item travels under in ShipStation, and which ItemCode a SKU coming back names.
//
// The contract (issue 13, "Identifiers both ways"): SKU = ItemCode unless a mapping says otherwise, and the
// same mapping is read both ways.
// - Outbound, an order line's ItemCode -> the SKU sent: the SKU map table's SKU for the item (when several
//   rows name it, the preferred one, else the lowest SKU: db::sku_map::skus_for_item_codes decides), else
//   the item's MLC_SKU_FIELD value when set and non-empty, else the ItemCode.
// - Inbound, a shipment item's SKU -> ItemCode (used when its lineItemKey is missing or names no open line of
//   that item): the table's row for the SKU, else the one item whose MLC_SKU_FIELD holds the SKU (several
//   such items are a refusal naming them), else the SKU itself when an order line has that ItemCode; else a
//   refusal that says how to fix it. Never a guess.
#pragma once

#include <boost/system/result.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::flows::items {

// The SKU to send for `item_code`: its entry in `table_skus_by_item` (ItemCode -> SKU, already the preferred
// or lowest one), else its non-empty entry in `field_skus_by_item` (ItemCode -> MLC_SKU_FIELD value), else
// the ItemCode. Throws std::bad_alloc only.
std::string sku_for(std::string_view item_code, const std::map<std::string, std::string>& table_skus_by_item,
                    const std::map<std::string, std::string>& field_skus_by_item);

// What the inbound resolution knows about some SKUs.
struct sku_lookup {
    std::map<std::string, std::string> table;  // SKU -> ItemCode, from the SKU map table
    std::map<std::string, std::vector<std::string>>
        by_field;  // SKU -> the items whose MLC_SKU_FIELD holds it
};

// The ItemCode `sku` names, by the rules above; `order_item_codes` are the ItemCodes of the order's lines.
// Returns it, or the refusal as a sentence for an operator (it names the SKU and the admin call that maps
// it). Throws std::bad_alloc only.
boost::system::result<std::string, std::string> item_code_for(std::string_view sku, const sku_lookup& lookup,
                                                              const std::set<std::string>& order_item_codes);

}  // namespace mlc::flows::items
