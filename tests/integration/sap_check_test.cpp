// Integration tests of check_sap against the Service Layer simulator: the connection finding, OK and FAIL.
#include "clients/sap/check.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/run_coro.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace mlc::test {
namespace {

namespace sap = clients::sap;
namespace sim = mlc::sim::sap;

struct sap_check : ::testing::Test {
    sap_check() : simulator(sim::sim_config{}, sim_log) {
        simulator.start();
        cfg.sap.url = simulator.service_root(sim::api_version::v2);
        cfg.sap.company_db = "SBODEMOUS";
        cfg.sap.username = "manager";
        cfg.sap.password = secret("manager");
    }
    // The connection finding: the first; the others follow only when it is OK.
    check_finding check() {
        auto findings = run_coro(sap::check_sap(cfg, {}, log));
        EXPECT_FALSE(findings.empty());
        EXPECT_EQ(findings.front().name, "sap");
        return findings.front();
    }

    std::ostringstream sim_log, log_out;
    sim::simulator simulator;
    logger log{{log_level::debug, log_format::json}, log_out};
    app_config cfg;
};

TEST_F(sap_check, reports_version_company_and_timeout_then_logs_out) {
    simulator.state().set_session_timeout(std::chrono::minutes(15));
    auto r = check();
    EXPECT_EQ(r.state, check_state::ok) << r.detail;
    EXPECT_EQ(r.detail,
              "Service Layer 1000191 (API v2), company SBODEMOUS, session timeout 15 min, orders readable");
    auto counters = simulator.state().counters();
    EXPECT_EQ(counters.logins, 1u);
    EXPECT_EQ(counters.logouts, 1u);
}

TEST_F(sap_check, wrong_password_fails_naming_company_and_user_but_not_the_password) {
    cfg.sap.password = secret("s3cret-pw");
    auto r = check();
    EXPECT_EQ(r.state, check_state::fail);
    EXPECT_FALSE(r.action.empty());
    EXPECT_TRUE(r.detail.starts_with("login_failed")) << r.detail;
    EXPECT_NE(r.detail.find("SBODEMOUS"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("manager"), std::string::npos) << r.detail;
    EXPECT_EQ(r.detail.find("s3cret-pw"), std::string::npos) << r.detail;
    EXPECT_EQ(log_out.str().find("s3cret-pw"), std::string::npos);
}

TEST_F(sap_check, a_url_without_a_version_fails_clearly) {
    cfg.sap.url = "http://127.0.0.1:" + std::to_string(simulator.port()) + "/b1s";
    auto r = check();
    EXPECT_EQ(r.state, check_state::fail);
    EXPECT_FALSE(r.action.empty());
    EXPECT_TRUE(r.detail.starts_with("bad MLC_SAP_URL")) << r.detail;
}

TEST_F(sap_check, an_unreachable_server_fails) {
    simulator.stop();
    auto r = check();
    EXPECT_EQ(r.state, check_state::fail);
    EXPECT_FALSE(r.action.empty());
    EXPECT_TRUE(r.detail.starts_with("login_failed")) << r.detail;
}

}  // namespace
}  // namespace mlc::test
