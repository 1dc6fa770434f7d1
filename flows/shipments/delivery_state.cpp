// A delivery job's starting state, read from the database, and the facts its step is chosen from.
#include "flows/shipments/delivery_state.hpp"

#include "db/sku_map.hpp"
#include "flows/shipments/delivery_lines.hpp"
#include "flows/shipments/delivery_writer.hpp"

namespace mlc::flows::shipments {

namespace links = db::shipment_links;
namespace orders = db::order_links;

delivery_state load_delivery_state(pqxx::work& w, links::link_kind kind, std::int64_t id) {
    delivery_state out;
    out.link = links::find(w, kind, id);
    if (!out.link) return out;
    // The sales order through its exact link: the orderKey the connector sent, or for a fulfillment (which
    // carries none) the ShipStation orderId.
    if (!out.link->order_key.empty())
        out.order = orders::find_by_key(w, out.link->order_key);
    else if (out.link->shipstation_order_id)
        out.order = orders::find_by_shipstation_order_id(w, *out.link->shipstation_order_id);
    if (out.order) out.conflict = order_conflict(*out.link, *out.order);
    out.mapped_skus = db::sku_map::item_codes_for_skus(w, shipped_skus(shipment_items_of(out.link->payload)));
    return out;
}

delivery_facts facts_of(const delivery_state& state, const delivery_settings& settings) {
    delivery_facts facts;
    facts.link_found = state.link.has_value();
    if (state.link) {
        facts.voided = state.link->voided;
        facts.cancelled = state.link->state == links::link_state::cancelled;
        facts.delivery_recorded = state.link->delivery_doc_entry.has_value();
        facts.order_update = state.link->order_update_state;
        facts.in_doubt_for = state.link->in_doubt_for;
    }
    facts.order_known = state.order.has_value();
    facts.order_conflict = state.conflict;
    facts.cancel_on_void = settings.cancel_on_void;
    facts.doubt_settle = settings.doubt_settle;
    return facts;
}

}  // namespace mlc::flows::shipments
