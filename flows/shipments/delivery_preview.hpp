// What the delivery writer would write to SAP for one ShipStation shipment now (the delivery and the sales
// order's PATCH after it), or why it would not, computed with the writer's own state, step choice and
// request building, without writing anything anywhere.
#pragma once

#include "clients/sap/client.hpp"
#include "db/database.hpp"
#include "flows/shipments/delivery_state.hpp"
#include "flows/shipments/delivery_writer.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace mlc::flows::shipments {

struct delivery_preview {
    std::int64_t shipment_id = 0;
    bool recorded = false;  // the connector has the shipment (its SHIP_NOTIFY was fetched)
    bool would_send =
        false;          // a delivery job now would post `delivery` (or, when it exists, PATCH the order)
    std::string step;   // the writer's step: "post", "look_then_post", "patch_order", "skip", ...
    std::string stamp;  // the idempotency stamp ("SS-SHIP-<id>")
    std::optional<boost::json::object> delivery;        // the POST /DeliveryNotes body
    std::optional<boost::json::object> order_patch;     // the PATCH /Orders(order_doc_entry) body after it
    std::optional<int> order_doc_entry, order_doc_num;  // the shipment's sales order
    std::optional<int> delivery_doc_entry, delivery_doc_num;  // the delivery already written
    std::string reason;                                       // why it would (not) be sent, for a person
};

// {"shipment_id","recorded","would_send","step","stamp","delivery","order_patch","order":{doc_entry,doc_num},
// "existing_delivery":{doc_entry,doc_num},"reason"} (null for what is unset). Throws std::bad_alloc only.
boost::json::object to_json(const delivery_preview& p);

class delivery_previewer {
public:
    // References must outlive the previewer.
    delivery_previewer(db::database& database, clients::sap::client& sap, const delivery_settings& settings);

    // The preview for shipment `shipment_id` as recorded (its SHIP_NOTIFY fetched). Reads the database and
    // SAP (the order, the items of unmapped SKUs, batches and serial numbers); writes nothing. SAP's errors
    // become the reason. Throws database errors, std::bad_alloc.
    boost::asio::awaitable<delivery_preview> preview(std::int64_t shipment_id);

private:
    // The post step's delivery and the order PATCH after it (or why not), into `p`.
    boost::asio::awaitable<void> preview_post(delivery_preview& p, const delivery_state& state,
                                              bool first_attempt);
    // The order PATCH left after the delivery (or why not), into `p`.
    boost::asio::awaitable<void> preview_patch(delivery_preview& p, const delivery_state& state);
    // The delivery's DocDate, as the writer chooses it.
    std::chrono::sys_days day_of(const db::shipment_links::shipment_link& link) const;

    db::database& db_;
    clients::sap::client& sap_;
    delivery_settings settings_;  // the writer's, except that a missing stored query is reported, not created
};

}  // namespace mlc::flows::shipments
