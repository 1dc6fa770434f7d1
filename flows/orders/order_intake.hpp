// Intake of one SAP order version: in one transaction, decide what it means for ShipStation (nothing, a push,
// a cancel, a refusal) and record the decision: order link, job, audit rows.
#pragma once

#include "clients/sap/documents.hpp"
#include "flows/orders/intake_decision.hpp"
#include "flows/orders/order_audit.hpp"
#include "flows/orders/order_mapping.hpp"
#include "flows/orders/orders_settings.hpp"
#include "flows/orders/push_job.hpp"

#include <pqxx/transaction>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace mlc::flows::orders {

// What the intake needs besides the order: its partner (nullopt when SAP has none) and the shipping types.
struct intake_context {
    const orders_settings& settings;
    const std::map<int, std::string>& shipping_type_names;
    const item_facts& items;                       // the lines' SKUs and weights, by ItemCode
    bool align_products = false;                   // a pushed order's new SKUs get their products aligned
    std::chrono::milliseconds alignment_delay{0};  // how long after the push the product is looked for
    bool sync_stock = false;  // a changed order commits stock: its items' levels are synced
};

// "YYYY-MM-DD HH:MM:SS" of the order's UpdateDate and UpdateTime ("" parts when SAP sent none). Never throws
// except std::bad_alloc.
std::string sap_version_of(const clients::sap::document& order);

// SHA-256 (hex) of the order as SAP returned it. Throws std::bad_alloc, std::runtime_error from OpenSSL.
std::string raw_hash(const clients::sap::document& order);

// The orderKey a new link of `order` gets (make_order_key). Throws std::invalid_argument for a DocNum or
// DocEntry that is not positive, std::bad_alloc.
std::string new_order_key(const clients::sap::document& order, const orders_settings& settings);

// What decide_intake() decides `order` from (pure): `before` is the order's stored link (nullopt: new), whose
// orderKey is kept (`new_key` is used only for a new order); the selection, and the mapping when the order
// is selected for a push. The intake and the preview both build the facts here, so a preview decides from
// exactly what the intake would. Throws std::runtime_error from OpenSSL or a missing tz zone, std::bad_alloc.
intake_facts intake_facts_of(const clients::sap::document& order,
                             std::optional<db::order_links::order_link> before, const std::string& new_key,
                             const std::optional<partner_info>& partner, const intake_context& context);

// Records `order` and queues what it needs (decide_intake), all in `work` (the caller commits). A new order's
// link gets a key naming the document (make_order_key); an order already linked keeps the key ShipStation
// knows it by. Rows are locked per order, so concurrent intakes of one order serialize. Throws pqxx
// exceptions, std::invalid_argument for a DocNum or DocEntry that is not positive, std::bad_alloc.
intake_result take_in(pqxx::work& work, const clients::sap::document& order,
                      const std::optional<partner_info>& partner, const intake_context& context);

}  // namespace mlc::flows::orders
