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

struct sap_collection_test : ::testing::TestWithParam<sim_version> {};

TEST_P(sap_collection_test, follows_next_links_across_many_pages) {
    std::ostringstream sim_log, log_out;
    mlc::sim::sap::sim_config cfg;
    cfg.seed.orders = 50;
    mlc::sim::sap::simulator sim(cfg, sim_log);
    sim.start();
    boost::asio::io_context ioc;
    clients::http::client http(ioc.get_executor(), sim.service_root(GetParam()));
    logger log({log_level::debug, log_format::json}, log_out);
    sap_config sc;
    sc.company_db = "SBODEMOUS";
    sc.username = "manager";
    sc.password = secret("manager");
    sap::session s(http, sc, {}, log);

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

INSTANTIATE_TEST_SUITE_P(versions, sap_collection_test, ::testing::Values(sim_version::v1, sim_version::v2),
                         [](const auto& p) { return p.param == sim_version::v1 ? "v1" : "v2"; });

}  // namespace
}  // namespace mlc::test
