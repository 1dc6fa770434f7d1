// Unit tests for the orderKey built from CompanyDB, DocNum and DocEntry, and read back in both its forms.
#include "clients/shipstation/order_key.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::clients::shipstation {
namespace {

TEST(shipstation_order_key, names_the_document_and_is_case_insensitive_in_the_company) {
    EXPECT_EQ(make_order_key("SBODEMOUS", 1001, 412), "mlc-SBODEMOUS-1001-e412");
    EXPECT_EQ(make_order_key("sbodemous", 1001, 412), make_order_key("SBODemoUS", 1001, 412));
    EXPECT_NE(make_order_key("SBODEMOUS", 1001, 412), make_order_key("SBODEMOUS", 10011, 412));
    EXPECT_NE(make_order_key("A-1", 2, 3), make_order_key("A", 12, 3));
}

TEST(shipstation_order_key, two_documents_sharing_a_docnum_get_two_keys) {
    EXPECT_NE(make_order_key("SBODEMOUS", 70001, 412), make_order_key("SBODEMOUS", 70001, 9950));
}

TEST(shipstation_order_key, parses_back) {
    auto parts = parse_order_key(make_order_key("Prod-DB_2", 42, 7));
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->company_db, "PROD-DB_2");
    EXPECT_EQ(parts->doc_num, 42);
    EXPECT_EQ(parts->doc_entry, 7);
}

TEST(shipstation_order_key, the_older_form_without_docentry_still_parses) {
    auto parts = parse_order_key("mlc-SBODEMOUS-1001");
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->company_db, "SBODEMOUS");
    EXPECT_EQ(parts->doc_num, 1001);
    EXPECT_FALSE(parts->doc_entry.has_value());
    // A CompanyDB with '-' and digits reads the same in both forms.
    auto older = parse_order_key("mlc-A-1-2");
    ASSERT_TRUE(older.has_value());
    EXPECT_EQ(older->company_db, "A-1");
    EXPECT_EQ(older->doc_num, 2);
    EXPECT_FALSE(older->doc_entry.has_value());
    auto newer = parse_order_key("mlc-A-1-2-e3");
    ASSERT_TRUE(newer.has_value());
    EXPECT_EQ(newer->company_db, "A-1");
    EXPECT_EQ(newer->doc_num, 2);
    EXPECT_EQ(newer->doc_entry, 3);
}

TEST(shipstation_order_key, other_text_is_not_ours) {
    for (auto other : {"",
                       "mlc-",
                       "mlc-DB",
                       "mlc--1",
                       "mlc-DB-",
                       "mlc-DB-0",
                       "mlc-DB-01",
                       "mlc-db-1",
                       "mlc-DB-1x",
                       "0f6bec18-3e89-4881-83aa-f392d84f4c74",
                       "MLC-DB-1",
                       "mlc-DB-1-e",
                       "mlc-DB-1-e0",
                       "mlc-DB-1-e07",
                       "mlc-DB-1-E7",
                       "mlc-DB-1-e7x",
                       "mlc-e7",
                       "mlc-DB-e7",
                       "mlc-DB-x-e7",
                       "mlc-db-1-e7"}) {
        EXPECT_FALSE(parse_order_key(other).has_value()) << other;
    }
}

TEST(shipstation_order_key, rejects_bad_input) {
    EXPECT_THROW(make_order_key("", 1, 1), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB;DROP", 1, 1), std::invalid_argument);
    EXPECT_THROW(make_order_key(std::string(101, 'A'), 1, 1), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB", 0, 1), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB", -5, 1), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB", 1, 0), std::invalid_argument);
    EXPECT_THROW(make_order_key("DB", 1, -1), std::invalid_argument);
}

}  // namespace
}  // namespace mlc::clients::shipstation
