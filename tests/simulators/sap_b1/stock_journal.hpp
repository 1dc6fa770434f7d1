// The warehouse journal (OINM): stock postings that move InStock, the rows the journal query answers, the
// warehouse stock rows (OITW) and goods receipts or issues booked by hand.
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::sim::sap {

// OINM.TransType of the postings the simulator makes.
namespace trans_type {
inline constexpr int delivery = 15;
inline constexpr int cancellation = 16;  // the simulator's delivery cancellations and returns
inline constexpr int goods_receipt = 59;
inline constexpr int goods_issue = 60;
}  // namespace trans_type

// What posted a stock movement: the journal row's TransType, CreatedBy (DocEntry) and DocDate.
struct stock_posting {
    int trans_type = trans_type::goods_receipt;
    int created_by = 0;
    std::string doc_date;
};

// Moves `item`'s InStock in `warehouse` by `delta` (adjust_stock) and appends a journal row (InQty for a
// positive delta, OutQty for a negative one) written `now`; a zero delta or an unknown item does nothing.
// The item's UpdateDate and UpdateTime stay: whether a stock posting changes them in B1 is unknown
// (reference §8.6.2), so a connector must not rely on it. Throws std::bad_alloc only.
void post_stock(store& s, std::string_view item, std::string_view warehouse, double delta,
                const stock_posting& posting, const sim_time& now);

// The journal rows with TransNum greater than `after`, in TransNum order, as the stored query over OINM
// answers them: TransNum, TransType, CreatedBy, ItemCode, Warehouse, InQty, OutQty, DocDate, CreateDate.
// Throws std::bad_alloc only.
std::vector<boost::json::object> journal_rows_after(const store& s, std::int64_t after);

// Every item's stock per warehouse as a query over OITW answers it (ItemCode, WhsCode, OnHand, IsCommited,
// OnOrder), in item then warehouse order; only `item_code` / `warehouse` when not empty. Throws
// std::bad_alloc only.
std::vector<boost::json::object> warehouse_stock_rows(const store& s, std::string_view item_code,
                                                      std::string_view warehouse);

// A goods receipt (59) or issue (60) someone books directly in SAP: {"ItemCode","WarehouseCode"} with
// "delta" (the change) or "in_stock" (the new stock there), optional "DocDate". Returns the error for a
// missing or malformed field, an unknown item (-2028), a batch-managed item (its stock moves by batch:
// /_control/batches) or stock that would fall below zero (-10).
std::optional<sl_error> book_stock_by_hand(store& s, const boost::json::object& body, const sim_time& now);

}  // namespace mlc::sim::sap
