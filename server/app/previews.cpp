// The previews' JSON answers, from the flows' own previewers.
#include "server/app/previews.hpp"

#include "common/local_day.hpp"

#include <boost/json/array.hpp>

#include <chrono>
#include <exception>

namespace mlc::server::app {

namespace {

preview_answer failure(const std::string& what) {
    return preview_answer{false, true, boost::json::object{{"error", what}}};
}

}  // namespace

previews::previews(const app_config& cfg, db::database& database, clients::sap::client& sap)
    : orders_settings_(flows::orders::make_orders_settings(
          cfg, company_today(cfg.sap.time_zone, std::chrono::system_clock::now()))),
      items_settings_(flows::items::make_items_settings(cfg, orders_settings_.first_day)),
      items_(database, sap, items_settings_),
      orders_(database, sap, orders_settings_, items_),
      delivery_settings_(flows::shipments::make_delivery_settings(cfg)),
      deliveries_(database, sap, delivery_settings_) {}

boost::asio::awaitable<preview_answer> previews::order(int doc_num, std::optional<int> doc_entry) {
    std::optional<boost::system::result<std::vector<flows::orders::order_preview>, std::string>> got;
    try {
        auto previewed = co_await orders_.preview(doc_num, doc_entry);
        got.emplace(std::move(previewed));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        co_return failure(std::string("database: ") + e.what());
    }
    if (!*got) co_return failure(got->error());
    boost::json::array list;
    for (const auto& p : **got) list.push_back(flows::orders::to_json(p));
    preview_answer a;
    a.found = !list.empty();
    a.json = boost::json::object{{"doc_num", doc_num}, {"orders", std::move(list)}};
    if (doc_entry) a.json["doc_entry"] = *doc_entry;
    if ((*got)->size() > 1)
        a.json["note"] = std::to_string((*got)->size()) +
                         " orders share this DocNum (one per numbering series): each is previewed; pick one "
                         "by its DocEntry (--doc-entry N, or ?doc_entry=N)";
    co_return a;
}

boost::asio::awaitable<preview_answer> previews::delivery(std::int64_t shipment_id) {
    std::optional<flows::shipments::delivery_preview> got;
    try {
        auto previewed = co_await deliveries_.preview(shipment_id);
        got.emplace(std::move(previewed));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        co_return failure(std::string("database: ") + e.what());
    }
    co_return preview_answer{got->recorded, false, flows::shipments::to_json(*got)};
}

}  // namespace mlc::server::app
