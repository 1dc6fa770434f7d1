// The SAP side of one delivery job.
#include "flows/shipments/delivery_steps.hpp"

#include "clients/sap/deliveries.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/sap/orders.hpp"
#include "common/json_fields.hpp"
#include "common/local_day.hpp"
#include "flows/shipments/delivery_lines.hpp"
#include "flows/shipments/line_allocations.hpp"
#include "flows/shipments/order_shipping_update.hpp"

#include <algorithm>

namespace mlc::flows::shipments {

std::string_view audit_action(side_step s) noexcept {
    switch (s) {
        case side_step::shipment_mapped:
            return "shipment_mapped";
        case side_step::order_patched:
            return "order_patched";
        case side_step::order_update_refused:
            return "order_update_refused";
        case side_step::order_update_failed:
            return "order_update_failed";
    }
    return "unknown";
}

bool is_failure(side_step s) noexcept {
    return s == side_step::order_update_refused || s == side_step::order_update_failed;
}

namespace {

namespace sap = clients::sap;
namespace links = db::shipment_links;
using links::order_update;
using kind = delivery_verdict::kind;

// The SAP calls of one job, with their guard.
struct step_context {
    sap::client& sap_client;
    const delivery_settings& settings;
    const step_input& in;
    step_guard& guard;

    // Where the stamp is: the configured UDF (its whole value), or Comments (a delimited token).
    sap::delivery_stamp where() const {
        if (settings.stamp_field.empty()) return {"Comments", comments_token(in.stamp)};
        return {settings.stamp_field, in.stamp};
    }
};

delivery_verdict outcome_of(kind what, std::string action, std::string reason = {},
                            bool keep_in_doubt = false) {
    delivery_verdict v;
    v.what = what;
    v.action = std::move(action);
    v.reason = std::move(reason);
    v.keep_in_doubt = keep_in_doubt;
    return v;
}

delivery_verdict lost() {
    return outcome_of(kind::lost, "", "another worker took the job over");
}

delivery_verdict failed(std::string reason, bool keep_in_doubt) {
    return outcome_of(kind::failed, "failed", std::move(reason), keep_in_doubt);
}

delivery_verdict dead(std::string reason, bool keep_in_doubt) {
    return outcome_of(kind::dead, "dead_lettered", std::move(reason), keep_in_doubt);
}

std::string waiting_for_approval(const sap::document& draft) {
    return "waiting for approval in SAP: an approval procedure saved the delivery as draft " +
           std::to_string(draft.doc_entry) +
           "; once it is approved, replay the order (the delivery is then "
           "found by its stamp)";
}

// The fields of an order PATCH, for the audit log.
boost::json::object fields_of(const sap::order_update& u) {
    boost::json::object o = u.user_fields;
    if (u.tracking_number) o["TrackingNumber"] = *u.tracking_number;
    return o;
}

// The batches and serial numbers given to the lines, for the audit trail: [{BaseLine, BatchNumbers,
// SerialNumbers}] of the lines that have any.
boost::json::array allocations_of(const sap::delivery_request& r) {
    boost::json::array out;
    for (const auto& l : r.lines) {
        if (l.batch_numbers.empty() && l.serial_numbers.empty()) continue;
        boost::json::object line{{"BaseLine", l.base_line}};
        if (!l.batch_numbers.empty()) line["BatchNumbers"] = sap::batch_numbers_json(l.batch_numbers);
        if (!l.serial_numbers.empty()) {
            boost::json::array serials;
            for (const auto& s : l.serial_numbers)
                serials.push_back(boost::json::value(s.internal_serial_number));
            line["SerialNumbers"] = std::move(serials);
        }
        out.push_back(std::move(line));
    }
    return out;
}

std::optional<int> transportation_code(const delivery_settings& s, const links::shipment_link& link) {
    auto find = [&](const std::string& key) -> std::optional<int> {
        for (const auto& [k, code] : s.carrier_map)
            if (k == key) return code;
        return std::nullopt;
    };
    if (auto c = find(link.carrier_code + "/" + link.service_code)) return c;
    return find(link.carrier_code);
}

// What a stamp search found.
struct search_result {
    enum class what { found, draft, none, error, lost } result = what::none;
    std::optional<sap::document> document;  // found, draft
    std::string error;
};

// The deliveries carrying this shipment's stamp, and then the drafts: a delivery an earlier attempt posted,
// or one an approval procedure holds as a draft.
boost::asio::awaitable<search_result> search(step_context& c) {
    using what = search_result::what;
    if (!c.in.order) co_return search_result{what::none, std::nullopt, {}};
    const auto where = c.where();
    const int order_entry = c.in.order->doc_entry;
    if (!co_await c.guard.before_read()) co_return search_result{what::lost, std::nullopt, {}};
    auto deliveries = co_await sap::find_deliveries_by_stamp(c.sap_client, where);
    if (!deliveries)
        co_return search_result{
            what::error, std::nullopt,
            "looking for a delivery stamped " + where.value + ": " + deliveries.error().describe()};
    if (auto mine = ours(*deliveries, where, order_entry))
        co_return search_result{what::found, std::move(mine), {}};
    if (!co_await c.guard.before_read()) co_return search_result{what::lost, std::nullopt, {}};
    auto drafts = co_await sap::find_delivery_drafts_by_stamp(c.sap_client, where);
    if (!drafts)
        co_return search_result{
            what::error, std::nullopt,
            "looking for a draft stamped " + where.value + ": " + drafts.error().describe()};
    if (auto mine = ours(*drafts, where, order_entry))
        co_return search_result{what::draft, std::move(mine), {}};
    co_return search_result{what::none, std::nullopt, {}};
}

// Records the outcome of an order PATCH (or of reading the order first) on `v`.
void note_update(delivery_verdict& v, const std::optional<clients::error>& failure,
                 boost::json::object written, const std::string& what_for) {
    if (!failure) {
        v.order_update = order_update::done;
        v.order_update_error.reset();
        if (!written.empty()) v.after.emplace_back(side_step::order_patched, std::move(written));
        return;
    }
    const std::string text = what_for + ": " + failure->describe();
    v.order_update_error = text;
    if (refused_by_sap(*failure)) {
        // The delivery is the record: SAP's refusal (a closed document, an unknown field) is kept and shown,
        // never retried in a loop; an operator's replay patches again.
        v.order_update = order_update::refused;
        written["error"] = text;
        v.after.emplace_back(side_step::order_update_refused, std::move(written));
    } else {
        v.order_update = order_update::pending;  // retried: the retry only patches
        v.after.emplace_back(side_step::order_update_failed, boost::json::object{{"error", text}});
    }
}

// The job was taken over while the order's update was due: the new owner finds it pending and only patches.
void update_left_pending(delivery_verdict& v) {
    v.order_update = order_update::pending;
    v.order_update_error = "another worker took the job over before the sales order was updated";
}

// The sales order's update once its delivery exists: TrackingNumber and the configured UDFs.
boost::asio::awaitable<void> update_shipped_order(step_context& c, delivery_verdict& v) {
    if (!c.in.order) {
        note_update(v, clients::error{clients::error_kind::refused, 0, {}, "the order link is gone"}, {},
                    "updating the sales order");
        co_return;
    }
    const int order_entry = c.in.order->doc_entry;
    const auto& settings = c.settings;
    std::optional<shipping_status> status;
    if (!settings.order_fields.status.empty()) {
        // Read after the delivery: SAP closes the order with its last delivery, whichever shipment that was.
        if (!co_await c.guard.before_read()) co_return update_left_pending(v);
        auto order = co_await sap::get_order(c.sap_client, order_entry);
        if (!order) {
            note_update(v, order.error(), {}, "reading the sales order for its status");
            co_return;
        }
        status = order->document_status == "bost_Close" ? shipping_status::shipped
                                                        : shipping_status::partially_shipped;
    }
    auto day = delivery_date(c.in.link, *settings.company_zone, settings.now());
    auto update = shipped_order_update(settings.order_fields, c.in.link, day, status);
    if (!update) {
        note_update(v, std::nullopt, {}, {});
        co_return;
    }
    auto written = fields_of(*update);
    if (!co_await c.guard.before_read()) co_return update_left_pending(v);
    auto patched = co_await sap::patch_order(c.sap_client, order_entry, std::move(*update));
    note_update(v, patched ? std::nullopt : std::optional<clients::error>(patched.error()),
                std::move(written), "updating the sales order");
}

// After a void was handled (cancelled, or the delivery stays): the order's status UDF, when configured.
boost::asio::awaitable<void> note_void_on_order(step_context& c, delivery_verdict& v, bool cancelled) {
    auto update = voided_order_update(c.settings.order_fields, cancelled);
    if (!update || !c.in.order) {
        note_update(v, std::nullopt, {}, {});
        co_return;
    }
    auto written = fields_of(*update);
    if (!co_await c.guard.before_read()) co_return update_left_pending(v);
    auto patched = co_await sap::patch_order(c.sap_client, c.in.order->doc_entry, std::move(*update));
    note_update(v, patched ? std::nullopt : std::optional<clients::error>(patched.error()),
                std::move(written), "updating the sales order's status after the void");
}

// What resolving the shipment's SKUs starts from, or the verdict that ends the job when SAP could not say.
struct lookup_outcome {
    std::optional<items::sku_lookup> lookup;
    delivery_verdict verdict;  // when there is no lookup
};

// The SKU map's rows (read with the link) and, with MLC_SKU_FIELD, the items whose field holds one of the
// SKUs the map does not name: SAP is asked only about those.
boost::asio::awaitable<lookup_outcome> sku_lookup_for(step_context& c, const boost::json::array* shipped) {
    items::sku_lookup lookup;
    if (c.in.mapped_skus) lookup.table = *c.in.mapped_skus;
    std::vector<std::string> unmapped;
    for (auto& sku : shipped_skus(shipped))
        if (!lookup.table.contains(sku)) unmapped.push_back(std::move(sku));
    const std::string& field = c.settings.sku_field;
    if (field.empty() || unmapped.empty()) co_return lookup_outcome{std::move(lookup), {}};
    if (!co_await c.guard.before_read()) co_return lookup_outcome{std::nullopt, lost()};
    auto found = co_await sap::items_by_field(c.sap_client, field, std::move(unmapped));
    if (!found)
        co_return lookup_outcome{std::nullopt, failed("reading the items whose " + field +
                                                          " holds a shipped SKU: " + found.error().describe(),
                                                      false)};
    for (const auto& i : *found)
        if (auto value = json_fields::text(i.raw, field); !value.empty())
            lookup.by_field[value].push_back(i.item_code);
    co_return lookup_outcome{std::move(lookup), {}};
}

boost::asio::awaitable<prepared_delivery> prepare(step_context& c) {
    const auto& order_link = *c.in.order;
    const auto& link = c.in.link;
    const auto& settings = c.settings;
    if (!co_await c.guard.before_read()) co_return prepared_delivery{std::nullopt, lost()};
    auto order = co_await sap::get_order(c.sap_client, order_link.doc_entry);
    if (!order) {
        auto reason =
            "reading sales order " + std::to_string(order_link.doc_num) + ": " + order.error().describe();
        co_return prepared_delivery{std::nullopt, order.error().kind == clients::error_kind::not_found
                                                      ? dead(std::move(reason), false)
                                                      : failed(std::move(reason), false)};
    }
    const auto* shipped = shipment_items_of(link.payload);
    auto resolved = co_await sku_lookup_for(c, shipped);
    if (!resolved.lookup) co_return prepared_delivery{std::nullopt, std::move(resolved.verdict)};
    auto lines = delivery_lines_for(*order, shipped, *resolved.lookup);
    allocation_outcome allocated;
    if (!lines) {
        allocated = {allocation_outcome::kind::refused, lines.error()};
    } else {
        if (!co_await c.guard.before_read()) co_return prepared_delivery{std::nullopt, lost()};
        allocated = co_await allocate_lines(c.sap_client, settings.batches, settings.serial_options,
                                            local_day(*settings.company_zone, settings.now()), *lines,
                                            settings.batch_query);
    }
    if (allocated.what != allocation_outcome::kind::allocated) {
        // Lines no open line can take, or batches and serial numbers that cannot be chosen, need a person; a
        // failed read from SAP is retried.
        co_return prepared_delivery{std::nullopt, allocated.what == allocation_outcome::kind::refused
                                                      ? dead(allocated.reason, false)
                                                      : failed(allocated.reason, false)};
    }
    sap::delivery_request r;
    r.card_code = order->card_code;
    r.doc_date = delivery_date(link, *settings.company_zone, settings.now());
    r.transportation_code = transportation_code(settings, link);
    r.tracking_number = link.tracking_number;
    r.comments = std::string("ShipStation ") +
                 (link.kind == links::link_kind::fulfillment ? "fulfillment " : "shipment ") +
                 std::to_string(link.shipstation_id) +
                 (settings.stamp_field.empty() ? " " + comments_token(c.in.stamp) : "");
    if (!settings.stamp_field.empty()) r.user_fields[settings.stamp_field] = c.in.stamp;
    std::vector<std::string> items;
    for (auto& l : *lines) {
        if (std::find(items.begin(), items.end(), l.item_code) == items.end()) items.push_back(l.item_code);
        r.lines.push_back(std::move(l.request));
    }
    co_return prepared_delivery{std::move(r), {}, std::move(items), std::move(*order)};
}

// The verdict's record of what is about to be posted: the mapped lines (audited before the outcome) and the
// summary of the request.
delivery_verdict mapped(const step_context& c, const sap::delivery_request& r) {
    delivery_verdict v;
    boost::json::array lines;
    for (const auto& l : r.lines)
        lines.push_back(boost::json::object{{"BaseLine", l.base_line}, {"Quantity", l.quantity}});
    const int order_entry = c.in.order->doc_entry;
    v.before.emplace_back(side_step::shipment_mapped,
                          boost::json::object{{"BaseEntry", order_entry}, {"lines", std::move(lines)}});
    v.summary = boost::json::object{{"BaseEntry", order_entry},
                                    {"lines", r.lines.size()},
                                    {"TrackingNumber", r.tracking_number},
                                    {"stamp", c.in.stamp}};
    if (auto chosen = allocations_of(r); !chosen.empty()) v.summary["allocations"] = std::move(chosen);
    return v;
}

// After a -2028 on the POST, which is both "an approval procedure saved a draft" and "a code the delivery
// names does not exist": a stamped draft of this order says which.
boost::asio::awaitable<delivery_verdict> after_refusal_that_may_be_a_draft(step_context& c,
                                                                           const clients::error& refusal) {
    if (!co_await c.guard.before_read()) co_return lost();
    auto drafts = co_await sap::find_delivery_drafts_by_stamp(c.sap_client, c.where());
    if (!drafts)
        co_return failed("SAP answered " + refusal.describe() +
                             ", and looking for a draft failed: " + drafts.error().describe(),
                         true);
    if (auto draft = ours(*drafts, c.where(), c.in.order->doc_entry))
        co_return dead(waiting_for_approval(*draft), true);
    co_return dead("SAP refused the delivery: " + refusal.describe(), false);
}

// Posts the delivery (no document with the stamp exists), then updates the order.
boost::asio::awaitable<delivery_verdict> post_delivery(step_context& c) {
    auto prepared = co_await prepare(c);
    if (!prepared.request) co_return std::move(prepared.verdict);
    auto& r = *prepared.request;
    delivery_verdict v = mapped(c, r);
    if (!co_await c.guard.before_write()) co_return lost();
    auto created = co_await sap::create_delivery(c.sap_client, r);
    auto carry = [&](delivery_verdict out) {
        out.before = std::move(v.before);
        out.summary = std::move(v.summary);
        return out;
    };
    switch (meaning_of(created)) {
        case post_meaning::delivered:
            v.what = kind::delivered;
            v.action = "delivery_created";
            v.doc_entry = created->doc_entry;
            v.doc_num = created->doc_num;
            v.item_codes = std::move(prepared.item_codes);
            co_await update_shipped_order(c, v);
            co_return v;
        case post_meaning::draft_waiting: {
            sap::document draft;
            draft.doc_entry = created->doc_entry;
            co_return carry(dead(waiting_for_approval(draft), true));
        }
        case post_meaning::check_drafts: {
            auto verdict = co_await after_refusal_that_may_be_a_draft(c, created.error());
            co_return carry(std::move(verdict));
        }
        case post_meaning::refused:
            co_return carry(dead("SAP refused the delivery: " + created.error().describe(), false));
        case post_meaning::in_doubt:
            co_return carry(failed("posting the delivery: " + created.error().describe() +
                                       " (it may have been posted: the next attempt looks for it first)",
                                   true));
        case post_meaning::not_posted:
            break;
    }
    co_return carry(failed("posting the delivery: " + created.error().describe(), false));
}

// The verdict a search ends the step with: the job was taken over, the search failed (the mark stays), or a
// draft waits for approval (a dead letter with `draft_reason`, the mark kept); nullopt when it found the
// delivery or nothing.
std::optional<delivery_verdict> ended_by(search_result& found, const std::string& draft_reason) {
    switch (found.result) {
        case search_result::what::lost:
            return lost();
        case search_result::what::error:
            return failed(std::move(found.error), true);
        case search_result::what::draft:
            return dead(draft_reason, true);
        case search_result::what::none:
        case search_result::what::found:
            break;
    }
    return std::nullopt;
}

// A document may exist: found, it is recorded (and the order updated); a draft waits for approval; none, the
// delivery is posted.
boost::asio::awaitable<delivery_verdict> look_then_post(step_context& c) {
    auto found = co_await search(c);
    const std::string draft_reason = found.document ? waiting_for_approval(*found.document) : std::string();
    if (auto ended = ended_by(found, draft_reason)) co_return std::move(*ended);
    if (found.result == search_result::what::none) co_return co_await post_delivery(c);
    const auto& d = *found.document;
    if (d.cancelled)
        co_return dead(
            "its delivery " + std::to_string(d.doc_num) +
                " (found by its stamp) was cancelled in SAP: deliver it by hand if it should still go",
            false);
    delivery_verdict v;
    v.what = kind::found;
    v.action = "delivery_found";
    v.doc_entry = d.doc_entry;
    v.doc_num = d.doc_num;
    v.summary = boost::json::object{{"BaseEntry", c.in.order->doc_entry}, {"stamp", c.in.stamp}};
    co_await update_shipped_order(c, v);
    co_return v;
}

// Cancels delivery (`doc_entry`, `doc_num`) after its label was voided, so the stock comes back.
boost::asio::awaitable<delivery_verdict> cancel_it(step_context& c, int doc_entry, int doc_num) {
    if (!co_await c.guard.before_write()) co_return lost();
    auto cancelled = co_await sap::cancel_delivery(c.sap_client, doc_entry);
    delivery_verdict v;
    if (cancelled) {
        v.what = kind::cancelled;
        v.action = "delivery_cancelled";
    } else if (cancelled.error().kind == clients::error_kind::refused) {
        v = dead("the label was voided, but SAP refused to cancel delivery " + std::to_string(doc_num) +
                     ": " + cancelled.error().describe(),
                 false);
    } else {
        v = failed("cancelling delivery " + std::to_string(doc_num) +
                       " after the void: " + cancelled.error().describe(),
                   cancelled.error().kind == clients::error_kind::in_doubt);
    }
    v.doc_entry = doc_entry;
    v.doc_num = doc_num;
    if (v.what == kind::cancelled) co_await note_void_on_order(c, v, true);
    co_return v;
}

// Voided after its recorded delivery (MLC_VOID_POLICY=cancel); a cancel in doubt is looked up first.
boost::asio::awaitable<delivery_verdict> cancel_after_void(step_context& c) {
    const int entry = *c.in.link.delivery_doc_entry;
    const int num = c.in.link.delivery_doc_num.value_or(0);
    if (c.in.link.delivery_in_doubt_at) {
        auto found = co_await search(c);
        if (found.result == search_result::what::lost) co_return lost();
        if (found.result == search_result::what::error) co_return failed(std::move(found.error), true);
        if (found.result == search_result::what::found && found.document->doc_entry == entry &&
            found.document->cancelled) {
            delivery_verdict v = outcome_of(kind::cancelled, "delivery_cancelled");
            v.doc_entry = entry;
            v.doc_num = num;
            co_await note_void_on_order(c, v, true);
            co_return v;
        }
    }
    co_return co_await cancel_it(c, entry, num);
}

// Voided while a POST was in doubt: what exists decides. Nothing: voided before its delivery. A delivery:
// recorded, then cancelled (MLC_VOID_POLICY=cancel) or kept and noted (flag).
boost::asio::awaitable<delivery_verdict> look_then_void(step_context& c) {
    auto found = co_await search(c);
    const std::string draft_reason =
        found.document ? "the label was voided, but draft " + std::to_string(found.document->doc_entry) +
                             " of its delivery waits for approval in SAP: reject the draft there"
                       : std::string();
    if (auto ended = ended_by(found, draft_reason)) co_return std::move(*ended);
    if (found.result == search_result::what::none)
        co_return outcome_of(kind::skipped, "skipped",
                             "the label was voided before its delivery was written");
    const auto& d = *found.document;
    if (d.cancelled) {
        delivery_verdict v = outcome_of(kind::cancelled, "delivery_cancelled");
        v.doc_entry = d.doc_entry;
        v.doc_num = d.doc_num;
        co_await note_void_on_order(c, v, true);
        co_return v;
    }
    if (c.settings.cancel_on_void) co_return co_await cancel_it(c, d.doc_entry, d.doc_num);
    delivery_verdict v = outcome_of(kind::void_noted, "void_noted",
                                    "the label was voided after its delivery was written; the delivery stays "
                                    "(MLC_VOID_POLICY=flag)");
    v.doc_entry = d.doc_entry;
    v.doc_num = d.doc_num;
    co_await note_void_on_order(c, v, false);
    co_return v;
}

}  // namespace

boost::asio::awaitable<prepared_delivery> prepare_delivery(sap::client& sap_client,
                                                           const delivery_settings& settings,
                                                           const step_input& in, step_guard& guard) {
    step_context c{sap_client, settings, in, guard};
    co_return co_await prepare(c);
}

boost::asio::awaitable<delivery_verdict> run_step(sap::client& sap_client, const delivery_settings& settings,
                                                  const step_input& in, step_guard& guard,
                                                  delivery_step step) {
    step_context c{sap_client, settings, in, guard};
    switch (step) {
        case delivery_step::post:
            co_return co_await post_delivery(c);
        case delivery_step::look_then_post:
            co_return co_await look_then_post(c);
        case delivery_step::patch_order: {
            delivery_verdict v = outcome_of(kind::order_updated, "");
            if (in.link.voided)
                co_await note_void_on_order(c, v, in.link.state == links::link_state::cancelled);
            else
                co_await update_shipped_order(c, v);
            co_return v;
        }
        case delivery_step::cancel:
            co_return co_await cancel_after_void(c);
        case delivery_step::look_then_void:
            co_return co_await look_then_void(c);
        case delivery_step::note_void: {
            delivery_verdict v =
                outcome_of(kind::void_noted, "void_noted",
                           "the label was voided after its delivery was written; the delivery stays "
                           "(MLC_VOID_POLICY=flag)");
            co_await note_void_on_order(c, v, false);
            co_return v;
        }
        case delivery_step::nothing:
        case delivery_step::skip:
        case delivery_step::refuse:
        case delivery_step::wait:
            break;
    }
    co_return delivery_verdict{};
}

}  // namespace mlc::flows::shipments
