// The ShipStation side of the orders flow: claim, resolve in-doubt pushes, send in batches, settle each
// order.
#include "flows/orders/order_pusher.hpp"

#include "clients/call_error.hpp"
#include "clients/shipstation/orders.hpp"
#include "common/backoff.hpp"
#include "common/json_fields.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "flows/job_payload.hpp"
#include "flows/orders/in_doubt_resolution.hpp"
#include "flows/orders/order_audit.hpp"
#include "flows/orders/order_intake.hpp"
#include "flows/orders/push_job.hpp"

#include <boost/json/value_to.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace mlc::flows::orders {

namespace {

namespace jf = json_fields;

namespace ss = clients::shipstation;
namespace audit = db::audit_log;
namespace links = db::order_links;
namespace jobs = db::job_queue;

// The numbers in "apiOrders[3].shipTo.country": which orders of a createorders call a 400 names.
std::set<std::size_t> named_indexes(const clients::error& e) {
    std::set<std::size_t> out;
    for (const auto& field : e.invalid_fields) {
        auto open = field.find('[');
        auto close = field.find(']', open == std::string::npos ? 0 : open);
        if (open == std::string::npos || close == std::string::npos || close == open + 1) continue;
        std::size_t n = 0;
        bool digits = true;
        for (auto i = open + 1; i < close; ++i) {
            if (field[i] < '0' || field[i] > '9')
                digits = false;
            else
                n = n * 10 + static_cast<std::size_t>(field[i] - '0');
        }
        if (digits) out.insert(n);
    }
    return out;
}

boost::json::object body_summary(const boost::json::object& body) {
    boost::json::object s{{"orderKey", jf::text(body, "orderKey")},
                          {"orderNumber", jf::text(body, "orderNumber")},
                          {"orderStatus", jf::text(body, "orderStatus")}};
    if (const auto* items = body.if_contains("items"); items && items->is_array())
        s["items"] = items->get_array().size();
    return s;
}

// One claimed push and what became of it.
struct push_entry {
    jobs::job job;
    std::string order_key, operation, hash;
    int doc_entry = 0, doc_num = 0;
    boost::json::object body;
    std::optional<links::order_link> link;
    push_verdict result = push_verdict::pending;
    std::optional<std::int64_t> order_id;
    std::string order_status;
    std::string error;
    bool applied_unknown = false;  // the push may have been applied: keep the in-doubt mark
    bool refused = false;          // createorders answered success false for this order alone
    std::optional<boost::json::value> response;
};

// The orders ShipStation listed, by orderKey: one call finds every in-doubt create of a batch.
using listed_orders = std::map<std::string, ss::order>;

// A look-up that got no usable answer. The text is the one the look-up's exceptions gave before errors were
// values: a transport failure's own words, otherwise describe().
lookup_answer failed_lookup(const clients::error& e) {
    return {lookup_answer::kind::failed, std::nullopt, e.http_status == 0 ? e.message : e.describe()};
}

// Asks ShipStation what `how` needs to know about the order of `e` (the listing, when there is one, answers
// look-ups by orderNumber). Counts its calls in `calls`. A client error is a failed answer (404 by id is
// not_found). Throws what the client throws (operation_aborted after shutdown).
boost::asio::awaitable<lookup_answer> look_up(ss::client& shipstation, const push_entry& e, order_lookup how,
                                              const std::optional<listed_orders>& listed,
                                              std::size_t& calls) {
    lookup_answer answer;
    answer.what = lookup_answer::kind::not_found;
    if (how == order_lookup::none) {
        answer.what = lookup_answer::kind::not_asked;
    } else if (how == order_lookup::by_order_id) {
        ++calls;
        auto got = co_await ss::get_order(shipstation, *e.link->shipstation_order_id);
        if (got)
            answer.order = std::move(*got);
        else if (got.error().kind != clients::error_kind::not_found)
            co_return failed_lookup(got.error());
    } else if (listed) {
        if (auto it = listed->find(e.order_key); it != listed->end()) answer.order = it->second;
    } else {
        // No orderKey filter exists; orderNumber matches by prefix, so the key is compared exactly. The
        // number is the one this push carries, as sent (it may hold the Series).
        ss::order_filter filter;
        filter.order_number = jf::text(e.body, "orderNumber");
        if (filter.order_number->empty()) filter.order_number = std::to_string(e.doc_num);
        ++calls;
        auto found = co_await ss::list_orders(shipstation, filter);
        if (!found) co_return failed_lookup(found.error());
        for (auto& o : *found)
            if (o.order_key == e.order_key) answer.order = std::move(o);
    }
    if (answer.order) answer.what = lookup_answer::kind::found;
    co_return answer;
}

void apply_resolution(push_entry& e, push_resolution r) {
    e.result = r.verdict;
    if (r.order_id) {
        e.order_id = r.order_id;
        e.order_status = std::move(r.order_status);
    }
    if (r.body) e.body = std::move(*r.body);
    if (r.response) e.response = std::move(r.response);
    if (!r.error.empty()) e.error = std::move(r.error);
    e.applied_unknown = r.applied_unknown;
}

// Records createorders' per-order `results` on the pushes at `indexes` (same order).
void take_results(std::vector<push_entry>& entries, const std::vector<std::size_t>& indexes,
                  const std::vector<ss::create_result>& results) {
    for (std::size_t n = 0; n < indexes.size() && n < results.size(); ++n) {
        auto& e = entries[indexes[n]];
        const auto& r = results[n];
        e.response = boost::json::object{{"orderId", r.order_id ? boost::json::value(*r.order_id) : nullptr},
                                         {"success", r.success},
                                         {"errorMessage", r.error_message}};
        if (r.success && r.order_id) {
            e.result = push_verdict::sent;
            e.order_id = r.order_id;
            e.order_status = jf::text(e.body, "orderStatus");
        } else {
            e.result = push_verdict::failed;
            e.refused = true;
            e.error = "ShipStation refused the order: " + r.error_message;
            if (r.order_id) e.order_id = r.order_id;
        }
    }
}

// The outcomes one settle recorded.
struct settled_counts {
    std::size_t sent = 0, confirmed = 0, locked = 0, dropped = 0, failed = 0, dead = 0;
};

// How a settled push reads in the audit log.
struct settled_as {
    std::string action;
    audit::outcome result = audit::outcome::ok;
    std::optional<std::string> note;
};

// A failed push: retried after its backoff, or dead once out of attempts.
settled_as record_failure(pqxx::work& w, const push_entry& e, const std::string& owner,
                          const orders_settings& settings, settled_counts& n) {
    if (!e.applied_unknown) links::clear_in_doubt(w, e.order_key);
    auto delay = doubling_backoff(e.job.attempts, settings.retry_delay, settings.retry_max_delay);
    bool dead = jobs::fail(w, e.job.id, owner, e.error, delay) == jobs::job_state::dead;
    links::set_state(w, e.order_key, dead ? links::link_state::dead : links::link_state::failed, e.error);
    ++(dead ? n.dead : n.failed);
    if (dead) return {"dead_lettered", audit::outcome::dead_letter, e.error};
    return {"failed", audit::outcome::failed, e.error};
}

// Records what became of push `e` on its link and its job; counts it in `n`. Throws pqxx exceptions.
settled_as record_verdict(pqxx::work& w, const push_entry& e, const std::string& owner,
                          const orders_settings& settings, settled_counts& n) {
    switch (e.result) {
        case push_verdict::sent:
            links::mark_sent(w, e.order_key, *e.order_id, e.order_status, e.hash, e.body);
            jobs::complete(w, e.job.id, owner);
            ++n.sent;
            return {e.operation == "cancel" ? "cancelled" : "sent", audit::outcome::ok, std::nullopt};
        case push_verdict::confirmed:
            links::mark_sent(w, e.order_key, *e.order_id, e.order_status, e.hash, e.body);
            jobs::complete(w, e.job.id, owner);
            ++n.confirmed;
            return {"confirmed", audit::outcome::ok,
                    "the previous push's answer was lost; ShipStation has the order, it is not sent again"};
        case push_verdict::locked:
            links::note_shipstation_order(w, e.order_key, *e.order_id, e.order_status);
            links::clear_in_doubt(w, e.order_key);
            links::set_state(
                w, e.order_key,
                e.order_status == "cancelled" ? links::link_state::cancelled : links::link_state::shipped,
                std::nullopt);
            jobs::complete(w, e.job.id, owner);
            ++n.locked;
            return {"skipped", audit::outcome::skipped,
                    "the order is already " + e.order_status + " in ShipStation; the change is not sent"};
        case push_verdict::dropped:
            links::clear_in_doubt(w, e.order_key);
            links::set_state(w, e.order_key, links::link_state::ignored, e.error);
            jobs::complete(w, e.job.id, owner);
            ++n.dropped;
            return {"skipped", audit::outcome::skipped, e.error};
        case push_verdict::failed:
        case push_verdict::pending:
            return record_failure(w, e, owner, settings, n);
    }
    return record_failure(w, e, owner, settings, n);
}

// Records what became of push `e` in `w`: its link, its job and (returned) its audit row; counts it in `n`.
// Throws pqxx exceptions.
audit::entry settle_one(pqxx::work& w, const push_entry& e, const std::string& owner,
                        const orders_settings& settings, settled_counts& n) {
    auto settled = record_verdict(w, e, owner, settings, n);
    auto row = order_row(e.doc_entry, audit::direction::outbound, std::move(settled.action), settled.result)
                   .with_request(boost::json::object{{"operation", e.operation},
                                                     {"attempt", e.job.attempts},
                                                     {"hash", e.hash},
                                                     {"order", body_summary(e.body)}})
                   .with_error(std::move(settled.note))
                   .correlated(e.job.correlation_id, e.job.id);
    row.response_summary = e.response;
    return row;
}

}  // namespace

struct order_pusher::push_call {
    std::vector<push_entry> entries;
    push_report report;
};

order_pusher::order_pusher(db::database& database, clients::shipstation::client& shipstation,
                           const orders_settings& settings, const logger& log, std::string owner)
    : db_(database), ss_(shipstation), settings_(settings), log_(log), owner_(std::move(owner)) {}

boost::asio::awaitable<push_report> order_pusher::push_once(bool wait_for_full_batch) {
    push_call b;
    if (wait_for_full_batch) {
        if (auto linger = co_await linger_for_full_call()) {
            b.report.linger = *linger;
            co_return b.report;
        }
    }
    co_await claim_pushes(b);
    b.report.claimed = b.entries.size();
    if (b.entries.empty()) co_return b.report;
    for (auto& e : b.entries) {
        if (e.order_key.empty() || e.body.empty() || e.hash.empty()) {
            e.result = push_verdict::failed;
            e.error = "the job's payload is unreadable";
        }
    }
    bool stopped = false;
    try {
        co_await look_up_and_send(b);
    } catch (const boost::system::system_error& x) {
        if (x.code() != boost::asio::error::operation_aborted) throw;
        stopped = true;  // the client shut down mid-push: hand the jobs back rather than leave them leased
        for (auto& e : b.entries) {
            if (e.result != push_verdict::pending) continue;
            e.result = push_verdict::failed;
            e.error = "the service stopped during the push";
            e.applied_unknown = true;
        }
    }
    co_await settle(b);
    if (stopped) throw boost::system::system_error(boost::asio::error::operation_aborted);
    co_return b.report;
}

boost::asio::awaitable<std::optional<std::chrono::milliseconds>> order_pusher::linger_for_full_call() {
    const auto limit = settings_.batch_size;
    auto ready = co_await db_.run([&](pqxx::work& w) { return jobs::ready(w, push_job_kind, limit); });
    if (ready.count == 0) co_return std::chrono::milliseconds(0);
    if (ready.count < limit && ready.oldest_wait < settings_.batch_linger)
        co_return settings_.batch_linger - ready.oldest_wait;
    co_return std::nullopt;
}

boost::asio::awaitable<void> order_pusher::claim_pushes(push_call& b) {
    b.entries = co_await db_.run([&](pqxx::work& w) {
        // Claims of pushes take turns (every pusher of every replica): two concurrent SKIP LOCKED claims
        // would split one full createorders call into two, and calls are what the rate limit counts.
        jobs::take_claim_turn(w, push_job_kind);
        auto taken = jobs::claim(w, {push_job_kind}, owner_, settings_.lease, settings_.batch_size);
        std::vector<push_entry> entries;
        for (auto& j : taken) {
            push_entry e;
            if (auto job = read_job<push_order_job>(j.payload)) {
                e.order_key = std::move(job->order_key);
                e.operation = std::move(job->operation);
                e.hash = std::move(job->hash);
                e.doc_entry = job->doc_entry;
                e.doc_num = job->doc_num;
                e.body = std::move(job->body);
            } else {
                e.order_key = j.dedupe_key;  // the payload is unreadable; the job still names its order
            }
            e.link = links::find_by_key(w, e.order_key);
            e.job = std::move(j);
            entries.push_back(std::move(e));
        }
        return entries;
    });
}

boost::asio::awaitable<void> order_pusher::look_up_and_send(push_call& b) {
    co_await resolve_in_doubt(b);
    std::vector<std::size_t> to_send;
    for (std::size_t i = 0; i < b.entries.size(); ++i)
        if (b.entries[i].result == push_verdict::pending) to_send.push_back(i);
    if (to_send.empty()) co_return;
    // Marked before sending: a crash or a lost answer from here on leaves the mark, and the next attempt
    // looks the order up instead of trusting that it was never created.
    co_await db_.run([&](pqxx::work& w) {
        for (auto i : to_send) links::mark_in_doubt(w, b.entries[i].order_key, b.entries[i].hash);
    });
    co_await send(b, std::move(to_send), 0);
    co_await recheck_refused_changes(b);
}

boost::asio::awaitable<void> order_pusher::recheck_refused_changes(push_call& b) {
    // A label bought (or the order cancelled) in ShipStation between the look-up and the push makes V1
    // refuse the change: shipped and cancelled orders are locked, in words the docs do not give. Asking
    // for the order tells that apart from a real refusal, so the change is skipped as locked instead of
    // retried until it is dead. Any other answer leaves the refusal as it is.
    for (auto& e : b.entries) {
        if (e.result != push_verdict::failed || !e.refused || !e.link || !e.link->shipstation_order_id)
            continue;
        auto answer = co_await look_up(ss_, e, order_lookup::by_order_id, std::nullopt, b.report.calls);
        if (answer.what != lookup_answer::kind::found) continue;
        auto r = resolve_push(e.link, e.operation, e.hash, e.body, answer);
        if (r.verdict == push_verdict::locked || r.verdict == push_verdict::sent)
            apply_resolution(e, std::move(r));
    }
}

boost::asio::awaitable<void> order_pusher::resolve_in_doubt(push_call& b) {
    // Several creates in doubt (a batch whose answer was lost, a crash): one listing of the orders modified
    // since the earliest mark finds them all in a call or two, instead of one look-up per order.
    constexpr std::size_t listing_from = 3;
    constexpr auto clock_margin = std::chrono::minutes(10);  // our clock against ShipStation's
    auto lookup_of = [](const push_entry& e) {
        if (e.result != push_verdict::pending || !e.link) return order_lookup::none;
        return lookup_before_push(*e.link, e.operation);
    };
    std::optional<listed_orders> listed;
    std::optional<std::chrono::system_clock::time_point> earliest;
    std::size_t in_doubt = 0;
    for (const auto& e : b.entries) {
        if (lookup_of(e) != order_lookup::by_order_number) continue;
        ++in_doubt;
        auto at = e.link->in_doubt_at.value_or(std::chrono::system_clock::time_point{});
        if (!earliest || at < *earliest) earliest = at;
    }
    if (in_doubt >= listing_from) {
        ss::order_filter filter;
        filter.modify_date_start = *earliest - clock_margin;
        ++b.report.calls;
        auto found = co_await ss::list_orders(ss_, filter);
        if (found) {  // otherwise one look-up per order
            listed.emplace();
            for (auto& o : *found) {
                auto key = o.order_key;
                (*listed)[key] = std::move(o);
            }
        }
    }

    for (auto& e : b.entries) {
        if (e.result != push_verdict::pending || !e.link) continue;
        auto answer = co_await look_up(ss_, e, lookup_of(e), listed, b.report.calls);
        apply_resolution(e, resolve_push(e.link, e.operation, e.hash, e.body, answer));
    }
}

boost::asio::awaitable<void> order_pusher::send(push_call& b, std::vector<std::size_t> indexes, int depth) {
    std::vector<boost::json::object> bodies;
    for (auto i : indexes) {
        const auto& e = b.entries[i];
        auto order_id = e.order_id;
        if (!order_id && e.link) order_id = e.link->shipstation_order_id;
        bodies.push_back(body_as_sent(e.body, order_id));
    }
    ++b.report.calls;
    auto results = co_await ss::create_orders(ss_, bodies, false);
    if (results) {
        take_results(b.entries, indexes, *results);
        co_return;
    }
    const auto& err = results.error();
    if (err.kind == clients::error_kind::bad_response) {
        // Kept from before errors were values: the exception ends push_once without settling, the jobs come
        // back when their lease ends, and their in-doubt marks make the next claim look first.
        throw clients::call_exception(err);
    }
    if (err.kind != clients::error_kind::refused || err.http_status != 400 || indexes.size() < 2 ||
        depth >= 8) {
        // A 5xx or a lost answer may have been applied (in_doubt: V1 answers 500 after writing, at times).
        for (auto i : indexes) {
            b.entries[i].result = push_verdict::failed;
            b.entries[i].error = err.describe();
            b.entries[i].applied_unknown = err.kind == clients::error_kind::in_doubt;
        }
        co_return;
    }

    // One invalid order fails the whole call: set the named ones aside (or halve when none is named) and send
    // the rest, so that one bad order never holds up the others.
    auto named = named_indexes(err);
    std::vector<std::size_t> bad, rest;
    for (std::size_t n = 0; n < indexes.size(); ++n) (named.contains(n) ? bad : rest).push_back(indexes[n]);
    if (!bad.empty() && !rest.empty()) {
        for (auto i : bad) {
            b.entries[i].result = push_verdict::failed;
            b.entries[i].error = err.describe();
        }
        co_await send(b, std::move(rest), depth + 1);
    } else {
        auto half = static_cast<std::ptrdiff_t>(indexes.size() / 2);
        co_await send(b, std::vector<std::size_t>(indexes.begin(), indexes.begin() + half), depth + 1);
        co_await send(b, std::vector<std::size_t>(indexes.begin() + half, indexes.end()), depth + 1);
    }
}

boost::asio::awaitable<void> order_pusher::settle(push_call& b) {
    for (auto& e : b.entries) {
        if (e.result != push_verdict::pending) continue;
        e.result = push_verdict::failed;  // an answer that did not name it
        e.error = "not sent";
    }
    // The transaction may run twice (db::database::run retries a serialization failure or deadlock): it reads
    // the batch, changes only the database, and returns what it recorded.
    const auto counts = co_await db_.run([&](pqxx::work& w) {
        settled_counts n;
        std::vector<audit::entry> rows;
        rows.reserve(b.entries.size());
        for (const auto& e : b.entries) rows.push_back(settle_one(w, e, owner_, settings_, n));
        audit::append_all(w, rows);
        return n;
    });
    b.report.sent = counts.sent;
    b.report.confirmed = counts.confirmed;
    b.report.locked = counts.locked;
    b.report.dropped = counts.dropped;
    b.report.failed = counts.failed;
    b.report.dead = counts.dead;
    log_.info("orders.pushed", {{"pusher", owner_},
                                {"claimed", b.report.claimed},
                                {"sent", b.report.sent},
                                {"confirmed", b.report.confirmed},
                                {"locked", b.report.locked},
                                {"dropped", b.report.dropped},
                                {"failed", b.report.failed},
                                {"dead", b.report.dead},
                                {"calls", b.report.calls}});
    if (b.report.failed + b.report.dead > 0)
        log_.warn("orders.push_failures",
                  {{"failed", b.report.failed}, {"dead", b.report.dead}, {"first_error", [&] {
                                                                              for (auto& e : b.entries)
                                                                                  if (!e.error.empty())
                                                                                      return e.error;
                                                                              return std::string();
                                                                          }()}});
}

}  // namespace mlc::flows::orders
