// Delivery posting from order lines (validations, stock, batches), its cancellation and header updates.
#include "tests/simulators/sap_b1/deliveries.hpp"

#include "tests/simulators/sap_b1/delivery_references.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"

#include <boost/json/array.hpp>

#include <cmath>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace mlc::sim::sap {

namespace {

using batch_key = std::tuple<std::string, std::string, std::string>;  // item, batch, warehouse

constexpr double epsilon = 1e-9;

struct planned_line {
    boost::json::object line;  // the delivery line as it will be stored
    int base_entry = -1;       // -1: not based on an order
    std::int64_t base_line = -1;
    std::string order_warehouse;
    std::map<std::string, double> batches;  // batch -> quantity
};

std::string row(std::size_t index) {
    return "[DLN1][line: " + std::to_string(index + 1) + "]";
}

// Checks one line's batch or serial allocation against the item's management and the batch stock.
std::optional<sl_error> check_allocations(const store& s, const boost::json::object& item, planned_line& p,
                                          std::size_t index, std::map<batch_key, double>& batch_use) {
    std::string code = string_or(item, "ItemCode");
    std::string warehouse = string_or(p.line, "WarehouseCode");
    double quantity = number_or(p.line, "Quantity", 0);
    const auto* batches = p.line.if_contains("BatchNumbers");
    const auto* serials = p.line.if_contains("SerialNumbers");
    bool has_batches = batches && batches->is_array() && !batches->get_array().empty();
    bool has_serials = serials && serials->is_array() && !serials->get_array().empty();
    if (string_or(item, "ManageBatchNumbers") == "tYES") {
        if (!has_batches)
            return business_error(-10, row(index) + " Batch numbers are required for item '" + code +
                                           "'; select batches for a quantity of " + std::to_string(quantity));
        double total = 0;
        for (const auto& b : batches->get_array()) {
            const auto* o = b.if_object();
            std::string batch = o ? string_or(*o, "BatchNumber") : std::string();
            double q = o ? number_or(*o, "Quantity", 0) : 0;
            auto it = s.batch_stock.find({code, batch, warehouse});
            if (batch.empty() || it == s.batch_stock.end())
                return business_error(-10, row(index) + " Batch '" + batch + "' of item '" + code +
                                               "' does not exist in warehouse '" + warehouse + "'");
            double& used = batch_use[{code, batch, warehouse}];
            if (q <= 0 || used + q > it->second + epsilon)
                return business_error(-10, row(index) +
                                               " Quantity falls into negative inventory for batch '" + batch +
                                               "' of item '" + code + "'");
            used += q;
            p.batches[batch] += q;
            total += q;
        }
        if (std::abs(total - quantity) > epsilon)
            return business_error(-10, row(index) + " Batch quantities (" + std::to_string(total) +
                                           ") do not match the line quantity (" + std::to_string(quantity) +
                                           ")");
    } else if (has_batches) {
        return business_error(-10, row(index) + " Item '" + code + "' is not managed by batches");
    }
    if (string_or(item, "ManageSerialNumbers") == "tYES") {
        double total = 0;
        if (has_serials)
            for (const auto& sn : serials->get_array())
                total += sn.is_object() ? number_or(sn.get_object(), "Quantity", 1) : 0;
        if (std::abs(total - quantity) > epsilon)
            return business_error(-10, row(index) + " Serial numbers are required for item '" + code +
                                           "'; select " + std::to_string(quantity) + " serial numbers");
    }
    return std::nullopt;
}

// Builds and checks one delivery line from what the client sent.
std::optional<sl_error> plan_line(const store& s, const std::string& card_code,
                                  const boost::json::object& sent, std::size_t index,
                                  std::map<std::pair<int, std::int64_t>, double>& base_use, planned_line& p) {
    const boost::json::object* base = nullptr;
    if (sent.contains("BaseType") || sent.contains("BaseEntry") || sent.contains("BaseLine")) {
        auto type = integer_of(sent, "BaseType");
        auto entry = integer_of(sent, "BaseEntry");
        auto line = integer_of(sent, "BaseLine");
        if (type != 17 || !entry || !line)
            return business_error(-5002, row(index) +
                                             " Copy from a sales order needs BaseType 17, BaseEntry "
                                             "and BaseLine");
        auto order = s.orders.find(static_cast<int>(*entry));
        if (order == s.orders.end()) return no_matching_records();
        base = find_line(order->second, *line);
        if (!base) return no_matching_records();
        if (string_or(order->second, "CardCode") != card_code)
            return business_error(-10, "Base document card and target document card do not match");
        if (string_or(order->second, "DocumentStatus") != open_status ||
            string_or(*base, "LineStatus") != open_status)
            return business_error(-10, "One of the base documents has already been closed " + row(index));
        p.base_entry = static_cast<int>(*entry);
        p.base_line = *line;
        p.order_warehouse = string_or(*base, "WarehouseCode");
    }
    std::string code = base ? string_or(*base, "ItemCode") : string_or(sent, "ItemCode");
    if (base && sent.contains("ItemCode") && string_or(sent, "ItemCode") != code)
        return business_error(-5002, row(index) + " Item '" + string_or(sent, "ItemCode") +
                                         "' differs from the base document line's item '" + code + "'");
    auto item = s.items.find(code);
    if (item == s.items.end()) return no_matching_records();
    double open = base ? number_or(*base, "RemainingOpenQuantity", 0) : 0;
    double quantity = number_or(sent, "Quantity", open);
    if (quantity <= 0) return business_error(-5002, row(index) + " Quantity must be greater than zero");
    if (base) {
        double& used = base_use[{p.base_entry, p.base_line}];
        if (used + quantity > open + epsilon)
            return business_error(-5002, row(index) + " Quantity (" + std::to_string(quantity) +
                                             ") exceeds the remaining open quantity (" +
                                             std::to_string(open - used) + ") of base document line " +
                                             std::to_string(p.base_line));
        used += quantity;
    }
    double price = number_or(sent, "Price", base ? number_or(*base, "Price", 0) : item_price(item->second));
    std::string warehouse = string_or(
        sent, "WarehouseCode", base ? p.order_warehouse : string_or(item->second, "DefaultWarehouse", "01"));
    p.line = new_line(item->second, static_cast<std::int64_t>(index), quantity, price, warehouse,
                      string_or(sent, "ShipDate", base ? string_or(*base, "ShipDate") : std::string()));
    if (base) {
        p.line["ItemDescription"] = base->at("ItemDescription");
        p.line["BaseType"] = 17;
        p.line["BaseEntry"] = p.base_entry;
        p.line["BaseLine"] = p.base_line;
    }
    for (const auto& [name, value] : sent)
        if (!document_read_only().read_only.contains(std::string_view(name)) && name != "ItemCode" &&
            name != "LineNum")
            p.line[name] = value;
    p.line["Quantity"] = quantity;  // stored as decimals, whatever number form the client sent
    p.line["Price"] = price;
    p.line["UnitPrice"] = price;
    return std::nullopt;
}

void restore_order_line(store& s, const boost::json::object& delivered, const sim_time& now) {
    auto entry = integer_of(delivered, "BaseEntry");
    auto line_num = integer_of(delivered, "BaseLine");
    if (integer_of(delivered, "BaseType") != 17 || !entry || !line_num) return;
    auto order = s.orders.find(static_cast<int>(*entry));
    if (order == s.orders.end()) return;
    boost::json::object* line = find_line(order->second, *line_num);
    if (!line) return;
    double quantity = number_or(delivered, "Quantity", 0);
    double open =
        std::min(number_or(*line, "Quantity", 0), number_or(*line, "RemainingOpenQuantity", 0) + quantity);
    (*line)["RemainingOpenQuantity"] = open;
    (*line)["RemainingOpenInventoryQuantity"] = open;
    (*line)["LineStatus"] = open_status;
    adjust_stock(s, string_or(*line, "ItemCode"), string_or(*line, "WarehouseCode"), 0, quantity);
    order->second["DocumentStatus"] = open_status;
    order->second["ClosingDate"] = nullptr;
    recompute_totals(order->second);
    touch(order->second, now);
}

}  // namespace

sl_result<int> create_delivery(store& s, const boost::json::object& body, const sim_time& now) {
    if (auto e = check_properties(s, "DeliveryNotes", body)) return *e;
    std::string card_code = string_or(body, "CardCode");
    auto partner = s.partners.find(card_code);
    if (card_code.empty() || partner == s.partners.end()) return no_matching_records();
    const auto* lines = body.if_contains("DocumentLines");
    if (!lines || !lines->is_array() || lines->get_array().empty())
        return business_error(-5002, "Cannot add a document without lines");
    if (auto e = check_transportation_code(s, body)) return *e;

    std::vector<planned_line> plan;
    std::map<std::pair<int, std::int64_t>, double> base_use;
    std::map<batch_key, double> batch_use;
    std::map<std::pair<std::string, std::string>, double> stock_use;
    for (std::size_t i = 0; i < lines->get_array().size(); ++i) {
        planned_line p;
        if (auto e = plan_line(s, card_code, lines->get_array()[i].as_object(), i, base_use, p)) return *e;
        if (auto e = check_line_warehouse(s, string_or(p.line, "WarehouseCode"), i)) return *e;
        const auto& item = s.items.find(string_or(p.line, "ItemCode"))->second;
        if (auto e = check_allocations(s, item, p, i, batch_use)) return *e;
        std::pair<std::string, std::string> where{string_or(p.line, "ItemCode"),
                                                  string_or(p.line, "WarehouseCode")};
        double in_stock = 0;
        for (const auto& w : item.at("ItemWarehouseInfoCollection").as_array())
            if (string_or(w.as_object(), "WarehouseCode") == where.second)
                in_stock = number_or(w.as_object(), "InStock", 0);
        double& used = stock_use[where];
        used += number_or(p.line, "Quantity", 0);
        if (used > in_stock + epsilon)
            return business_error(-10, row(i) + " Quantity falls into negative inventory for item '" +
                                           where.first + "' in warehouse '" + where.second + "'");
        plan.push_back(std::move(p));
    }

    // Everything is valid: post the delivery.
    boost::json::object delivery =
        new_document(partner->second, "oDeliveryNotes", s.next_delivery_entry, s.next_delivery_num, now);
    boost::json::object header = body;
    header.erase("DocumentLines");
    merge_patch(delivery, header, document_read_only());
    const stock_posting posting{trans_type::delivery, s.next_delivery_entry, string_or(delivery, "DocDate")};
    for (auto& p : plan) {
        double quantity = number_or(p.line, "Quantity", 0);
        std::string code = string_or(p.line, "ItemCode");
        post_stock(s, code, string_or(p.line, "WarehouseCode"), -quantity, posting, now);
        for (const auto& [batch, q] : p.batches)
            s.batch_stock[{code, batch, string_or(p.line, "WarehouseCode")}] -= q;
        if (p.base_entry >= 0) {
            boost::json::object& order = s.orders.at(p.base_entry);
            boost::json::object& line = *find_line(order, p.base_line);
            double open = number_or(line, "RemainingOpenQuantity", 0) - quantity;
            if (open < epsilon) open = 0;
            line["RemainingOpenQuantity"] = open;
            line["RemainingOpenInventoryQuantity"] = open;
            if (open == 0) line["LineStatus"] = closed_status;
            adjust_stock(s, code, p.order_warehouse, 0, -quantity);
            bool all_closed = true;
            for (const auto& l : order.at("DocumentLines").as_array())
                if (string_or(l.as_object(), "LineStatus") == open_status) all_closed = false;
            if (all_closed) {
                order["DocumentStatus"] = closed_status;
                order["ClosingDate"] = now.date;
            }
            recompute_totals(order);
            touch(order, now);
        }
        delivery["DocumentLines"].as_array().push_back(std::move(p.line));
    }
    recompute_totals(delivery);
    int entry = s.next_delivery_entry++;
    ++s.next_delivery_num;
    s.deliveries.emplace(entry, std::move(delivery));
    return entry;
}

std::optional<sl_error> cancel_delivery(store& s, int entry, const sim_time& now) {
    auto it = s.deliveries.find(entry);
    if (it == s.deliveries.end()) return no_matching_records();
    boost::json::object& delivery = it->second;
    if (string_or(delivery, "CancelStatus") != "csNo")
        return business_error(-5002, "Document is already cancelled or is a cancellation document");
    // The stock comes back under the cancellation document that the end of this function adds.
    const stock_posting posting{trans_type::cancellation, s.next_delivery_entry, now.date};
    for (const auto& v : delivery["DocumentLines"].as_array()) {
        const auto& line = v.as_object();
        std::string code = string_or(line, "ItemCode"), warehouse = string_or(line, "WarehouseCode");
        post_stock(s, code, warehouse, number_or(line, "Quantity", 0), posting, now);
        if (const auto* batches = line.if_contains("BatchNumbers"); batches && batches->is_array())
            for (const auto& b : batches->get_array())
                s.batch_stock[{code, string_or(b.as_object(), "BatchNumber"), warehouse}] +=
                    number_or(b.as_object(), "Quantity", 0);
        restore_order_line(s, line, now);
    }
    // B1 keeps the original (marked cancelled) and adds a cancellation document that reverses it.
    boost::json::object reversal = delivery;
    delivery["Cancelled"] = "tYES";
    delivery["CancelStatus"] = "csCancelled";
    delivery["CancelDate"] = now.date;
    delivery["DocumentStatus"] = closed_status;
    for (auto& l : delivery["DocumentLines"].as_array()) l.as_object()["LineStatus"] = closed_status;
    touch(delivery, now);

    int reversal_entry = s.next_delivery_entry++;
    reversal["DocEntry"] = reversal_entry;
    reversal["DocNum"] = s.next_delivery_num++;
    reversal["CancelStatus"] = "csCancellation";
    reversal["DocumentStatus"] = closed_status;
    reversal["DocDate"] = now.date;
    reversal["CreationDate"] = now.date;
    for (auto& l : reversal["DocumentLines"].as_array()) {
        l.as_object()["LineStatus"] = closed_status;
        l.as_object()["RemainingOpenQuantity"] = 0.0;
        l.as_object()["BaseType"] = 15;
        l.as_object()["BaseEntry"] = entry;
        l.as_object()["BaseLine"] = l.as_object()["LineNum"];
    }
    touch(reversal, now);
    s.deliveries.emplace(reversal_entry, std::move(reversal));
    return std::nullopt;
}

std::optional<sl_error> patch_delivery(store& s, int entry, const boost::json::object& patch,
                                       const sim_time& now) {
    auto it = s.deliveries.find(entry);
    if (it == s.deliveries.end()) return no_matching_records();
    if (auto e = check_properties(s, "DeliveryNotes", patch)) return *e;
    if (patch.contains("DocumentLines") || patch.contains("CardCode"))
        return business_error(-5002, "Cannot update the lines or the business partner of a posted delivery");
    merge_patch(it->second, patch, document_read_only());
    touch(it->second, now);
    return std::nullopt;
}

}  // namespace mlc::sim::sap
