// Reading what batch- and serial-managed lines need from SAP and choosing it.
#include "flows/shipments/line_allocations.hpp"

#include "clients/sap/batch_stock.hpp"
#include "clients/sap/master_data.hpp"
#include "flows/shipments/batch_allocation.hpp"
#include "flows/shipments/serial_numbers.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;

allocation_outcome refused(std::string reason) {
    return {allocation_outcome::kind::refused, std::move(reason)};
}

allocation_outcome failed(std::string reason) {
    return {allocation_outcome::kind::failed, std::move(reason)};
}

// What one line took no longer serves the next line of the same item and warehouse.
void take_from(std::vector<sap::available_batch>& stock, const std::vector<sap::batch_allocation>& taken) {
    for (const auto& t : taken)
        for (auto& b : stock)
            if (b.batch_number == t.batch_number) b.available -= t.quantity;
}

}  // namespace

boost::asio::awaitable<allocation_outcome> allocate_lines(sap::client& sap, batch_rule rule,
                                                          const std::vector<std::string>& serial_options,
                                                          std::chrono::sys_days today,
                                                          std::vector<delivery_line>& lines,
                                                          sap::missing_query batch_query) {
    std::vector<std::string> codes;
    for (const auto& l : lines)
        if (std::find(codes.begin(), codes.end(), l.item_code) == codes.end()) codes.push_back(l.item_code);
    std::vector<std::string> fields{"ItemCode", "ManageBatchNumbers", "ManageSerialNumbers"};
    auto items = co_await sap::items_by_code(sap, codes, fields);
    if (!items)
        co_return failed("reading whether the items are managed by batch or serial number: " +
                         items.error().describe());
    std::map<std::string, const sap::item*> by_code;
    for (const auto& i : *items) by_code[i.item_code] = &i;

    std::map<std::pair<std::string, std::string>, std::vector<sap::available_batch>> stock;
    for (auto& line : lines) {
        auto found = by_code.find(line.item_code);
        if (found == by_code.end()) continue;  // SAP names an unknown item better when the delivery is posted
        const sap::item& item = *found->second;
        if (item.manage_batch_numbers) {
            if (line.warehouse_code.empty())
                co_return refused("batch-managed item " + line.item_code + ": order line " +
                                  std::to_string(line.request.base_line) + " names no warehouse");
            auto key = std::make_pair(line.item_code, line.warehouse_code);
            if (rule != batch_rule::fail && !stock.contains(key)) {
                auto read =
                    co_await sap::available_batches(sap, line.item_code, line.warehouse_code, batch_query);
                if (!read)
                    co_return failed("reading the batches of item " + line.item_code + " in warehouse " +
                                     line.warehouse_code + ": " + read.error().describe());
                stock[key] = std::move(*read);
            }
            batch_need need{line.item_code, line.warehouse_code, line.request.quantity};
            auto chosen = allocate_batches(rule, need, today, stock[key]);
            if (!chosen) co_return refused(chosen.error());
            take_from(stock[key], *chosen);
            line.request.batch_numbers = std::move(*chosen);
        }
        if (item.manage_serial_numbers) {
            auto serials = serials_from_options(line.item_code, line.request.quantity, line.shipment_items,
                                                serial_options);
            if (!serials) co_return refused(serials.error());
            line.request.serial_numbers = std::move(*serials);
        }
    }
    co_return allocation_outcome{};
}

}  // namespace mlc::flows::shipments
