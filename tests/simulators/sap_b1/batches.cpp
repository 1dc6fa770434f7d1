// Batch stock rows for the stored batch stock query, and setting a batch through the control interface.
#include "tests/simulators/sap_b1/batches.hpp"

#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"

#include <array>
#include <utility>

namespace mlc::sim::sap {

namespace {

// BatchNumberDetails' Status names and OBTN.Status, the database value an SQL query reads.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> statuses{{
    {"bdsStatus_Released", "0"},
    {"bdsStatus_NotAccessible", "1"},
    {"bdsStatus_Locked", "2"},
}};

std::optional<std::string_view> status_db_value(std::string_view name) {
    for (const auto& [status, db] : statuses)
        if (status == name) return db;
    return std::nullopt;
}

const boost::json::object* batch_detail(const store& s, std::string_view item, std::string_view batch) {
    for (const auto& [entry, d] : s.batch_details)
        if (string_or(d, "ItemCode") == item && string_or(d, "Batch") == batch) return &d;
    return nullptr;
}

boost::json::object* batch_detail(store& s, std::string_view item, std::string_view batch) {
    return const_cast<boost::json::object*>(batch_detail(std::as_const(s), item, batch));
}

// A date field of a control body: absent, null, or a date in a form Service Layer reads.
bool valid_date_field(const boost::json::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    return !v || v->is_null() || (v->is_string() && normalize_date(v->get_string()));
}

}  // namespace

boost::json::array batch_stock_rows(const store& s, std::string_view item, std::string_view warehouse) {
    boost::json::array rows;
    for (const auto& [key, quantity] : s.batch_stock) {
        const auto& [code, batch, whs] = key;
        if (code != item || whs != warehouse || quantity <= 0) continue;
        const auto* detail = batch_detail(s, code, batch);
        auto date = [&](std::string_view field) -> boost::json::value {
            if (!detail || !detail->contains(field)) return nullptr;
            return detail->at(field);
        };
        std::string status =
            detail ? string_or(*detail, "Status", "bdsStatus_Released") : "bdsStatus_Released";
        rows.push_back(boost::json::object{{"ItemCode", code},
                                           {"BatchNumber", batch},
                                           {"WhsCode", whs},
                                           {"Available", quantity},
                                           {"AdmissionDate", date("AdmissionDate")},
                                           {"ExpirationDate", date("ExpirationDate")},
                                           {"Status", status_db_value(status).value_or("0")}});
    }
    return rows;
}

std::optional<sl_error> put_batch(store& s, const boost::json::object& body, const sim_time& now) {
    std::string item = string_or(body, "ItemCode"), batch = string_or(body, "Batch");
    if (item.empty() || batch.empty()) return business_error(-1000, "ItemCode and Batch are required");
    auto it = s.items.find(item);
    if (it == s.items.end()) return no_matching_records();
    std::optional<double> quantity;
    if (const auto* q = body.if_contains("Quantity")) {
        if (!q->is_number() || q->to_number<double>() < 0)
            return business_error(-1000, "Quantity must be a number of at least 0");
        quantity = q->to_number<double>();
    }
    std::string warehouse = string_or(body, "WarehouseCode");
    if (quantity && warehouse.empty()) return business_error(-1000, "a Quantity needs its WarehouseCode");
    std::string status = string_or(body, "Status");
    if (!status.empty() && !status_db_value(status))
        return business_error(
            -1000, "Status must be bdsStatus_Released, bdsStatus_NotAccessible or bdsStatus_Locked");
    for (std::string_view key : {"ExpirationDate", "AdmissionDate"})
        if (!valid_date_field(body, key))
            return business_error(-1000, std::string(key) + " must be a date or null");

    // Everything is checked: only now does anything change.
    boost::json::object* detail = batch_detail(s, item, batch);
    boost::json::object fresh;
    if (!detail) {
        int entry = s.batch_details.empty() ? 1 : s.batch_details.rbegin()->first + 1;
        fresh = {{"DocEntry", entry},
                 {"ItemCode", item},
                 {"ItemDescription", string_or(it->second, "ItemName")},
                 {"Status", "bdsStatus_Released"},
                 {"Batch", batch},
                 {"BatchAttribute1", nullptr},
                 {"BatchAttribute2", nullptr},
                 {"AdmissionDate", now.date},
                 {"ManufacturingDate", nullptr},
                 {"ExpirationDate", nullptr},
                 {"Details", nullptr},
                 {"SystemNumber", entry}};
        detail = &fresh;
    }
    for (std::string_view key : {"ExpirationDate", "AdmissionDate"})
        if (const auto* v = body.if_contains(key))
            (*detail)[key] = v->is_null() ? boost::json::value(nullptr)
                                          : boost::json::value(*normalize_date(v->get_string()));
    if (!status.empty()) (*detail)["Status"] = status;
    if (detail == &fresh) s.batch_details.emplace(fresh.at("DocEntry").as_int64(), std::move(fresh));
    if (quantity) {
        double& stock = s.batch_stock[{item, batch, warehouse}];
        const double delta = *quantity - stock;
        stock = *quantity;
        if (delta != 0) {
            int entry = s.next_inventory_entry++;
            post_stock(s, item, warehouse, delta,
                       {delta > 0 ? trans_type::goods_receipt : trans_type::goods_issue, entry, now.date},
                       now);
        }
    }
    return std::nullopt;
}

}  // namespace mlc::sim::sap
