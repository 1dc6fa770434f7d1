// What the orders flow would send to ShipStation for one SAP order now, or why it would not, computed with
// the intake's own selection, mapping and decision, without writing anything anywhere.
#pragma once

#include "clients/sap/client.hpp"
#include "db/database.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/orders/orders_settings.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::orders {

struct order_preview {
    int doc_entry = 0, doc_num = 0;
    bool would_send = false;  // a poll now would queue a push of `body`
    std::string operation;    // "create", "update" or "cancel" when would_send; "" otherwise
    // The createorders element as ShipStation would receive it (orderId included for an update); also when
    // nothing would be sent but the order maps (unchanged: what ShipStation has); nullopt when it does not
    // map (filtered, refused).
    std::optional<boost::json::object> body;
    std::string reason;                     // why it would (not) be sent, for a person
    std::optional<std::string> link_state;  // the stored order link's state; nullopt: never seen
    bool same_as_sent = false;              // `body` is what ShipStation last accepted for the order
};

// {"doc_entry","doc_num","would_send","operation","body","reason","link_state","same_as_sent"}. Throws
// std::bad_alloc only.
boost::json::object to_json(const order_preview& p);

class order_previewer {
public:
    // References must outlive the previewer.
    order_previewer(db::database& database, clients::sap::client& sap, const orders_settings& settings,
                    items::item_reader& items);

    // The preview of every SAP order numbered `doc_num` (one per numbering series), or only of DocEntry
    // `doc_entry` when given (then `doc_num` is ignored). Reads SAP (the orders, shipping types, customers,
    // items) and the order links; writes nothing. Returns the previews (none when no order has the number)
    // or why SAP could not say ("SAP Orders: ..."). Throws database errors, std::bad_alloc.
    boost::asio::awaitable<boost::system::result<std::vector<order_preview>, std::string>> preview(
        int doc_num, std::optional<int> doc_entry = std::nullopt);

private:
    db::database& db_;
    clients::sap::client& sap_;
    const orders_settings& settings_;
    items::item_reader& items_;
};

}  // namespace mlc::flows::orders
