// The sales order's shipping fields and the delivery's date.
#include "flows/shipments/order_shipping_update.hpp"

#include "common/local_day.hpp"
#include "common/setting_parsers.hpp"

namespace mlc::flows::shipments {

std::string_view status_text(shipping_status status) noexcept {
    switch (status) {
        case shipping_status::shipped:
            return "Shipped";
        case shipping_status::partially_shipped:
            return "Partially shipped";
        case shipping_status::label_voided:
            return "Label voided";
        case shipping_status::delivery_cancelled:
            return "Label voided, delivery cancelled";
    }
    return "Shipped";
}

std::chrono::sys_days delivery_date(const db::shipment_links::shipment_link& link,
                                    const date::time_zone& company_zone,
                                    std::chrono::system_clock::time_point now) {
    if (link.ship_date) return *link.ship_date;
    return local_day(company_zone, link.shipstation_created_at.value_or(now));
}

std::optional<clients::sap::order_update> shipped_order_update(const order_fields& fields,
                                                               const db::shipment_links::shipment_link& link,
                                                               std::chrono::sys_days delivery_day,
                                                               std::optional<shipping_status> status) {
    clients::sap::order_update u;
    if (!link.tracking_number.empty()) u.tracking_number = link.tracking_number;
    if (!fields.carrier.empty()) u.user_fields[fields.carrier] = link.carrier_code;
    if (!fields.service.empty()) u.user_fields[fields.service] = link.service_code;
    if (!fields.ship_date.empty()) u.user_fields[fields.ship_date] = format_date(delivery_day);
    if (!fields.status.empty() && status) u.user_fields[fields.status] = status_text(*status);
    if (!u.tracking_number && u.user_fields.empty()) return std::nullopt;
    return u;
}

std::optional<clients::sap::order_update> voided_order_update(const order_fields& fields,
                                                              bool delivery_cancelled) {
    if (fields.status.empty()) return std::nullopt;
    clients::sap::order_update u;
    u.user_fields[fields.status] =
        status_text(delivery_cancelled ? shipping_status::delivery_cancelled : shipping_status::label_voided);
    return u;
}

}  // namespace mlc::flows::shipments
