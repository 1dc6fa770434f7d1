// Integration tests of the check's "sap fields", "sap date filter" and "sap batch property" findings, and of
// what the client learns from the live Service Layer, against the simulator set up to pass or fail each.
#include "clients/sap/check.hpp"
#include "clients/sap/client.hpp"
#include "clients/sap/deliveries.hpp"
#include "clients/sap/discovery.hpp"
#include "clients/sap/orders.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/simulators/sap_b1/user_fields.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <tuple>

namespace mlc::test {
namespace {

namespace sap = clients::sap;
namespace sim = mlc::sim::sap;

struct sap_check_fields : ::testing::Test {
    // A simulator with `setup` applied to its configuration, and the check's settings pointing at its v2.
    void start(void (*setup)(sim::sim_config&) = nullptr) {
        sim::sim_config sim_cfg;
        if (setup) setup(sim_cfg);
        simulator = std::make_unique<sim::simulator>(sim_cfg, sim_log);
        simulator->start();
        cfg.sap.url = simulator->service_root(sim::api_version::v2);
        cfg.sap.company_db = "SBODEMOUS";
        cfg.sap.username = "manager";
        cfg.sap.password = secret("manager");
    }

    // The finding named `name` of a full check (one that must have run).
    check_finding finding(std::string_view name) {
        auto findings = run_coro(sap::check_sap(cfg, {}, log));
        for (const auto& f : findings)
            if (f.name == name) return f;
        ADD_FAILURE() << "no finding " << name << "; the first: " << findings.front().detail;
        return {};
    }

    std::unique_ptr<sap::client> client() {
        return std::make_unique<sap::client>(cfg.sap, sap::options_for(cfg.sap), log, ioc.get_executor());
    }

    std::ostringstream sim_log, log_out;
    std::unique_ptr<sim::simulator> simulator;
    logger log{{log_level::debug, log_format::json}, log_out};
    app_config cfg;
    boost::asio::io_context ioc;
};

TEST_F(sap_check_fields, configured_user_fields_on_their_tables_pass_and_the_choices_are_reported) {
    start();
    cfg.shipments.stamp_field = "U_ShipmentId";
    cfg.shipments.order_status_field = "U_ShipStatus";
    cfg.orders.flag_field = "U_SendToShipStation";
    cfg.orders.custom_fields = {"NumAtCard", "U_WEBORDID", ""};  // NumAtCard: standard, not in UserFieldsMD
    cfg.items.sku_field = "U_SKU";
    auto fields = finding("sap fields");
    EXPECT_EQ(fields.state, check_state::ok) << fields.detail;
    EXPECT_EQ(
        fields.detail,
        "U_ShipmentId (MLC_DELIVERY_STAMP_FIELD) on ODLN, U_ShipStatus (MLC_ORDER_STATUS_FIELD) on ORDR, "
        "U_SendToShipStation (MLC_ORDER_FLAG) on ORDR, U_SKU (MLC_SKU_FIELD) on OITM, "
        "U_WEBORDID (MLC_CUSTOM_FIELD_2) on ORDR");
    auto date = finding("sap date filter");
    EXPECT_EQ(date.state, check_state::ok);
    EXPECT_NE(date.detail.find("'2025-08-20' (quoted)"), std::string::npos) << date.detail;
    auto batches = finding("sap batch property");
    EXPECT_EQ(batches.state, check_state::ok);
    EXPECT_EQ(batches.detail, "document lines carry batches as BatchNumbers ($metadata)");
}

TEST_F(sap_check_fields, a_missing_user_field_fails_naming_it_its_setting_and_its_object) {
    start();
    simulator->state().with_store(
        [](sim::store& s, const sim::sim_time&) { return sim::remove_user_field(s, "ODLN", "ShipmentId"); });
    cfg.shipments.stamp_field = "U_ShipmentId";
    cfg.shipments.order_carrier_field = "U_Carrier";  // there
    cfg.items.tariff_field = "U_ShipStatus";          // on ORDR, not on OITM
    auto f = finding("sap fields");
    EXPECT_EQ(f.state, check_state::fail);
    EXPECT_EQ(f.detail,
              "U_ShipmentId (MLC_DELIVERY_STAMP_FIELD) on ODLN is missing; "
              "U_ShipStatus (MLC_TARIFF_FIELD) on OITM is missing");
    EXPECT_NE(f.action.find("create ShipmentId on Marketing Documents (Deliveries, ODLN) or change "
                            "MLC_DELIVERY_STAMP_FIELD"),
              std::string::npos)
        << f.action;
    EXPECT_NE(f.action.find("Master Data > Items (OITM)"), std::string::npos) << f.action;
    EXPECT_NE(f.action.find("User-Defined Fields - Management"), std::string::npos);
    EXPECT_NE(f.action.find("restart Service Layer"), std::string::npos);

    // Created in SAP (and Service Layer restarted): the stamp passes.
    simulator->state().with_store([](sim::store& s, const sim::sim_time&) {
        return sim::add_user_field(s, "ODLN", "ShipmentId", "db_Alpha").has_value();
    });
    cfg.items.tariff_field.clear();
    EXPECT_EQ(finding("sap fields").state, check_state::ok);
}

TEST_F(sap_check_fields, no_user_field_configured_is_a_skip) {
    start();
    cfg.orders.custom_fields = {"NumAtCard", "", ""};
    auto f = finding("sap fields");
    EXPECT_EQ(f.state, check_state::skip);
    EXPECT_EQ(f.detail, "no U_ field is configured");
}

TEST_F(sap_check_fields,
       a_v2_taking_only_unquoted_iso_dates_is_found_by_the_probe_and_orders_are_read_with_it) {
    start([](sim::sim_config& c) { c.v2_iso_date_literal = true; });
    auto date = finding("sap date filter");
    EXPECT_EQ(date.state, check_state::ok);
    EXPECT_NE(date.detail.find("2025-08-20T00:00:00Z (unquoted ISO)"), std::string::npos) << date.detail;

    auto c = client();
    auto orders = run_coro(
        ioc, sap::orders_changed_since(
                 *c, {std::chrono::sys_days(std::chrono::year(2000) / 1 / 1), std::chrono::seconds(0)},
                 std::chrono::minutes(10)));
    ASSERT_TRUE(orders) << orders.error().describe();
    EXPECT_EQ(orders->size(), 50u);  // every seeded order
    EXPECT_EQ(c->learned_date_form(), sap::date_form::iso);
    EXPECT_NE(log_out.str().find("sap.date_form_chosen"), std::string::npos);
}

TEST_F(sap_check_fields, wcf_compatible_mode_is_read_from_metadata_and_deliveries_with_batches_use_it) {
    start([](sim::sim_config& c) { c.batch_number_property = true; });
    auto f = finding("sap batch property");
    EXPECT_EQ(f.state, check_state::ok);
    EXPECT_EQ(f.detail, "document lines carry batches as BatchNumberProperty ($metadata)");

    // An order of two of the batch-managed A00004, delivered from the first batch with stock in 01.
    std::string batch;
    int entry = simulator->state().with_store([&](sim::store& s, const sim::sim_time& now) {
        for (const auto& [key, quantity] : s.batch_stock)
            if (std::get<0>(key) == "A00004" && std::get<2>(key) == "01" && quantity >= 2 && batch.empty())
                batch = std::get<1>(key);
        boost::json::object body{
            {"CardCode", "C40000"},
            {"DocDueDate", now.date},
            {"DocumentLines",
             boost::json::array{{{"ItemCode", "A00004"}, {"Quantity", 2}, {"WarehouseCode", "01"}}}}};
        return sim::create_order(s, body, now).value();
    });
    ASSERT_FALSE(batch.empty());
    simulator->state().reset_counters();
    auto c = client();
    sap::delivery_request r;
    r.card_code = "C40000";
    r.lines.push_back({entry, 0, 2, std::nullopt, {{batch, 2}}, {}});
    auto created = run_coro(ioc, sap::create_delivery(*c, r));
    ASSERT_TRUE(created) << created.error().describe();
    ASSERT_EQ(created->delivery.lines.at(0).batch_numbers.size(), 1u);  // read back under BatchNumberProperty
    EXPECT_EQ(created->delivery.lines[0].batch_numbers[0].batch_number, batch);
    EXPECT_EQ(c->learned_batch_property()->property, "BatchNumberProperty");
    EXPECT_EQ(simulator->state().counters().requests["GET /b1s/v2/$metadata"], 1u);
}

TEST_F(sap_check_fields, unreadable_metadata_warns_and_falls_back_to_batch_numbers) {
    start();
    sim::fault_plan plan;
    plan.fail_count = 5;
    plan.fail_status = 500;
    plan.fail_path = "$metadata";
    simulator->state().set_faults(plan);
    auto f = finding("sap batch property");
    EXPECT_EQ(f.state, check_state::warn);
    EXPECT_TRUE(f.detail.starts_with("$metadata could not be read")) << f.detail;
    EXPECT_NE(f.detail.find("deliveries with batches will send BatchNumbers"), std::string::npos) << f.detail;
    EXPECT_FALSE(f.action.empty());
    EXPECT_NE(log_out.str().find("sap.batch_property_fallback"), std::string::npos);
}

}  // namespace
}  // namespace mlc::test
