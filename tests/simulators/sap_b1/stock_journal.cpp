// Stock postings with their warehouse journal rows, and the rows the OINM and OITW queries answer.
#include "tests/simulators/sap_b1/stock_journal.hpp"

#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace mlc::sim::sap {

namespace {

double warehouse_stock(const boost::json::object& item, std::string_view warehouse) {
    const auto* rows = item.if_contains("ItemWarehouseInfoCollection");
    if (!rows || !rows->is_array()) return 0;
    for (const auto& r : rows->get_array())
        if (string_or(r.as_object(), "WarehouseCode") == warehouse)
            return number_or(r.as_object(), "InStock", 0);
    return 0;
}

}  // namespace

void post_stock(store& s, std::string_view item, std::string_view warehouse, double delta,
                const stock_posting& posting, const sim_time& now) {
    if (delta == 0 || !s.items.contains(item)) return;
    adjust_stock(s, item, warehouse, delta, 0);
    journal_entry row;
    row.trans_num = s.next_trans_num++;
    row.trans_type = posting.trans_type;
    row.created_by = posting.created_by;
    row.item_code = item;
    row.warehouse = warehouse;
    row.in_qty = delta > 0 ? round_to(delta, 6) : 0;
    row.out_qty = delta < 0 ? round_to(-delta, 6) : 0;
    row.doc_date = posting.doc_date.empty() ? now.date : posting.doc_date;
    row.create_date = now.date;
    s.journal.push_back(std::move(row));
}

std::vector<boost::json::object> journal_rows_after(const store& s, std::int64_t after) {
    // The journal is appended in TransNum order: the first row after `after` is found by bisection.
    auto first = std::upper_bound(s.journal.begin(), s.journal.end(), after,
                                  [](std::int64_t n, const journal_entry& e) { return n < e.trans_num; });
    std::vector<boost::json::object> out;
    for (auto it = first; it != s.journal.end(); ++it)
        out.push_back({{"TransNum", it->trans_num},
                       {"TransType", it->trans_type},
                       {"CreatedBy", it->created_by},
                       {"ItemCode", it->item_code},
                       {"Warehouse", it->warehouse},
                       {"InQty", it->in_qty},
                       {"OutQty", it->out_qty},
                       {"DocDate", it->doc_date},
                       {"CreateDate", it->create_date}});
    return out;
}

std::vector<boost::json::object> warehouse_stock_rows(const store& s, std::string_view item_code,
                                                      std::string_view warehouse) {
    std::vector<boost::json::object> out;
    for (const auto& [code, item] : s.items) {
        if (!item_code.empty() && code != item_code) continue;
        const auto* rows = item.if_contains("ItemWarehouseInfoCollection");
        if (!rows || !rows->is_array()) continue;
        for (const auto& r : rows->get_array()) {
            const auto& w = r.as_object();
            if (!warehouse.empty() && string_or(w, "WarehouseCode") != warehouse) continue;
            out.push_back({{"ItemCode", code},
                           {"WhsCode", string_or(w, "WarehouseCode")},
                           {"OnHand", number_or(w, "InStock", 0)},
                           {"IsCommited", number_or(w, "Committed", 0)},
                           {"OnOrder", number_or(w, "Ordered", 0)}});
        }
    }
    return out;
}

std::optional<sl_error> book_stock_by_hand(store& s, const boost::json::object& body, const sim_time& now) {
    std::string code = string_or(body, "ItemCode"), warehouse = string_or(body, "WarehouseCode");
    if (code.empty() || warehouse.empty())
        return business_error(-1000, "ItemCode and WarehouseCode are required");
    const auto* delta_v = body.if_contains("delta");
    const auto* set_v = body.if_contains("in_stock");
    if ((delta_v == nullptr) == (set_v == nullptr) || !(delta_v ? delta_v : set_v)->is_number())
        return business_error(-1000, "exactly one of delta and in_stock, a number, is required");
    std::string doc_date = now.date;
    if (const auto* d = body.if_contains("DocDate")) {
        auto day = d->is_string() ? normalize_date(d->get_string()) : std::nullopt;
        if (!day) return business_error(-1000, "DocDate must be a date");
        doc_date = *day;
    }
    auto it = s.items.find(code);
    if (it == s.items.end()) return no_matching_records();
    if (string_or(it->second, "ManageBatchNumbers") == "tYES")
        return business_error(
            -1000, "Item '" + code + "' is managed by batches: set its stock with /_control/batches");
    double before = warehouse_stock(it->second, warehouse);
    double delta = delta_v ? delta_v->to_number<double>() : set_v->to_number<double>() - before;
    if (before + delta < -1e-9)
        return business_error(-10, "Quantity falls into negative inventory for item '" + code +
                                       "' in warehouse '" + warehouse + "'");
    if (delta == 0) return std::nullopt;
    int entry = s.next_inventory_entry++;
    post_stock(s, code, warehouse, delta,
               {delta > 0 ? trans_type::goods_receipt : trans_type::goods_issue, entry, doc_date}, now);
    return std::nullopt;
}

}  // namespace mlc::sim::sap
