// Integration tests of check_sap against the Service Layer simulator: the one-line OK and FAIL reports.
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
        cfg.url = simulator.service_root(sim::api_version::v2);
        cfg.company_db = "SBODEMOUS";
        cfg.username = "manager";
        cfg.password = secret("manager");
    }
    sap::check_report check() { return run_coro(sap::check_sap(cfg, {}, log)); }

    std::ostringstream sim_log, log_out;
    sim::simulator simulator;
    logger log{{log_level::debug, log_format::json}, log_out};
    sap_config cfg;
};

TEST_F(sap_check, reports_version_company_and_timeout_then_logs_out) {
    simulator.state().set_session_timeout(std::chrono::minutes(15));
    auto r = check();
    EXPECT_TRUE(r.ok) << r.line;
    EXPECT_EQ(r.line,
              "Service Layer 1000191 (API v2), company SBODEMOUS, session timeout 15 min, orders readable");
    auto counters = simulator.state().counters();
    EXPECT_EQ(counters.logins, 1u);
    EXPECT_EQ(counters.logouts, 1u);
}

TEST_F(sap_check, wrong_password_fails_naming_company_and_user_but_not_the_password) {
    cfg.password = secret("s3cret-pw");
    auto r = check();
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.line.starts_with("login_failed")) << r.line;
    EXPECT_NE(r.line.find("SBODEMOUS"), std::string::npos) << r.line;
    EXPECT_NE(r.line.find("manager"), std::string::npos) << r.line;
    EXPECT_EQ(r.line.find("s3cret-pw"), std::string::npos) << r.line;
    EXPECT_EQ(log_out.str().find("s3cret-pw"), std::string::npos);
}

TEST_F(sap_check, a_url_without_a_version_fails_clearly) {
    cfg.url = "http://127.0.0.1:" + std::to_string(simulator.port()) + "/b1s";
    auto r = check();
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.line.starts_with("bad MLC_SAP_URL")) << r.line;
}

TEST_F(sap_check, an_unreachable_server_fails) {
    simulator.stop();
    auto r = check();
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.line.starts_with("login_failed")) << r.line;
}

}  // namespace
}  // namespace mlc::test
