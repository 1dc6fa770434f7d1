// The ShipStation side of the orders flow: claims queued pushes, resolves pushes whose outcome was in doubt,
// sends the rest 100 to a createorders call, and records each order's own answer.
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "flows/orders/orders_settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace mlc::flows::orders {

struct push_report {
    std::size_t claimed = 0;
    std::size_t sent = 0;       // accepted by ShipStation in this run
    std::size_t confirmed = 0;  // an in-doubt push found applied: not sent again
    std::size_t locked = 0;     // shipped or cancelled in ShipStation: skipped
    std::size_t dropped = 0;    // a cancel of an order ShipStation never had
    std::size_t failed = 0;     // will be retried
    std::size_t dead = 0;       // out of attempts: dead letters
    std::size_t calls = 0;      // ShipStation requests made
    // Set when the batch was not claimed because fewer than a batch were ready and the oldest had waited
    // less than batch_linger: how much longer it may wait.
    std::chrono::milliseconds linger{0};
};

class order_pusher {
public:
    // `owner` names this pusher in job leases (unique per process and pusher). References must outlive it.
    order_pusher(db::database& database, clients::shipstation::client& shipstation,
                 const orders_settings& settings, const logger& log, std::string owner);

    // One batch. With `wait_for_full_batch`, fewer ready jobs than a batch are left while the oldest has
    // waited less than batch_linger (report.linger says how long). Returns what happened; claimed == 0 and
    // linger == 0 means nothing is ready; ShipStation's errors are recorded on the pushes. Throws database
    // errors (the jobs stay leased and are reclaimed), clients::call_exception for an unreadable createorders
    // answer (likewise), system_error(operation_aborted) after the client's shutdown, std::bad_alloc.
    boost::asio::awaitable<push_report> push_once(bool wait_for_full_batch = true);

private:
    // One createorders call's pushes (up to MLC_ORDER_BATCH_SIZE orders) and what became of them.
    struct push_call;
    // How long to wait for a fuller call (zero: nothing is ready); nullopt: claim now.
    boost::asio::awaitable<std::optional<std::chrono::milliseconds>> linger_for_full_call();
    boost::asio::awaitable<void> claim_pushes(push_call& b);
    boost::asio::awaitable<void> look_up_and_send(push_call& b);
    boost::asio::awaitable<void> resolve_in_doubt(push_call& b);
    boost::asio::awaitable<void> send(push_call& b, std::vector<std::size_t> indexes, int depth);
    boost::asio::awaitable<void> recheck_refused_changes(push_call& b);
    boost::asio::awaitable<void> settle(push_call& b);

    db::database& db_;
    clients::shipstation::client& ss_;
    const orders_settings& settings_;
    const logger& log_;
    std::string owner_;
};

}  // namespace mlc::flows::orders
