// The SAP reads an order's mapping needs besides the order: shipping types, customers, items.
#include "flows/orders/order_inputs.hpp"

#include "clients/sap/master_data.hpp"

#include <algorithm>

namespace mlc::flows::orders {

namespace sap = clients::sap;

boost::asio::awaitable<clients::outcome<std::map<int, std::string>>> shipping_type_names(sap::client& c) {
    auto types = co_await sap::shipping_types(c);
    if (!types) co_return types.error();
    std::map<int, std::string> names;
    for (const auto& t : *types) names[t.code] = t.name;
    co_return names;
}

boost::asio::awaitable<std::optional<std::string>> look_up_partners(
    sap::client& c, const std::vector<const sap::document*>& orders, partner_cache& partners) {
    std::vector<std::string> unknown;
    for (const auto* order : orders)
        if (!partners.contains(order->card_code) &&
            std::find(unknown.begin(), unknown.end(), order->card_code) == unknown.end())
            unknown.push_back(order->card_code);
    if (unknown.empty()) co_return std::nullopt;
    auto found = co_await sap::business_partners_by_code(c, unknown);
    if (!found) co_return "SAP BusinessPartners: " + found.error().describe();
    for (const auto& code : unknown) partners[code] = std::nullopt;  // mapped with the order's CardName
    for (const auto& p : *found) partners[p.card_code] = partner_info_of(p);
    co_return std::nullopt;
}

boost::asio::awaitable<clients::outcome<item_facts>> look_up_items(
    items::item_reader& items, const std::vector<const sap::document*>& orders) {
    std::vector<std::string> codes;
    for (const auto* order : orders)
        for (const auto& line : order->lines)
            if (!line.item_code.empty() &&
                std::find(codes.begin(), codes.end(), line.item_code) == codes.end())
                codes.push_back(line.item_code);
    item_facts facts;
    if (codes.empty()) co_return facts;
    auto read = co_await items.read(std::move(codes), false);
    if (!read) co_return read.error();
    for (auto& [code, details] : *read)
        facts.emplace(code, line_item_facts{details.sku, details.source.weight, details.source.dimensions});
    co_return facts;
}

}  // namespace mlc::flows::orders
