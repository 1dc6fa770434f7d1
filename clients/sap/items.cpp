// Changed items and the stock scan, page by page, over the Service Layer.
#include "clients/sap/items.hpp"

#include "clients/sap/odata_query.hpp"

#include <algorithm>
#include <stdexcept>

namespace mlc::clients::sap {

namespace {

bool plain_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
}

// `fields` with the plain property names of `extra` added (each once).
std::vector<std::string> with_extra(std::vector<std::string> fields, const std::vector<std::string>& extra) {
    for (const auto& name : extra) {
        if (!plain_name(name)) throw std::invalid_argument("not an Items property name: '" + name + "'");
        if (std::find(fields.begin(), fields.end(), name) == fields.end()) fields.push_back(name);
    }
    return fields;
}

}  // namespace

std::vector<std::string> item_shipping_fields() {
    return {"ItemCode",        "ItemName",         "ForeignName",
            "Valid",           "Frozen",           "SalesItem",
            "InventoryItem",   "SalesUnitWeight",  "SalesWeightUnit",
            "SalesUnitLength", "SalesLengthUnit",  "SalesUnitWidth",
            "SalesWidthUnit",  "SalesUnitHeight",  "SalesHeightUnit",
            "ItemCountryOrg",  "DefaultWarehouse", "ItemWarehouseInfoCollection",
            "UpdateDate",      "UpdateTime"};
}

std::string items_changed_target(const client& c, order_watermark since, std::chrono::seconds overlap,
                                 const std::vector<std::string>& extra_fields) {
    auto fields = item_shipping_fields();
    odata_query q;
    q.filter("UpdateDate ge " + date_literal(c.filter_date_form(), first_day_to_query(since, overlap)))
        .select(with_extra(std::move(fields), extra_fields))
        .orderby("ItemCode asc");
    return "/Items" + q.to_string();
}

std::string item_stock_target(const client&, const std::vector<std::string>& extra_fields) {
    odata_query q;
    q.select(with_extra({"ItemCode", "ItemWarehouseInfoCollection"}, extra_fields)).orderby("ItemCode asc");
    return "/Items" + q.to_string();
}

boost::asio::awaitable<outcome<item_page>> read_item_page(client& c, std::string target) {
    auto page = co_await c.read_page("items_page", std::move(target));
    if (!page) co_return page.error();
    item_page out;
    out.items.reserve(page->rows.size());
    for (const auto& row : page->rows) {
        std::optional<item> i;
        if (const auto* o = row.if_object()) i = parse_item(*o);
        if (!i) co_return error{error_kind::bad_response, 200, {}, "an item without ItemCode in /Items"};
        out.items.push_back(std::move(*i));
    }
    out.next_target = std::move(page->next_target);
    co_return out;
}

}  // namespace mlc::clients::sap
