// The delivery writer's decisions, as pure functions of what is stored and what SAP answered: which step a
// job takes, whether a stamped document SAP returned is this shipment's, and what a POST's answer means.
//
// The contract (exactly one delivery per shipment, whatever fails):
// - "Has a delivery been written?" is read from the shipment link, never from a job's attempt counter (an
//   operator's replay and a void reset that): a recorded DocEntry means the delivery exists, so only the
//   order's update can be left; an in-doubt mark (set before a POST or a cancel, cleared only by a definite
//   answer) means a document may exist, so SAP is searched by the stamp first, and only once SAP has had
//   time to finish what it may still be doing (`doubt_settle`).
// - A stamped document is ours only when it carries the exact stamp and every line is based on this
//   shipment's sales order.
// - A -2028 on the POST is an approval procedure only when a stamped draft exists; otherwise SAP's message
//   (an invalid code) is the dead letter's reason.
#pragma once

#include "clients/call_error.hpp"
#include "clients/sap/deliveries.hpp"
#include "clients/sap/documents.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

// What the writer knows before calling SAP.
struct delivery_facts {
    bool link_found = true;
    bool voided = false;
    bool cancelled = false;          // its delivery was cancelled after a void
    bool delivery_recorded = false;  // the link names its delivery's DocEntry
    // The sales order's update after the delivery; nullopt: none recorded (no delivery yet, or written before
    // order updates were tracked: taken as done).
    std::optional<db::shipment_links::order_update> order_update;
    // The in-doubt mark, and how long ago it was set (nullopt: no mark).
    std::optional<std::chrono::milliseconds> in_doubt_for;
    bool order_known = false;  // the link's sales order was found through its exact order link
    std::optional<std::string>
        order_conflict;           // why the shipment disagrees with that link (orderId, storeId)
    bool cancel_on_void = false;  // MLC_VOID_POLICY=cancel
    std::chrono::milliseconds doubt_settle{60000};  // how long SAP may still be finishing a lost POST
};

enum class delivery_step {
    nothing,         // already handled: delivered and the order updated, cancelled, or no link
    post,            // no document can exist: map the lines and post the delivery
    look_then_post,  // a POST may have committed: search by the stamp (deliveries, then drafts) first
    patch_order,     // the delivery exists: only the sales order's update is left
    cancel,          // voided after its delivery (MLC_VOID_POLICY=cancel); look first when in doubt
    look_then_void,  // voided while a POST was in doubt: search first, then handle the void of what exists
    note_void,       // voided after its delivery (MLC_VOID_POLICY=flag): the delivery stays
    skip,            // nothing to deliver (reason)
    refuse,          // a dead letter at once (reason): the shipment disagrees with its order's link
    wait,            // an in-doubt mark younger than doubt_settle: try again after `wait_for`
};

struct step_choice {
    delivery_step step = delivery_step::nothing;
    std::string reason;                     // skip, refuse
    std::chrono::milliseconds wait_for{0};  // wait
};

// The step for `f`. Never throws except std::bad_alloc.
step_choice choose_step(const delivery_facts& f);

// Why `shipment` disagrees with the order link its orderKey (or orderId) named: ShipStation's orderId is not
// the one the connector's order got, or the shipment's store is not the one the order was sent to. nullopt
// when they agree (or either side does not say). Never throws except std::bad_alloc.
std::optional<std::string> order_conflict(const db::shipment_links::shipment_link& shipment,
                                          const db::order_links::order_link& order);

// Whether the job needs SAP (and so the order's lock and a kept lease). Never throws.
bool calls_sap(delivery_step step) noexcept;

// The stamp written into Comments: a delimited token, so that a stamp is never found inside another
// ("[SS-SHIP-12]" is not part of "[SS-SHIP-123]"). Never throws except std::bad_alloc.
std::string comments_token(const std::string& stamp);

// True when `doc` carries exactly `where` (the delimited token in Comments, or the UDF's whole value).
// Never throws.
bool carries_stamp(const clients::sap::document& doc, const clients::sap::delivery_stamp& where) noexcept;

// True when every line of `doc` is based on sales order `order_doc_entry` (BaseType 17). Never throws.
bool based_on_order(const clients::sap::document& doc, int order_doc_entry) noexcept;

// This shipment's document among what a stamp search returned: the exact stamp and based on the order; an
// open one before a cancelled one (a cancelled original is returned only when no other matches). nullopt
// when none is. Never throws except std::bad_alloc.
std::optional<clients::sap::document> ours(const std::vector<clients::sap::document>& candidates,
                                           const clients::sap::delivery_stamp& where, int order_doc_entry);

// What a POST /DeliveryNotes answer means for the shipment.
enum class post_meaning {
    delivered,      // created: record it
    draft_waiting,  // an approval procedure saved a draft: a dead letter until someone approves it
    check_drafts,   // -2028: an approval procedure's draft, or an invalid referenced code; drafts tell
    refused,        // any other business error: a dead letter with SAP's message, nothing was posted
    in_doubt,       // it may have been posted: keep the mark, retry (which searches first)
    not_posted,     // certainly not posted (no connection, login refused): clear the mark, retry
};

// Never throws.
post_meaning meaning_of(const clients::outcome<clients::sap::created_delivery>& answer) noexcept;

// What an order update's failure means: refused by SAP's rules (kept with SAP's message, not retried) or
// a failure to retry. Never throws.
bool refused_by_sap(const clients::error& e) noexcept;

}  // namespace mlc::flows::shipments
