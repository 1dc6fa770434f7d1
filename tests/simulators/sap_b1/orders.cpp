// Order creation, differential update and actions, keeping Committed stock in step with open quantities.
#include "tests/simulators/sap_b1/orders.hpp"

#include "tests/simulators/sap_b1/document_model.hpp"

#include <boost/json/array.hpp>

#include <limits>
#include <utility>
#include <vector>

namespace mlc::sim::sap {

namespace {

struct stock_move {
    std::string item;
    std::string warehouse;
    double committed = 0;
};

bool line_open(const boost::json::object& l) {
    return string_or(l, "LineStatus") == open_status;
}

// Fills a line the client sent without a stored counterpart; the error names the line.
std::optional<sl_error> complete_new_line(store& s, boost::json::object& line, const std::string& due_date) {
    std::string code = string_or(line, "ItemCode");
    auto item = s.items.find(code);
    if (code.empty() || item == s.items.end()) return no_matching_records();
    double quantity = number_or(line, "Quantity", 0);
    if (quantity <= 0)
        return business_error(-5002, "Quantity must be greater than zero (line " +
                                         std::to_string(integer_of(line, "LineNum").value_or(0)) + ")");
    double price = number_or(line, "Price", number_or(line, "UnitPrice", item_price(item->second)));
    std::string warehouse =
        string_or(line, "WarehouseCode", string_or(item->second, "DefaultWarehouse", "01"));
    boost::json::object full = new_line(item->second, integer_of(line, "LineNum").value_or(0), quantity,
                                        price, warehouse, string_or(line, "ShipDate", due_date));
    for (const auto& [name, value] : line)
        if (!document_read_only().read_only.contains(std::string_view(name))) full[name] = value;
    full["Quantity"] = quantity;  // stored as decimals, whatever number form the client sent
    full["Price"] = price;
    full["UnitPrice"] = number_or(full, "UnitPrice", price);
    full["InventoryQuantity"] = quantity;
    full["RemainingOpenQuantity"] = quantity;
    full["RemainingOpenInventoryQuantity"] = quantity;
    line = std::move(full);
    return std::nullopt;
}

void apply_moves(store& s, const std::vector<stock_move>& moves) {
    for (const auto& m : moves) adjust_stock(s, m.item, m.warehouse, 0, m.committed);
}

}  // namespace

sl_result<int> create_order(store& s, const boost::json::object& body, const sim_time& now) {
    if (auto e = check_properties(s, "Orders", body)) return *e;
    auto partner = s.partners.find(string_or(body, "CardCode"));
    if (partner == s.partners.end()) return no_matching_records();
    const auto* lines = body.if_contains("DocumentLines");
    if (!lines || !lines->is_array() || lines->get_array().empty())
        return business_error(-5002, "Cannot add a document without lines");

    // The series the client chose (default: the primary one) numbers the order: DocNum is its next number.
    const auto series = integer_of(body, "Series").value_or(default_order_series);
    if (series <= 0) return business_error(-1000, "Series must be a positive number");
    int& next_num = s.next_order_num.try_emplace(static_cast<int>(series), 1).first->second;

    boost::json::object order = new_document(partner->second, "oOrders", s.next_order_entry, next_num, now);
    boost::json::object header = body;
    header.erase("DocumentLines");
    merge_patch(order, header, document_read_only());
    order["Series"] = series;
    std::string due = string_or(order, "DocDueDate", now.date);
    std::vector<stock_move> moves;
    std::int64_t line_num = 0;
    for (const auto& sent : lines->get_array()) {
        boost::json::object line = sent.as_object();
        line["LineNum"] = line_num++;
        if (auto e = complete_new_line(s, line, due)) return *e;
        moves.push_back(
            {string_or(line, "ItemCode"), string_or(line, "WarehouseCode"), number_or(line, "Quantity", 0)});
        order["DocumentLines"].as_array().push_back(std::move(line));
    }
    recompute_totals(order);
    apply_moves(s, moves);
    int entry = s.next_order_entry++;
    ++next_num;
    s.orders.emplace(entry, std::move(order));
    return entry;
}

std::optional<sl_error> set_next_order_number(store& s, std::int64_t series, std::int64_t next_number) {
    if (series <= 0 || series > std::numeric_limits<int>::max() || next_number <= 0 ||
        next_number > std::numeric_limits<int>::max())
        return business_error(-1000, "Series and NextNumber must be positive numbers");
    s.next_order_num[static_cast<int>(series)] = static_cast<int>(next_number);
    return std::nullopt;
}

std::optional<sl_error> patch_order(store& s, int entry, const boost::json::object& patch,
                                    bool replace_collections, const sim_time& now) {
    auto it = s.orders.find(entry);
    if (it == s.orders.end()) return no_matching_records();
    if (auto e = check_properties(s, "Orders", patch)) return *e;
    const boost::json::object& old = it->second;
    bool closed = string_or(old, "DocumentStatus") != open_status;
    if (closed && patch.contains("DocumentLines"))
        return business_error(-5002, "Cannot change the lines of a closed or cancelled document");

    boost::json::object updated = old;
    merge_patch(updated, patch, document_read_only(replace_collections));
    std::string due = string_or(updated, "DocDueDate", now.date);
    std::vector<stock_move> moves;
    for (auto& v : updated["DocumentLines"].as_array()) {
        auto& line = v.as_object();
        auto num = integer_of(line, "LineNum").value_or(-1);
        const boost::json::object* before = find_line(old, num);
        if (!before) {
            if (auto e = complete_new_line(s, line, due)) return *e;
            moves.push_back({string_or(line, "ItemCode"), string_or(line, "WarehouseCode"),
                             number_or(line, "Quantity", 0)});
            continue;
        }
        double delivered = number_or(*before, "Quantity", 0) - number_or(*before, "RemainingOpenQuantity", 0);
        double quantity = number_or(line, "Quantity", 0);
        bool moved = string_or(line, "ItemCode") != string_or(*before, "ItemCode") ||
                     string_or(line, "WarehouseCode") != string_or(*before, "WarehouseCode");
        if (quantity < delivered || (delivered > 0 && moved) || quantity <= 0)
            return business_error(-5002,
                                  "Cannot change line " + std::to_string(num) +
                                      ": quantity below the delivered quantity, or item or warehouse of a "
                                      "delivered line");
        if (moved && !s.items.contains(string_or(line, "ItemCode"))) return no_matching_records();
        double open = quantity - delivered;
        line["Quantity"] = quantity;
        line["Price"] = number_or(line, "Price", 0);
        line["RemainingOpenQuantity"] = open;
        line["RemainingOpenInventoryQuantity"] = open;
        line["InventoryQuantity"] = quantity;
        if (line_open(*before)) {
            moves.push_back({string_or(*before, "ItemCode"), string_or(*before, "WarehouseCode"),
                             -number_or(*before, "RemainingOpenQuantity", 0)});
            moves.push_back({string_or(line, "ItemCode"), string_or(line, "WarehouseCode"), open});
        }
    }
    // With B1S-ReplaceCollectionsOnPatch a line left out is deleted: only if nothing of it was delivered.
    for (const auto& v : old.at("DocumentLines").as_array()) {
        const auto& line = v.as_object();
        auto num = integer_of(line, "LineNum").value_or(-1);
        if (find_line(std::as_const(updated), num)) continue;
        if (number_or(line, "Quantity", 0) != number_or(line, "RemainingOpenQuantity", 0))
            return business_error(-5002, "Cannot delete line " + std::to_string(num) + ": it was delivered");
        if (line_open(line))
            moves.push_back({string_or(line, "ItemCode"), string_or(line, "WarehouseCode"),
                             -number_or(line, "RemainingOpenQuantity", 0)});
    }
    recompute_totals(updated);
    touch(updated, now);
    apply_moves(s, moves);
    it->second = std::move(updated);
    return std::nullopt;
}

std::optional<sl_error> apply_order_action(store& s, int entry, order_action action, const sim_time& now) {
    auto it = s.orders.find(entry);
    if (it == s.orders.end()) return no_matching_records();
    boost::json::object& order = it->second;
    bool cancelled = string_or(order, "Cancelled") == "tYES";
    bool open = string_or(order, "DocumentStatus") == open_status;
    auto& lines = order["DocumentLines"].as_array();

    if (action == order_action::reopen) {
        if (cancelled || open) return business_error(-5002, "Document is not closed; it cannot be reopened");
        bool any = false;
        for (auto& v : lines) {
            auto& l = v.as_object();
            double rest = number_or(l, "RemainingOpenQuantity", 0);
            if (rest <= 0) continue;
            any = true;
            l["LineStatus"] = open_status;
            adjust_stock(s, string_or(l, "ItemCode"), string_or(l, "WarehouseCode"), 0, rest);
        }
        if (!any) return business_error(-5002, "Document is fully delivered; it cannot be reopened");
        order["DocumentStatus"] = open_status;
        order["ClosingDate"] = nullptr;
        touch(order, now);
        return std::nullopt;
    }
    if (cancelled) return business_error(-5002, "Document is already cancelled");
    if (!open) return business_error(-5002, "Document is already closed");
    if (action == order_action::cancel) {
        for (const auto& v : lines)
            if (number_or(v.as_object(), "Quantity", 0) !=
                number_or(v.as_object(), "RemainingOpenQuantity", 0))
                return business_error(-5002,
                                      "Cannot cancel a document that has been copied to a target document; "
                                      "close it instead");
    }
    for (auto& v : lines) {
        auto& l = v.as_object();
        if (line_open(l))
            adjust_stock(s, string_or(l, "ItemCode"), string_or(l, "WarehouseCode"), 0,
                         -number_or(l, "RemainingOpenQuantity", 0));
        l["LineStatus"] = closed_status;
    }
    order["DocumentStatus"] = closed_status;
    order["ClosingDate"] = now.date;
    if (action == order_action::cancel) {
        order["Cancelled"] = "tYES";
        order["CancelStatus"] = "csCancelled";
        order["CancelDate"] = now.date;
    }
    touch(order, now);
    return std::nullopt;
}

}  // namespace mlc::sim::sap
