// ShipStation's customers: the customerId it gave each business partner (customerUsername = CardCode) is
// recorded beside it, from the customers changed since the last look (newest first, at the rate budget's
// lowest priority).
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "flows/items/items_settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace mlc::flows::items {

struct customers_report {
    std::size_t read = 0;      // customers ShipStation listed
    std::size_t recorded = 0;  // links new or changed
    std::optional<std::string> error;
};

class customer_recorder {
public:
    // References must outlive the recorder.
    customer_recorder(db::database& database, clients::shipstation::client& shipstation,
                      const items_settings& settings, const logger& log);

    // One look. Throws database errors, system_error(operation_aborted) after the client's shutdown,
    // std::bad_alloc; ShipStation's errors are reported.
    boost::asio::awaitable<customers_report> record_once();

    std::string watermark_name() const;

private:
    db::database& db_;
    clients::shipstation::client& ss_;
    const items_settings& settings_;
    const logger& log_;
};

}  // namespace mlc::flows::items
