// Integration tests of collection paging against the Service Layer simulator, in v1 and v2.
#include "clients/http/client.hpp"
#include "clients/sap/collection.hpp"
#include "clients/sap/odata_query.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace mlc::test {
namespace {

namespace sap = clients::sap;
using sim_version = mlc::sim::sap::api_version;

// A simulator seeded with `orders` orders and a logged-in-on-demand session to it, in the test's version.
struct paged_sim {
    explicit paged_sim(std::size_t orders, sim_version version)
        : sim(config(orders), sim_log),
          http(ioc.get_executor(), (sim.start(), sim.service_root(version))),
          s(http, credentials(), {}, log) {}
    static mlc::sim::sap::sim_config config(std::size_t orders) {
        mlc::sim::sap::sim_config cfg;
        cfg.seed.orders = static_cast<int>(orders);
        return cfg;
    }
    static sap_config credentials() {
        sap_config sc;
        sc.company_db = "SBODEMOUS";
        sc.username = "manager";
        sc.password = secret("manager");
        return sc;
    }
    std::ostringstream sim_log, log_out;
    mlc::sim::sap::simulator sim;
    boost::asio::io_context ioc;
    clients::http::client http;
    logger log{{log_level::debug, log_format::json}, log_out};
    sap::session s;
};

struct sap_collection_test : ::testing::TestWithParam<sim_version> {};

TEST_P(sap_collection_test, follows_next_links_across_many_pages) {
    paged_sim p(50, GetParam());
    auto& [sim_log, log_out, sim, ioc, http, log, s] = p;

    sap::odata_query q;
    q.select({"DocEntry", "CardCode"}).orderby("DocEntry asc");
    auto rows = run_coro(ioc, sap::read_collection(s, http.base_path(), "/Orders" + q.to_string(), 7));
    ASSERT_TRUE(rows) << rows.error().describe();
    EXPECT_EQ(rows->size(), 50u);
    std::set<std::int64_t> entries;
    for (const auto& r : *rows) entries.insert(r.at("DocEntry").to_number<std::int64_t>());
    EXPECT_EQ(entries.size(), 50u);
    EXPECT_EQ(rows->at(0).as_object().size(), 2u);  // $select survived the next links
    EXPECT_EQ(sim.state().counters().requests["GET " + http.base_path() + "/Orders"], 8u);

    auto first = run_coro(ioc, sap::read_collection(s, http.base_path(), "/Orders" + q.to_string(), 7, 10));
    ASSERT_TRUE(first);
    EXPECT_EQ(first->size(), 10u);
}

// Issue 15: a Service Layer whose next link names the page just read is not followed round for ever.
TEST_P(sap_collection_test, a_next_link_naming_a_page_already_read_stops_with_bad_response) {
    paged_sim p(30, GetParam());
    auto& [sim_log, log_out, sim, ioc, http, log, s] = p;
    sap::odata_query q;
    q.select({"DocEntry"}).orderby("DocEntry asc");
    const std::string target = "/Orders" + q.to_string();

    mlc::sim::sap::fault_plan plan;
    plan.repeat_link_count = 2;
    plan.repeat_link_path = "/Orders";
    sim.state().set_faults(plan);
    auto rows = run_coro(ioc, sap::read_collection(s, http.base_path(), target, 7));
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().kind, clients::error_kind::bad_response);
    EXPECT_NE(rows.error().describe().find("already read"), std::string::npos) << rows.error().describe();
    EXPECT_EQ(sim.state().counters().requests["GET " + http.base_path() + "/Orders"], 1u);

    // One page at a time, as the pollers read: the page itself says its next link is its own target.
    auto page = run_coro(ioc, sap::read_collection_page(s, http.base_path(), target, 7));
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().kind, clients::error_kind::bad_response);

    sim.state().set_faults({});
    auto whole = run_coro(ioc, sap::read_collection(s, http.base_path(), target, 7));
    ASSERT_TRUE(whole) << whole.error().describe();
    EXPECT_EQ(whole->size(), 30u);
}

INSTANTIATE_TEST_SUITE_P(versions, sap_collection_test, ::testing::Values(sim_version::v1, sim_version::v2),
                         [](const auto& p) { return p.param == sim_version::v1 ? "v1" : "v2"; });

}  // namespace
}  // namespace mlc::test
