// Integration test of the rate budget shared by order pushes and product alignment: under a full budget (a
// backlog of pushes), product alignment gets no request until the backlog is sent, then takes its turn.
#include "flows/items/item_status.hpp"
#include "tests/integration/items_flow_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class items_budget_test : public items_flow_fixture {};

TEST_F(items_budget_test, product_updates_never_delay_order_pushes_under_a_full_rate_budget) {
    // Every order in ShipStation, every product made, its item linked.
    poll();
    push_all();
    align_all();
    // Then every order changes (a backlog of 12 updates, one order per call) and every product is due.
    for (const auto& [entry, num] : sap_orders()) patch_sap_order(entry, {{"Comments", "changed"}});
    settings.batch_size = 1;
    ASSERT_EQ(poll().queued, static_cast<std::size_t>(seeded_orders));
    auto linked = run([](pqxx::work& w) {
        auto r = w.exec("SELECT item_code FROM item_links ORDER BY item_code");
        std::vector<std::string> out;
        for (const auto& row : r) out.push_back(row[0].as<std::string>());
        return out;
    });
    ASSERT_GE(linked.size(), 3u);
    run([&](pqxx::work& w) {
        for (const auto& code : linked) flows::items::queue_by_operator(w, "SBODEMOUS", code, true);
    });

    // One client for both, as in the service: 6 requests per 2 s window, half of it for background.
    clients::shipstation::client_options opts;
    opts.limiter.window = 2s;
    opts.limiter.safety = 0ms;
    opts.limiter.background_share = 0.5;
    auto budget_cfg = cfg.shipstation;
    budget_cfg.rate_limit = 6;
    clients::shipstation::client budget(budget_cfg, ioc.get_executor(), log_, nullptr, opts);
    flows::orders::order_pusher pusher(db(), budget, settings, log_, "budget-pusher");
    flows::items::product_aligner products(db(), budget, *reader, flow, log_, "budget-aligner");

    const auto product_calls = [&] {
        return shipstation_calls("GET /products") + shipstation_calls("PUT /products/{id}");
    };
    const auto products_before = product_calls();
    std::optional<std::uint64_t> products_when_pushed;
    std::size_t pushed = 0, aligned = 0;
    bool pushes_done = false, aligner_done = false;
    auto align = [&]() -> asio::awaitable<void> {
        for (;;) {
            auto r = co_await products.align_once(1);
            aligned += r.updated + r.unchanged;
            if (r.claimed == 0 && pushes_done) break;
            if (r.claimed == 0) {
                asio::steady_timer pause(ioc, 100ms);
                co_await pause.async_wait(asio::use_awaitable);
            }
        }
        aligner_done = true;
    };
    // Alignment starts once the backlog is being sent (the budget is full from then on); both run on one
    // io_context with one client, as in the service.
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            for (bool first = true;; first = false) {
                auto r = co_await pusher.push_once(false);
                if (first) asio::co_spawn(ioc, align, asio::detached);
                if (r.claimed == 0) break;
                pushed += r.sent + r.confirmed;
            }
            products_when_pushed = product_calls();
            pushes_done = true;
        },
        asio::detached);
    ioc.restart();
    while (!(pushes_done && aligner_done)) ioc.run_one_for(100ms);
    budget.shutdown();

    EXPECT_EQ(pushed, static_cast<std::size_t>(seeded_orders));
    ASSERT_TRUE(products_when_pushed);
    EXPECT_EQ(*products_when_pushed, products_before) << "a product request took a slot the backlog needed";
    EXPECT_EQ(aligned, linked.size()) << "alignment took its turn once the backlog was sent";
    EXPECT_GT(product_calls(), products_before);
}

}  // namespace
}  // namespace mlc::test
