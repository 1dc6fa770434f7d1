// Product alignment: ShipStation's product for each item takes SAP's values for the fields the connector
// owns.
#include "flows/items/product_aligner.hpp"

#include "clients/shipstation/catalog.hpp"
#include "common/backoff.hpp"
#include "db/audit_log.hpp"
#include "db/item_links.hpp"
#include "db/sha256.hpp"
#include "flows/items/item_audit.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/job_handback.hpp"
#include "flows/job_payload.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <span>

namespace mlc::flows::items {

namespace {

namespace ss = clients::shipstation;
namespace jobs = db::job_queue;
namespace audit = db::audit_log;

enum class verdict { updated, unchanged, waiting, failed, dead };

// The product the item's link names, else the oldest with the SKU (ShipStation may hold several).
const ss::product& chosen(const std::vector<ss::product>& products, std::optional<std::int64_t> linked_id) {
    if (linked_id)
        for (const auto& p : products)
            if (p.product_id == *linked_id) return p;
    return *std::min_element(products.begin(), products.end(),
                             [](const auto& a, const auto& b) { return a.product_id < b.product_id; });
}

// The owned fields a PUT changed: what the audit row shows.
boost::json::object changes(const boost::json::object& product, const boost::json::object& body,
                            const boost::json::object& owned) {
    boost::json::object out;
    for (const auto& [key, value] : owned) {
        const auto* before = product.if_contains(key);
        if (!before || *before != body.at(key))
            out[key] = boost::json::object{{"from", before ? *before : nullptr}, {"to", value}};
    }
    return out;
}

}  // namespace

struct product_aligner::attempt {
    const jobs::job& job;
    std::string item_code, sku;
    verdict result = verdict::failed;
    std::optional<std::int64_t> product_id;
    boost::json::object owned;
    boost::json::object changed;
    std::optional<std::string> error;
};

product_aligner::product_aligner(db::database& database, clients::shipstation::client& shipstation,
                                 item_reader& items, const items_settings& settings, const logger& log,
                                 std::string owner)
    : db_(database),
      ss_(shipstation),
      items_(items),
      settings_(settings),
      log_(log),
      owner_(std::move(owner)) {}

boost::asio::awaitable<align_report> product_aligner::align_once(std::size_t limit,
                                                                 std::function<bool()> stopping) {
    align_report report;
    auto claimed = co_await db_.run(
        [&](pqxx::work& w) { return jobs::claim(w, {align_product_kind}, owner_, settings_.lease, limit); });
    report.claimed = claimed.size();
    if (claimed.empty()) co_return report;
    std::vector<std::string> codes;
    for (const auto& job : claimed)
        codes.push_back(read_job<item_job>(job.payload).value_or(item_job{}).item_code);
    auto read = co_await items_.read(codes, true);
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        // A step boundary: the service is stopping, so what has not begun goes back to the queue now.
        if (stopping && stopping()) {
            co_await hand_back(db_, owner_, std::span(claimed).subspan(i), log_);
            break;
        }
        attempt a{claimed[i], codes[i]};
        if (a.item_code.empty()) {
            a.result = verdict::dead;
            a.error = "the job's payload names no item";
        } else if (!read) {
            a.error = "SAP Items: " + read.error().describe();
        } else if (auto it = read->find(a.item_code); it == read->end()) {
            a.result = verdict::dead;
            a.error = "item " + a.item_code + " is not in SAP any more";
        } else {
            co_await align_one(claimed[i], it->second, report);
            continue;
        }
        co_await settle(a, report);
    }
    log_.info("items.products_aligned", {{"claimed", report.claimed},
                                         {"updated", report.updated},
                                         {"unchanged", report.unchanged},
                                         {"waiting", report.waiting},
                                         {"failed", report.failed},
                                         {"dead", report.dead}});
    co_return report;
}

boost::asio::awaitable<void> product_aligner::align_one(const jobs::job& job, const item_details& item,
                                                        align_report& report) {
    attempt a{job, item.item.item_code, item.sku};
    auto link = co_await db_.run(
        [&](pqxx::work& w) { return db::item_links::find(w, settings_.company_db, a.item_code); });
    if (link) a.sku = link->sku;  // the SKU ShipStation knows the product by
    a.owned = owned_fields(item.source);
    auto products = co_await ss::list_products(ss_, a.sku, ss::priority::background);
    if (!products) {
        a.error = products.error().describe();
    } else if (products->empty()) {
        a.result = verdict::waiting;
        a.error =
            "ShipStation has no product with SKU '" + a.sku + "' yet (it makes one from the first order)";
    } else {
        const auto& product = chosen(*products, link ? link->product_id : std::nullopt);
        a.product_id = product.product_id;
        auto body = with_owned_fields(product.raw, a.owned);
        if (!body) {
            a.result = verdict::unchanged;
        } else {
            a.changed = changes(product.raw, *body, a.owned);
            auto put = co_await ss::update_product(ss_, *body, ss::priority::background);
            if (put)
                a.result = verdict::updated;
            else {
                a.result = put.error().kind == clients::error_kind::refused ? verdict::dead : verdict::failed;
                a.error = put.error().describe();
            }
        }
    }
    co_await settle(a, report);
}

boost::asio::awaitable<void> product_aligner::settle(const attempt& a, align_report& report) {
    const bool aligned = a.result == verdict::updated || a.result == verdict::unchanged;
    const auto delay = doubling_backoff(a.job.attempts, settings_.retry_delay, settings_.retry_max_delay);
    auto state = co_await db_.run([&](pqxx::work& w) -> std::optional<jobs::job_state> {
        auto row = item_row(a.item_code, audit::direction::outbound, "align_product", audit::outcome::ok)
                       .with_request(
                           boost::json::object{{"sku", a.sku},
                                               {"productId", a.product_id ? boost::json::value(*a.product_id)
                                                                          : boost::json::value(nullptr)},
                                               {"changed", a.changed}})
                       .with_error(a.error)
                       .correlated(a.job.correlation_id, a.job.id);
        if (aligned) {
            db::item_links::set_aligned(w, settings_.company_db, a.item_code, *a.product_id,
                                        db::sha256_hex(boost::json::serialize(a.owned)), a.owned);
            jobs::complete(w, a.job.id, owner_);
            if (a.result == verdict::updated) audit::append(w, row);
            return jobs::job_state::succeeded;
        }
        row.result = audit::outcome::failed;
        if (a.result == verdict::dead) {
            jobs::bury(w, a.job.id, owner_, *a.error);
            audit::append(w, row);
            return jobs::job_state::dead;
        }
        auto next = jobs::fail(w, a.job.id, owner_, *a.error, delay);
        // Waiting for ShipStation to make the product is normal: only its end is worth a row.
        if (a.result == verdict::failed || next == jobs::job_state::dead) audit::append(w, row);
        return next;
    });
    switch (a.result) {
        case verdict::updated:
            ++report.updated;
            break;
        case verdict::unchanged:
            ++report.unchanged;
            break;
        case verdict::waiting:
            ++report.waiting;
            break;
        case verdict::failed:
            ++report.failed;
            break;
        case verdict::dead:
            ++report.dead;
            break;
    }
    if (!aligned && a.result != verdict::waiting)
        log_.warn("items.align_failed", {{"item_code", a.item_code},
                                         {"error", a.error.value_or("")},
                                         {"dead", state == jobs::job_state::dead}});
}

}  // namespace mlc::flows::items
