// What one delivery job's verdict changes on the link, the job and the audit log.
#include "flows/shipments/delivery_settlement.hpp"

#include "flows/shipments/shipment_audit.hpp"
#include "flows/shipments/shipment_jobs.hpp"

namespace mlc::flows::shipments {

namespace {

namespace links = db::shipment_links;
namespace audit = db::audit_log;
using kind = delivery_verdict::kind;
using links::order_update;

audit::outcome outcome_of(const delivery_verdict& v) {
    switch (v.what) {
        case kind::delivered:
        case kind::found:
        case kind::order_updated:
        case kind::cancelled:
            return audit::outcome::ok;
        case kind::skipped:
        case kind::void_noted:
            return audit::outcome::skipped;
        case kind::dead:
            return audit::outcome::dead_letter;
        case kind::failed:
            return audit::outcome::failed;
        case kind::nothing_to_do:
        case kind::postponed:
        case kind::lost:
            return audit::outcome::info;
    }
    return audit::outcome::info;
}

// The link after a run that reached SAP with verdict `v`.
links::settlement link_after(const delivery_verdict& v, const links::shipment_link& link) {
    links::settlement s;
    s.keep_in_doubt = v.keep_in_doubt;
    if (v.doc_entry) s.delivery = std::pair{*v.doc_entry, v.doc_num.value_or(0)};
    const bool has_delivery = v.doc_entry || link.delivery_doc_entry;
    s.update = v.order_update;
    s.update_error = v.order_update_error;
    switch (v.what) {
        case kind::delivered:
        case kind::found:
            s.state = links::link_state::delivered;
            if (!s.update) s.update = order_update::pending;
            break;
        case kind::cancelled:
            s.state = links::link_state::cancelled;
            break;
        case kind::void_noted:
            s.state = links::link_state::delivered;
            break;
        case kind::skipped:
            if (!has_delivery) {
                s.state = links::link_state::skipped;
                s.reason = v.reason;
            }
            break;
        case kind::dead:
            s.state = links::link_state::dead;
            s.reason = v.reason;
            break;
        case kind::failed:
            // A link whose delivery exists is delivered (found now, or before): the job's error tells what is
            // retried.
            if (!has_delivery) {
                s.state = links::link_state::failed;
                s.reason = v.reason;
            } else if (v.doc_entry && !link.delivery_doc_entry) {
                s.state = links::link_state::delivered;
            }
            break;
        case kind::order_updated:
        case kind::nothing_to_do:
        case kind::postponed:
        case kind::lost:
            break;
    }
    return s;
}

// The job's end for verdict `v`; false when nothing else is to be planned (the job is left or postponed, or
// there was nothing to do).
bool plan_job_end(settle_plan& p, const delivery_verdict& v, const links::shipment_link* link) {
    switch (v.what) {
        case kind::lost:
            p.job = settle_plan::job_end::leave;
            return false;
        case kind::postponed:
            p.job = settle_plan::job_end::postpone;
            p.retry_delay = v.retry_after;
            return false;
        case kind::nothing_to_do:
            return false;
        case kind::dead:
            p.job = settle_plan::job_end::bury;
            p.error = v.reason;
            return true;
        case kind::failed:
            p.job = settle_plan::job_end::retry;
            p.error = v.reason;
            p.dead_if_out_of_attempts = !(v.doc_entry || (link && link->delivery_doc_entry));
            return true;
        case kind::delivered:
        case kind::found:
        case kind::order_updated:
        case kind::cancelled:
        case kind::void_noted:
        case kind::skipped:
            // The delivery is the record; an order update that failed is retried (the retry only patches),
            // one that SAP refused is not.
            if (v.order_update == order_update::pending) {
                p.job = settle_plan::job_end::retry;
                p.error = v.order_update_error.value_or("the sales order's update is pending");
            }
            return true;
    }
    return true;
}

// The audit rows of one run: its side steps before the outcome, the outcome, its side steps after.
struct audit_rows {
    std::string key;
    const db::job_queue::job& job;

    audit::entry row(std::string action, audit::outcome result) const {
        return shipment_row(key, audit::direction::outbound, std::move(action), result)
            .correlated(job.correlation_id, job.id);
    }

    audit::entry side_step_row(side_step step, const boost::json::object& summary) const {
        auto e = row(std::string(audit_action(step)),
                     is_failure(step) ? audit::outcome::failed : audit::outcome::ok);
        e.request_summary = boost::json::value(summary);
        if (const auto* error = summary.if_contains("error"); error && error->is_string())
            e.error = std::string(error->get_string());
        return e;
    }

    audit::entry outcome_row(const delivery_verdict& v, const db::order_links::order_link* order) const {
        auto e = row(v.action, outcome_of(v));
        boost::json::object summary = v.summary;
        if (order) summary["DocNum"] = order->doc_num;
        e.request_summary = boost::json::value(std::move(summary));
        if (v.doc_entry)
            e.response_summary =
                boost::json::object{{"DocEntry", *v.doc_entry}, {"DocNum", v.doc_num.value_or(0)}};
        if (!v.reason.empty()) e.error = v.reason;
        return e;
    }
};

}  // namespace

settle_plan plan_settlement(const delivery_verdict& v, const db::job_queue::job& job,
                            const links::shipment_link* link, const db::order_links::order_link* order,
                            std::chrono::milliseconds retry_delay) {
    settle_plan p;
    p.retry_delay = retry_delay;
    if (!plan_job_end(p, v, link)) return p;
    if (link) p.link = link_after(v, *link);

    const audit_rows rows{link ? shipment_audit_key(link->kind, link->shipstation_id) : job.dedupe_key, job};
    for (const auto& [step, summary] : v.before) p.rows.push_back(rows.side_step_row(step, summary));
    if (!v.action.empty()) {
        p.outcome_row = p.rows.size();
        p.rows.push_back(rows.outcome_row(v, order));
    } else {
        p.dead_if_out_of_attempts = false;
    }
    for (const auto& [step, summary] : v.after) p.rows.push_back(rows.side_step_row(step, summary));
    return p;
}

}  // namespace mlc::flows::shipments
