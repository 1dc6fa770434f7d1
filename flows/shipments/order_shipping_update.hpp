// What the shipments flow writes on the sales order (only fields the connector owns) and the delivery's date:
// pure, so the rules are unit-tested without SAP.
#pragma once

#include "clients/sap/orders.hpp"
#include "db/shipment_links.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace mlc::flows::shipments {

// The sales order UDFs the operator chose (MLC_ORDER_*_FIELD); an empty name is not written.
struct order_fields {
    std::string carrier, service, ship_date, status;
};

enum class shipping_status { shipped, partially_shipped, label_voided, delivery_cancelled };

// The status text SAP users and the customer portal see. Never throws.
std::string_view status_text(shipping_status status) noexcept;

// The delivery's DocDate. shipDate is a calendar date the shipper chose (ShipStation writes it with a zero
// time), so it is taken as it is: read as an instant and moved to another zone it would shift a day for
// zones west of Pacific. Without one, the company's date (in `company_zone`) of the label's creation, and
// without that the company's date of `now`. Throws std::runtime_error if the zone's data cannot be read.
std::chrono::sys_days delivery_date(const db::shipment_links::shipment_link& link,
                                    const date::time_zone& company_zone,
                                    std::chrono::system_clock::time_point now);

// The PATCH of the sales order once the delivery of `link` exists: TrackingNumber (when the shipment has
// one: a fulfillment may not, and an earlier shipment's number then stays), and the configured carrier,
// service, ship date and status UDFs; nullopt when there is nothing to write. `status` is nullopt when the
// status field is not configured. Never throws except std::bad_alloc.
std::optional<clients::sap::order_update> shipped_order_update(const order_fields& fields,
                                                               const db::shipment_links::shipment_link& link,
                                                               std::chrono::sys_days delivery_day,
                                                               std::optional<shipping_status> status);

// The PATCH after a void of a delivered label (the status UDF only), or nullopt without a status field.
// Never throws except std::bad_alloc.
std::optional<clients::sap::order_update> voided_order_update(const order_fields& fields,
                                                              bool delivery_cancelled);

}  // namespace mlc::flows::shipments
