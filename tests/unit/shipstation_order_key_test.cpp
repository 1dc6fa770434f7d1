// Unit tests for the orderKey built from CompanyDB and DocNum.
#include "clients/shipstation/order_key.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::clients::shipstation {
namespace {

TEST(shipstation_order_key, is_stable_and_case_insensitive_in_the_company) {
    EXPECT_EQ(make_order_key("SBODEMOUS", 1001), "mlc-SBODEMOUS-1001");
    EXPECT_EQ(make_order_key("sbodemous", 1001), make_order_key("SBODemoUS", 1001));
    EXPECT_NE(make_order_key("SBODEMOUS", 1001), make_order_key("SBODEMOUS", 10011));
    EXPECT_NE(make_order_key("A-1", 2), make_order_key("A", 12));
}

TEST(shipstation_order_key, parses_back) {
    auto parts = parse_order_key(make_order_key("Prod-DB_2", 42));
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->company_db, "PROD-DB_2");
    EXPECT_EQ(parts->doc_num, 42);
    for (auto other : {"", "mlc-", "mlc-DB", "mlc--1", "mlc-DB-", "mlc-DB-0", "mlc-DB-01", "mlc-db-1",
                       "mlc-DB-1x", "0f6bec18-3e89-4881-83aa-f392d84f4c74", "MLC-DB-1"}) {
        EXPECT_FALSE(parse_order_key(other).has_value()) << other;
    }
}

TEST(shipstation_order_key, rejects_bad_input) {
    EXPECT_THROW(make_order_key("", 1), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB;DROP", 1), std::invalid_argument);
    EXPECT_THROW(make_order_key(std::string(101, 'A'), 1), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB", 0), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB", -5), std::invalid_argument);
}

}  // namespace
}  // namespace mlc::clients::shipstation
