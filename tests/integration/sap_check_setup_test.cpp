// Integration tests of check_sap's set-up findings (carriers, warehouses, stored queries, approvals, session)
// against the Service Layer simulator, each configured to pass and to fail.
#include "clients/sap/check.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace mlc::test {
namespace {

namespace sap = clients::sap;
namespace sim = mlc::sim::sap;

struct sap_check_setup : ::testing::Test {
    sap_check_setup() : simulator(sim::sim_config{}, sim_log) {
        simulator.start();
        cfg.sap.url = simulator.service_root(sim::api_version::v2);
        cfg.sap.company_db = "SBODEMOUS";
        cfg.sap.username = "manager";
        cfg.sap.password = secret("manager");
    }

    void company(const std::function<void(sim::store&)>& change) {
        simulator.state().with_store([&](sim::store& s, const sim::sim_time&) {
            change(s);
            return 0;
        });
    }

    // The finding called `name` of one check run.
    check_finding finding(std::string_view name) {
        auto findings = run_coro(sap::check_sap(cfg, {}, log));
        auto it = std::ranges::find(findings, name, &check_finding::name);
        if (it == findings.end()) {
            ADD_FAILURE() << "no finding " << name;
            return {};
        }
        if (it->state == check_state::warn || it->state == check_state::fail) {
            EXPECT_FALSE(it->action.empty()) << name;
        }
        return *it;
    }

    std::ostringstream sim_log, log_out;
    sim::simulator simulator;
    logger log{{log_level::debug, log_format::json}, log_out};
    app_config cfg;
};

bool has(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

TEST_F(sap_check_setup, a_configuration_that_fits_the_company_is_ok_in_every_finding_in_order) {
    cfg.shipments.carrier_map = {{"ups/ups_ground", 1}, {"fedex", 2}};
    cfg.orders.warehouses = {"01"};
    cfg.orders.warehouse_map = {{"02", 77}};
    cfg.inventory.v2_api_key = secret("v2-key");
    cfg.inventory.location_map = {{"01", "se-1"}};
    cfg.shipments.stamp_field = "U_ShipmentId";
    company([](sim::store& s) { s.rules.journal_accessible = true; });
    auto findings = run_coro(sap::check_sap(cfg, {}, log));
    std::vector<std::string> names;
    for (const auto& f : findings) {
        names.push_back(f.name);
        EXPECT_EQ(f.state, check_state::ok) << f.name << ": " << f.detail;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"sap", "sap fields", "sap date filter", "sap batch property",
                                               "sap carriers", "sap warehouses", "sap queries",
                                               "sap approvals", "sap session"}));
    ASSERT_EQ(findings.size(), 9u);
    EXPECT_TRUE(has(findings[4].detail, "ups/ups_ground -> 1 UPS Ground")) << findings[4].detail;
    EXPECT_TRUE(has(findings[6].detail, "MLC_BATCH_STOCK runs")) << findings[6].detail;
    EXPECT_TRUE(has(findings[6].detail, "warehouse journal (OINM) readable")) << findings[6].detail;
}

TEST_F(sap_check_setup, a_carrier_code_sap_does_not_have_fails_naming_it_and_the_codes_that_exist) {
    EXPECT_EQ(finding("sap carriers").state, check_state::skip);
    cfg.shipments.carrier_map = {{"ups/ups_ground", 1}, {"fedex", 9}};
    auto r = finding("sap carriers");
    EXPECT_EQ(r.state, check_state::fail);
    EXPECT_TRUE(has(r.detail, "code 9 (ShipStation fedex)")) << r.detail;
    EXPECT_FALSE(has(r.detail, "code 1 (")) << r.detail;
    EXPECT_TRUE(has(r.detail, "ShippingTypes has 1 UPS Ground, 2 FedEx Express")) << r.detail;
    EXPECT_TRUE(has(r.action, "MLC_CARRIER_MAP")) << r.action;
}

TEST_F(sap_check_setup, a_missing_or_inactive_warehouse_fails_naming_it_and_its_setting) {
    EXPECT_EQ(finding("sap warehouses").state, check_state::skip);
    cfg.orders.warehouses = {"01", "07"};
    cfg.inventory.location_map = {{"04", "se-4"}};
    auto r = finding("sap warehouses");
    EXPECT_EQ(r.state, check_state::fail);
    EXPECT_TRUE(has(r.detail, "07 (MLC_ORDER_WAREHOUSES) does not exist")) << r.detail;
    EXPECT_TRUE(has(r.detail, "04 (MLC_INVENTORY_LOCATION_MAP) is inactive")) << r.detail;
    EXPECT_FALSE(has(r.detail, "01 (")) << r.detail;
    EXPECT_TRUE(has(r.detail, "active warehouses: 01 General Warehouse, 02 West Coast Warehouse, 03 East "))
        << r.detail;
}

TEST_F(sap_check_setup, refused_sql_queries_warn_with_what_the_sap_administrator_must_do) {
    company([](sim::store& s) { s.rules.sql_queries_authorized = false; });
    auto r = finding("sap queries");
    EXPECT_EQ(r.state, check_state::warn) << r.detail;
    EXPECT_TRUE(has(r.detail, "-6006")) << r.detail;
    EXPECT_TRUE(has(r.detail, "deliveries of batch-managed items fail")) << r.detail;
    EXPECT_TRUE(has(r.action, "\"Service Layer SQL Query\" authorisation")) << r.action;
    EXPECT_TRUE(has(r.action, "b1s_sqltable.conf")) << r.action;
    EXPECT_TRUE(has(r.action, "superuser")) << r.action;

    // Authorised, but OINM is outside the allowlist: the journal is refused, the batch query runs.
    company([](sim::store& s) { s.rules.sql_queries_authorized = true; });
    cfg.inventory.v2_api_key = secret("v2-key");
    r = finding("sap queries");
    EXPECT_EQ(r.state, check_state::warn) << r.detail;
    EXPECT_TRUE(has(r.detail, "Table 'OINM' not accessible")) << r.detail;
    EXPECT_TRUE(has(r.detail, "full scan every MLC_INVENTORY_INTERVAL")) << r.detail;
    EXPECT_TRUE(has(r.detail, "MLC_BATCH_STOCK runs")) << r.detail;

    cfg.inventory.v2_api_key = secret("");
    cfg.shipments.batches = batch_rule::fail;
    EXPECT_EQ(finding("sap queries").state, check_state::skip);
}

TEST_F(sap_check_setup, an_approval_procedure_on_deliveries_warns_that_they_wait_for_approval) {
    EXPECT_EQ(finding("sap approvals").state, check_state::ok);  // the template exists but is inactive
    company([](sim::store& s) { s.rules.deliveries_need_approval = true; });
    auto r = finding("sap approvals");
    EXPECT_EQ(r.state, check_state::warn);
    EXPECT_TRUE(r.detail.starts_with("deliveries will wait for approval")) << r.detail;
    EXPECT_TRUE(has(r.detail, "1 \"Deliveries\"")) << r.detail;
    EXPECT_TRUE(has(r.action, "MLC_SAP_USERNAME")) << r.action;
    EXPECT_TRUE(has(r.action, "approve the drafts")) << r.action;
}

TEST_F(sap_check_setup, a_short_session_timeout_warns_that_the_keep_alive_runs_too_close_to_it) {
    simulator.state().set_session_timeout(std::chrono::minutes(30));
    auto ok = finding("sap session");
    EXPECT_EQ(ok.state, check_state::ok) << ok.detail;
    EXPECT_EQ(ok.detail,
              "SessionTimeout 30 min: an idle session is kept alive after 25 min, 5 min before it "
              "would expire");
    simulator.state().set_session_timeout(std::chrono::minutes(2));
    auto r = finding("sap session");
    EXPECT_EQ(r.state, check_state::warn) << r.detail;
    EXPECT_TRUE(has(r.detail, "kept alive after 1 min 36 s, 24 s before it would expire")) << r.detail;
    EXPECT_TRUE(has(r.action, "SessionTimeout")) << r.action;
}

}  // namespace
}  // namespace mlc::test
