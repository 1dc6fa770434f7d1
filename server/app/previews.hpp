// The previews of what the flows would send (an order to ShipStation, a shipment's delivery to SAP), built
// once from the configuration for the admin API and `ml-connector preview`, answered as JSON.
#pragma once

#include "clients/sap/client.hpp"
#include "common/config.hpp"
#include "db/database.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/orders/order_preview.hpp"
#include "flows/orders/orders_settings.hpp"
#include "flows/shipments/delivery_preview.hpp"
#include "flows/shipments/delivery_writer.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>

namespace mlc::server::app {

// A preview's answer: found (false: no such order in SAP, or no such shipment recorded), failed (SAP or the
// database could not say; `json` holds {"error"}), and the JSON to show.
struct preview_answer {
    bool found = false;
    bool failed = false;
    boost::json::object json;
};

class previews {
public:
    // Settings as the flows derive them from `cfg`. References must outlive the object. Throws
    // std::runtime_error for an unknown time zone (the loader has checked it), std::bad_alloc.
    previews(const app_config& cfg, db::database& database, clients::sap::client& sap);

    // {"doc_num":N,"orders":[flows::orders::to_json(...)]}: every open or closed SAP order numbered
    // `doc_num`, or only DocEntry `doc_entry`; not found when none is. Writes nothing. Throws std::bad_alloc.
    boost::asio::awaitable<preview_answer> order(int doc_num, std::optional<int> doc_entry);

    // flows::shipments::to_json(...) for shipment `shipment_id`; not found when it is not recorded. Writes
    // nothing. Throws std::bad_alloc.
    boost::asio::awaitable<preview_answer> delivery(std::int64_t shipment_id);

private:
    flows::orders::orders_settings orders_settings_;
    flows::items::items_settings items_settings_;
    flows::items::item_reader items_;
    flows::orders::order_previewer orders_;
    flows::shipments::delivery_settings delivery_settings_;
    flows::shipments::delivery_previewer deliveries_;
};

}  // namespace mlc::server::app
